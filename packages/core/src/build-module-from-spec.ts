import { WEIGHT_INITIALIZERS } from "@initlib/initializers";
import { camelCaseKey, InitlibError } from "@initlib/registry";
import { BaseModule } from "./base-module";
import { ModuleBuffer } from "./module-buffer";
import { ModuleDict } from "./containers/module-dict";
import { ModuleList } from "./containers/module-list";
import { Sequential } from "./containers/sequential";
import { BatchNorm1d, BatchNorm2d, BatchNorm3d, InstanceNorm2d } from "./layers/batch-norm";
import { Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d } from "./layers/convolution";
import { Embedding } from "./layers/embedding";
import { GroupNorm } from "./layers/group-norm";
import { LayerNorm } from "./layers/layer-norm";
import { Linear } from "./layers/linear";
import { MultiheadAttention } from "./layers/multihead-attention";
import { Identity, MaxPool2d, ReLU } from "./layers/parameterless";
import { PReLU } from "./layers/prelu";
import { Module } from "./module";
import type { ModuleSpec, TieSpec, UserInitWeightsSpec } from "./module-spec";
import { Parameter } from "./parameter";
import { checkModuleSpec } from "./model-file/check-module-spec";
import type { StateTensor } from "./state-tensor";

/** Options of {@link buildModuleFromSpec}. */
export interface BuildModuleFromSpecOptions {
  /** Directory that relative `Pretrained` checkpoint paths resolve against. @default the process's working directory */
  readonly baseDirectory?: string;
  /** Tied parameters to set up after building. */
  readonly ties?: readonly TieSpec[];
}

type LeafFactory = (args: Record<string, unknown>) => Module;

// torch layer constructors, keyed by their torch class name; args arrive camelCased. Frozen, with
// no prototype: a base such as `nn.valueOf` or `nn.__proto__` can neither find nor change an entry.
const LEAF_FACTORIES: Record<string, LeafFactory> = {
  Linear: (a) => new Linear(a as never),
  Conv1d: (a) => new Conv1d(a as never),
  Conv2d: (a) => new Conv2d(a as never),
  Conv3d: (a) => new Conv3d(a as never),
  ConvTranspose1d: (a) => new ConvTranspose1d(a as never),
  ConvTranspose2d: (a) => new ConvTranspose2d(a as never),
  ConvTranspose3d: (a) => new ConvTranspose3d(a as never),
  BatchNorm1d: (a) => new BatchNorm1d(a as never),
  BatchNorm2d: (a) => new BatchNorm2d(a as never),
  BatchNorm3d: (a) => new BatchNorm3d(a as never),
  InstanceNorm2d: (a) => new InstanceNorm2d(a as never),
  LayerNorm: (a) => new LayerNorm(a as never),
  GroupNorm: (a) => new GroupNorm(a as never),
  Embedding: (a) => new Embedding(a as never),
  MultiheadAttention: (a) => new MultiheadAttention(a as never),
  PReLU: (a) => new PReLU(a as never),
  ReLU: () => new ReLU(),
  Identity: () => new Identity(),
  MaxPool2d: (a) => new MaxPool2d(a as never),
};
const LEAVES: Readonly<Record<string, LeafFactory>> = Object.freeze(Object.assign(Object.create(null) as Record<string, LeafFactory>, LEAF_FACTORIES));

const camel = camelCaseKey;

function camelArgs(args: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args ?? {}).map(([key, value]) => [camel(key), value]));
}

/** `{ $class: 'XavierInit' }` → the registered class of `Xavier`. */
function resolveClassMarkers(value: unknown, path: string): unknown {
  if (Array.isArray(value)) return value.map((item, index) => resolveClassMarkers(item, `${path}[${index}]`));
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  if (typeof record.$class === "string" && Object.keys(record).length === 1) {
    const name = record.$class.replace(/Init$/, "");
    if (!WEIGHT_INITIALIZERS.has(name)) {
      throw new InitlibError("INITLIB_UNKNOWN_TYPE", `no registered initializer class ${record.$class}`, { path, received: record.$class });
    }
    return WEIGHT_INITIALIZERS.get(name);
  }
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, resolveClassMarkers(item, `${path}.${key}`)]));
}

function findTensor(root: Module, dotted: string, path: string): { owner: Module; property: string; tensor: StateTensor } {
  const parts = dotted.split(".");
  const last = parts.pop()!;
  const owner = root.getSubmodule(parts.join("."));
  const record = owner as unknown as Record<string, unknown> | undefined;
  const property = record && [last, camel(last)].find((key) => Object.keys(record).includes(key));
  const tensor = owner && property !== undefined ? owner.member(property) : undefined;
  if (!owner || property === undefined || tensor === undefined || tensor instanceof Module) {
    throw new InitlibError("INITLIB_MISSING_MODULE", `no parameter or buffer '${dotted}'`, { path, received: dotted });
  }
  return { owner, property, tensor };
}

