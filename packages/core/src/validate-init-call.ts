import { InitlibError } from "@initlib/registry";
import { isBaseModule, type SessionBaseModule } from "./init-participants";
import type { Module } from "./module";
import { MAX_TENSOR_ELEMENTS, type StateTensor } from "./state-tensor";

// The validate stage of an initWeights() call: everything a user can get wrong is looked for before
// anything is allocated or written, and every problem found is reported at once, in one error that
// lists each with its path.

/** What {@link validateInitCall} checks. */
export interface ValidateInitCallOptions {
  /**
   * Resolves the init_cfg of one BaseModule that will run (the resolve stage), adding what it
   * finds wrong to `problems`. Left out by `initialize()` and `materialize()`, which resolve no tree.
   */
  readonly resolveModule?: (module: SessionBaseModule, problems: InitlibError[]) => void;
  /** Every parameter and buffer of the tree with its dotted path. */
  readonly tensors: Iterable<readonly [StateTensor, string]>;
  /** Most elements one tensor may have (see `InitWeightsOptions.maxTensorElements`). */
  readonly maxTensorElements: number;
}

/**
 * Checks one `initWeights()` call before it starts: the init_cfg of every BaseModule that will run
 * (an `isInit` one and its subtree are skipped, as MMEngine skips them) and the size of every
 * tensor against `maxTensorElements`. One problem is thrown as it is; several as one
 * `INITLIB_INVALID_CONFIG` error whose `issues` list each with its code and path.
 * @example
 * validateInitCall(model, { tensors: [[model.fc.weight, "fc.weight"]], maxTensorElements: 2 ** 20 });
 */
export function validateInitCall(top: Module, options: ValidateInitCallOptions): void {
  const problems: InitlibError[] = [];
  if (options.resolveModule) {
    const seen = new Set<Module>();
    const visit = (current: Module): void => {
      if (seen.has(current)) return;
      seen.add(current);
      if (isBaseModule(current)) {
        if (current.isInit) return;
        options.resolveModule!(current, problems);
      }
      for (const child of current.children()) visit(child);
    };
    visit(top);
  }
  for (const [tensor, path] of options.tensors) {
    const problem = tensorSizeProblem(tensor, path, options.maxTensorElements);
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) {
    throw InitlibError.aggregate(`this model has ${problems.length} problems`, problems, { hint: "fix each problem listed; nothing was allocated or written" });
  }
}

/** The refusal of a tensor with more than `maxTensorElements` elements, or undefined when it fits. */
function tensorSizeProblem(tensor: StateTensor, path: string, maxTensorElements: number): InitlibError | undefined {
  if (tensor.size <= maxTensorElements) return undefined;
  return new InitlibError("INITLIB_BAD_SHAPE", `${path} has ${tensor.size} elements, more than maxTensorElements allows`, {
    path,
    received: tensor.shape,
    expected: `at most ${maxTensorElements} elements per tensor`,
    hint:
      maxTensorElements < MAX_TENSOR_ELEMENTS
        ? "raise maxTensorElements in the options of initWeights(), or check the layer's sizes for a typo"
        : "split the parameter, or check the layer's sizes for a typo",
  });
}

/**
 * `maxTensorElements` of the options, checked: an integer from 0 to 2^31 - 1 (the most one typed
 * array or tfjs tensor holds), which is also the default.
 * @example
 * readMaxTensorElements(undefined); // 2147483647
 */
export function readMaxTensorElements(value: number | undefined, path = "initWeights.maxTensorElements"): number {
  if (value === undefined) return MAX_TENSOR_ELEMENTS;
  if (!Number.isInteger(value) || value < 0 || value > MAX_TENSOR_ELEMENTS) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", "maxTensorElements must be an integer from 0 to 2^31 - 1", {
      path,
      received: value,
      expected: `an integer in [0, ${MAX_TENSOR_ELEMENTS}]`,
      hint: "leave it out for the largest size a tensor can have",
    });
  }
  return value;
}
