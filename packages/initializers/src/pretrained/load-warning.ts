import type { LoadReport } from "../weight-initializer";

/** torch's repr of a shape: `torch.Size([4, 3])`, `torch.Size([])`. */
export function torchSize(shape: readonly number[]): string {
  return `torch.Size([${shape.join(", ")}])`;
}

/**
 * MMEngine's non-strict `load_state_dict` WARNING for a report, or undefined when everything
 * matched: `The model and loaded state dict do not match exactly\n` followed by torch's size
 * mismatch lines, the unexpected keys and the missing keys, joined by `\n`.
 * @example
 * mismatchWarning(report); // "The model and loaded state dict do not match exactly\n\nmissing keys in source state_dict: fc.bias\n"
 */
export function mismatchWarning(report: Pick<LoadReport, "missing" | "unexpected" | "shapeMismatched">): string | undefined {
  const parts = report.shapeMismatched.map(
    ({ key, checkpointShape, modelShape }) =>
      `size mismatch for ${key}: copying a param with shape ${torchSize(checkpointShape)} from checkpoint, the shape in current model is ${torchSize(modelShape)}.`,
  );
  if (report.unexpected.length > 0) parts.push(`unexpected key in source state_dict: ${report.unexpected.join(", ")}\n`);
  if (report.missing.length > 0) parts.push(`missing keys in source state_dict: ${report.missing.join(", ")}\n`);
  if (parts.length === 0) return undefined;
  return ["The model and loaded state dict do not match exactly\n", ...parts].join("\n");
}
