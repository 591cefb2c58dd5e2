import { type FillRule, generateRuleValues } from "@initlib/initializers";
import { InitlibError } from "@initlib/registry";
import { generateParameterSlice, type ParameterSlice, sliceRuns } from "./parameter-slice";
import type { PlannedStateTensor } from "./plan-state-tensors";

/** Where a tensor's values go, chunk after chunk, in order; the chunk is reused once the promise settles. */
export type ChunkSink = (chunk: Float32Array) => Promise<void>;

/**
 * Generates one planned tensor (or its slice) chunk by chunk into `sink`. Random and constant
 * rules never hold more than the two `buffers`: one is filled while the other is being written.
 * A `values` rule with a ranged load (a Pretrained tensor, transposed into the parameter's layout
 * or not, from any checkpoint format) is read from its checkpoint the same way, chunk by chunk;
 * other `values` rules (Orthogonal, Dirac, Sparse) are computed whole, once, and written.
 * @example
 * await streamTensor(tensor, undefined, [new Float32Array(65536), new Float32Array(65536)], (chunk) => writer.write(chunk));
 */
export async function streamTensor(tensor: PlannedStateTensor, slice: ParameterSlice | undefined, buffers: readonly [Float32Array, Float32Array], sink: ChunkSink): Promise<void> {
  const { rule, key, shape } = tensor;
  if (rule.kind === "values" && rule.loadRange === undefined) {
    const values = slice ? await generateParameterSlice(rule, key, shape, slice) : await rule.load(key);
    if (!slice && (!(values instanceof Float32Array) || values.length !== tensor.elementCount)) {
      throw new InitlibError("INITLIB_BAD_SHAPE", `values from ${rule.source} do not match ${tensor.name}`, {
        path: tensor.name,
        received: values instanceof Float32Array ? `Float32Array(${values.length})` : values,
        expected: `${tensor.elementCount} float32 values (shape [${shape.join(", ")}])`,
      });
    }
    if (values.length > 0) await sink(values);
    return;
  }
  const fill: (position: number, target: Float32Array) => Promise<void> | void =
    rule.kind === "values" ? rule.loadRange! : (position, target) => generateRuleValues(rule as Exclude<FillRule, { kind: "values" }>, key, position, target);
  let pending: Promise<void> | undefined;
  let current = 0;
  let filled = 0;
  const flush = async () => {
    const chunk = buffers[current]!.subarray(0, filled);
    if (pending) await pending;
    pending = sink(chunk);
    // A failure surfaces at the next await of `pending`; never as an unhandled rejection meanwhile.
    pending.catch(() => undefined);
    current = 1 - current;
    filled = 0;
  };
  for (const run of sliceRuns(shape, slice)) {
    let position = run.start;
    let remaining = run.length;
    while (remaining > 0) {
      const buffer = buffers[current]!;
      const take = Math.min(remaining, buffer.length - filled);
      await fill(position, buffer.subarray(filled, filled + take));
      filled += take;
      position += take;
      remaining -= take;
      if (filled === buffer.length) await flush();
    }
  }
  if (filled > 0) await flush();
  if (pending) await pending;
}
