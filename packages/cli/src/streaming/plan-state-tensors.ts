import { type Module } from "@initlib/core";
import type { FillRule, RandomKey } from "@initlib/initializers";
import { InitlibError } from "@initlib/registry";
import { isInitializable } from "../load-model-file";

/** One tensor of a model's state dict and the rule whose values it will hold. */
export interface PlannedStateTensor {
  /** Dotted name, as torch's `state_dict()` lists it (a tied tensor once, under its first name). */
  readonly name: string;
  readonly shape: readonly number[];
  readonly layout: string | undefined;
  readonly rule: FillRule;
  /** The generator's key: the same (seed, path) an in-memory init uses. */
  readonly key: RandomKey;
  readonly elementCount: number;
}

/** The plan of a whole model: every state tensor in state-dict order, and the planner's warnings. */
export interface StatePlan {
  readonly topClass: string;
  readonly tensors: readonly PlannedStateTensor[];
  readonly warnings: readonly string[];
}

const USER_CODE_WARNING = /^dry run: the user-defined initWeights of (.+) is not run/;

/**
 * The final rule of every parameter and buffer of `model`, computed without allocating any of
 * them: MMEngine's ordering runs as a dry run (`planInitWeights`), which records each tensor's last
 * writer; tensors no initializer writes get their layer's torch default, as `initWeights` and
 * `materialize` give them. A model whose own `initWeights` code would run cannot be planned
 * (that code only runs on real tensors) and is refused.
 * @throws InitlibError `INITLIB_BAD_CONFIG` for user-defined `initWeights` code or a tensor already holding values.
 * @example
 * const plan = await planStateTensors(model, 0);
 * plan.tensors.map((tensor) => [tensor.name, tensor.rule.kind]);
 */
export async function planStateTensors(model: Module, seed: number): Promise<StatePlan> {
  const planned = new Map<string, FillRule | undefined>();
  const warnings: string[] = [];
  if (isInitializable(model)) {
    const report = await model.planInitWeights({ seed });
    for (const parameter of report.parameters) planned.set(parameter.name, parameter.rule);
    for (const warning of report.warnings) {
      const userCode = USER_CODE_WARNING.exec(warning);
      if (userCode) {
        throw new InitlibError("INITLIB_BAD_CONFIG", "a model with user-defined initWeights code cannot be streamed to disk", {
          path: userCode[1],
          received: "user_init_weights",
          expected: "a model whose values come from init_cfg and layer defaults only",
          hint: "write it with --out FILE.safetensors (in memory), or express the code's writes as init_cfg entries",
        });
      }
      warnings.push(warning);
    }
  } else {
    warnings.push(`the root ${model.typeName} is a plain module (no BaseModule, no init_cfg): every tensor has its torch default`);
  }
  const tensors: PlannedStateTensor[] = [];
  for (const { name, tensor } of model.stateEntries()) {
    const key = { seed, path: name };
    if (tensor.isMaterialized) {
      throw new InitlibError("INITLIB_BAD_CONFIG", `${name} already holds values, which a plan cannot see`, {
        path: name,
        expected: "a model built from its spec, with no storage allocated",
        hint: "stream a freshly built model",
      });
    }
    const rule = planned.get(name) ?? tensor.defaultRule(key);
    const elementCount = tensor.shape.reduce((product, dimension) => product * dimension, 1);
    tensors.push({ name, shape: tensor.shape, layout: tensor.layout, rule, key, elementCount });
  }
  return { topClass: model.typeName, tensors, warnings };
}