function installUserInitWeights(module: Module, spec: UserInitWeightsSpec, path: string): void {
  const ops = spec.ops;
  const runOps = async (self: Module): Promise<void> => {
    for (const op of ops) {
      if ("replace_param" in op) {
        (self as unknown as Record<string, unknown>)[op.replace_param] = new Parameter(op.shape, { init: { kind: "constant", value: op.fill } });
      } else {
        await findTensor(self, op.param, `${path}.user_init_weights`).tensor.fill(op.fill);
      }
    }
  };
  const callSuper = spec.call_super ?? "none";
  const method =
    module instanceof BaseModule
      ? async function (this: BaseModule, options?: Parameters<BaseModule["initWeights"]>[0]) {
          let report;
          if (callSuper === "before") report = await BaseModule.prototype.initWeights.call(this, options);
          await runOps(this);
          if (callSuper === "after") report = await BaseModule.prototype.initWeights.call(this, options);
          return report;
        }
      : async function (this: Module) {
          await runOps(this);
        };
  Object.defineProperty(module, "initWeights", { value: method, writable: true, configurable: true, enumerable: false });
}

function buildOne(spec: ModuleSpec, options: BuildModuleFromSpecOptions, path: string): Module {
  const base = spec.base;
  const directBase = spec.intermediate?.at(-1);
  let module: Module;
  let identity: [string, string[]] | undefined;
  if (base.startsWith("nn.") && Object.hasOwn(LEAVES, base.slice(3))) {
    const leaf = base.slice(3);
    try {
      module = LEAVES[leaf]!(camelArgs(spec.args));
    } catch (error) {
      // A layer's own check (a shape it cannot build) names the model-file path of its arguments.
      if (InitlibError.isInstance(error)) throw error.withPathPrefix(path === "" ? "args" : `${path}.args`);
      throw error;
    }
    if (spec.class !== leaf || directBase) identity = [spec.class, [directBase ?? leaf]];
  } else if (base === "BaseModule" || base === "Sequential" || base === "ModuleList" || base === "ModuleDict") {
    const initCfg = resolveClassMarkers(spec.init_cfg ?? null, `${path}.init_cfg`) as never;
    module =
      base === "BaseModule"
        ? new BaseModule(initCfg)
        : base === "Sequential"
          ? new Sequential([], { initCfg })
          : base === "ModuleList"
            ? new ModuleList([], { initCfg })
            : new ModuleDict({}, { initCfg });
    if (spec.class !== base || directBase) identity = [spec.class, directBase ? [directBase] : base === "BaseModule" ? ["BaseModule"] : [base]];
    if (options.baseDirectory !== undefined) (module as BaseModule).pretrainedDefaults = { baseDirectory: options.baseDirectory };
  } else if (base === "nn.Module" || base === "nn.Sequential" || base === "nn.ModuleList" || base === "nn.ModuleDict") {
    module = new Module();
    identity = [spec.class, [directBase ?? (base === "nn.Module" ? "Module" : spec.class === base.slice(3) ? "Module" : base.slice(3))]];
  } else {
    throw new InitlibError("INITLIB_UNKNOWN_MODULE_BASE", `unknown module base '${base}'`, {
      path: `${path}.base`,
      received: base,
      expected: `BaseModule, Sequential, ModuleList, ModuleDict, nn.Module, nn.Sequential, nn.ModuleList, nn.ModuleDict or nn.<${Object.keys(LEAVES).join("|")}>`,
    });
  }
  if (identity) module.setTypeIdentity(identity[0], identity[1]);
  const record = module as unknown as Record<string, unknown>;
  for (const param of spec.params ?? []) record[param.name] = new Parameter(param.shape, { init: { kind: "constant", value: param.fill } });
  for (const buffer of spec.buffers ?? []) record[buffer.name] = new ModuleBuffer(buffer.shape, { init: { kind: "constant", value: buffer.fill } });
  for (const child of spec.children ?? []) record[child.name] = buildOne(child.module, options, path ? `${path}.${child.name}` : child.name);
  if (spec.user_init_weights) installUserInitWeights(module, spec.user_init_weights, path);
  if (spec.is_init) module.isInit = true;
  return module;
}

/**
 * Builds a live module tree from a {@link ModuleSpec} (torch layer names and snake_case args,
 * user class names with their direct bases, init_cfg, extra parameters and buffers, declarative
 * user `init_weights`, `is_init`), then ties parameters. The spec is checked first as a whole
 * (`checkModuleSpec`): every problem is reported in one error and nothing is built. Relative
 * `Pretrained` checkpoint paths in the init_cfgs resolve against `baseDirectory`.
 * @example
 * const model = buildModuleFromSpec({
 *   class: "ToyNet", base: "BaseModule", init_cfg: { type: "Kaiming", layer: "Conv2d" },
 *   children: [{ name: "conv", module: { class: "Conv2d", base: "nn.Conv2d", args: { in_channels: 3, out_channels: 8, kernel_size: 3 } } }],
 * });
 */
export function buildModuleFromSpec(spec: ModuleSpec, options: BuildModuleFromSpecOptions = {}): Module {
  const root = buildOne(checkModuleSpec(spec), options, "");
  for (const [index, tie] of (options.ties ?? []).entries()) {
    const source = findTensor(root, tie.source, `ties[${index}].source`).tensor;
    const target = findTensor(root, tie.target, `ties[${index}].target`);
    (target.owner as unknown as Record<string, unknown>)[target.property] = source;
  }
  return root;
}
