import { InitlibError } from "@initlib/registry";
import { LAYER_ARGUMENTS } from "../layers/layer-arguments";
import type { ModuleSpec } from "../module-spec";
import { checkLayerArguments } from "./check-layer-arguments";
import { checkInitCfg } from "./check-init-cfg";
import { reservedMemberNames } from "./reserved-names";
import { childPath, SpecIssues } from "./spec-issues";

/** Deepest nesting of modules a model file may describe. */
export const MAX_MODULE_DEPTH = 100;

const SPEC_KEYS = ["class", "base", "intermediate", "args", "init_cfg", "children", "params", "buffers", "user_init_weights", "is_init"];
const CONTAINER_BASES = ["BaseModule", "Sequential", "ModuleList", "ModuleDict", "nn.Module", "nn.Sequential", "nn.ModuleList", "nn.ModuleDict"];
/** torch accepts any attribute name without a dot; model files keep to identifiers and indices. */
const MEMBER_NAME = /^(?:[A-Za-z_][A-Za-z0-9_]*|\d+)$/;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const pythonNumber = (value: unknown): unknown => (typeof value === "boolean" ? Number(value) : value);

/**
 * The module bases a model file may name: the containers and `nn.<Layer>` for every built-in
 * layer. Looked up by own property of a frozen table, so `valueOf` or `__proto__` is just unknown.
 */
export function knownModuleBases(): string[] {
  return [...CONTAINER_BASES, ...Object.keys(LAYER_ARGUMENTS).map((name) => `nn.${name}`)];
}

/**
 * Checks a model file's module tree (the ModuleSpec schema) before anything is built, collecting
 * every problem: unknown keys (with a did-you-mean), unknown bases, layer arguments against each
 * layer's declaration, member names that would shadow a module's own members or repeat, tensors
 * without a fill, init_cfg entries with reserved keys, nesting beyond {@link MAX_MODULE_DEPTH}.
 * Returns the spec normalized as MMEngine reads Python values (bools as numbers where numbers go,
 * `None` as "not given"); throws one `InitlibError` listing every problem otherwise.
 * @example
 * const spec = checkModuleSpec(JSON.parse(text), "model.json#");
 */
export function checkModuleSpec(value: unknown, path = ""): ModuleSpec {
  const issues = new SpecIssues();
  const spec = checkNode(value, path, 0, issues);
  if (issues.list.length > 0) {
    throw InitlibError.aggregate(`the model description has ${issues.list.length} problems`, issues.list, {
      hint: "fix each problem listed; nothing was built",
    });
  }
  return spec as unknown as ModuleSpec;
}

function checkNode(value: unknown, path: string, depth: number, issues: SpecIssues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isRecord(value)) {
    issues.wrongValue(path, value, 'a module object such as { "class": "ToyNet", "base": "BaseModule" }');
    return out;
  }
  if (depth > MAX_MODULE_DEPTH) {
    issues.add("INITLIB_CONFIG_LIMIT", path, `modules nest more than ${MAX_MODULE_DEPTH} levels deep`, { hint: "the file is malformed" });
    return out;
  }
  // The root may name its JSON Schema (`"$schema"`), so editors can check and complete the file.
  for (const key of Object.keys(value)) if (!SPEC_KEYS.includes(key) && !(key === "$schema" && depth === 0)) issues.unknownKey(childPath(path, key), key, SPEC_KEYS, "a module");
  const { class: className, base } = value;
  if (typeof className !== "string" || className === "") issues.wrongValue(childPath(path, "class"), className, 'the class name layer matching sees, e.g. "ToyNet"');
  let leaf: string | undefined;
  if (typeof base !== "string") issues.wrongValue(childPath(path, "base"), base, "BaseModule, Sequential, nn.Module, nn.Linear, ...");
  else if (base.startsWith("nn.") && Object.hasOwn(LAYER_ARGUMENTS, base.slice(3))) leaf = base.slice(3);
  else if (!CONTAINER_BASES.includes(base)) {
    issues.unknownKey(childPath(path, "base"), base, knownModuleBases(), "module bases");
    issues.list[issues.list.length - 1] = new InitlibError("INITLIB_UNKNOWN_MODULE_BASE", `unknown module base '${base}'`, {
      path: childPath(path, "base"),
      received: base,
      expected: "a container (BaseModule, Sequential, ModuleList, ModuleDict, nn.Module, ...) or nn.<Layer> of a built-in layer",
      hint: issues.list[issues.list.length - 1]!.hint === "remove it" ? `use one of ${knownModuleBases().join(", ")}` : issues.list[issues.list.length - 1]!.hint,
    });
  }
  Object.assign(out, { class: className, base });
  if (value.intermediate !== undefined) {
    if (!Array.isArray(value.intermediate) || !value.intermediate.every((item) => typeof item === "string")) {
      issues.wrongValue(childPath(path, "intermediate"), value.intermediate, "a list of class names");
    } else out.intermediate = value.intermediate;
  }
  if (leaf !== undefined) out.args = checkLayerArguments(leaf, value.args, childPath(path, "args"), issues);
  else if (value.args !== undefined && !(isRecord(value.args) && Object.keys(value.args).length === 0)) {
    issues.add("INITLIB_BAD_ARGUMENT", childPath(path, "args"), "only nn.<Layer> modules take constructor arguments", { received: value.args });
  }
  if (value.init_cfg !== undefined) out.init_cfg = checkInitCfg(value.init_cfg, childPath(path, "init_cfg"), issues);
  const names = new Map<string, string>();
  const claim = (name: unknown, namePath: string): name is string => {
    if (typeof name !== "string" || !MEMBER_NAME.test(name)) {
      issues.wrongValue(namePath, name, "an identifier (letters, digits, _) or an index");
      return false;
    }
    if (reservedMemberNames().has(name)) {
      issues.add("INITLIB_RESERVED_NAME", namePath, `'${name}' is a member every module has and cannot name a child, parameter or buffer`, {
        received: name,
        hint: "rename it (torch would also refuse or shadow it)",
      });
      return false;
    }
    const earlier = names.get(name);
    if (earlier !== undefined) {
      issues.add("INITLIB_DUPLICATE_NAME", namePath, `'${name}' is used twice in one module`, { received: name, expected: `a name not already used at ${earlier}` });
      return false;
    }
    names.set(name, namePath);
    return true;
  };
  for (const key of ["params", "buffers"] as const) {
    if (value[key] === undefined) continue;
    if (!Array.isArray(value[key])) {
      issues.wrongValue(childPath(path, key), value[key], "a list of { name, shape, fill }");
      continue;
    }
    out[key] = value[key].map((tensor, index) => checkTensor(tensor, childPath(childPath(path, key), index), issues, claim));
  }
  if (value.children !== undefined) {
    if (!Array.isArray(value.children)) issues.wrongValue(childPath(path, "children"), value.children, "a list of { name, module }");
    else {
      out.children = value.children.map((child, index) => {
        const childAt = childPath(childPath(path, "children"), index);
        if (!isRecord(child)) {
          issues.wrongValue(childAt, child, "{ name, module }");
          return child;
        }
        for (const key of Object.keys(child)) if (key !== "name" && key !== "module") issues.unknownKey(childPath(childAt, key), key, ["name", "module"], "a child entry");
        claim(child.name, childPath(childAt, "name"));
        return { name: child.name, module: checkNode(child.module, childPath(childAt, "module"), depth + 1, issues) };
      });
    }
  }
  if (value.user_init_weights !== undefined) out.user_init_weights = value.user_init_weights;
  if (value.is_init !== undefined && value.is_init !== null) {
    if (typeof value.is_init !== "boolean") issues.wrongValue(childPath(path, "is_init"), value.is_init, "true or false");
    else out.is_init = value.is_init;
  }
  return out;
}

function checkTensor(
  tensor: unknown,
  path: string,
  issues: SpecIssues,
  claim: (name: unknown, namePath: string) => boolean,
): unknown {
  if (!isRecord(tensor)) {
    issues.wrongValue(path, tensor, "{ name, shape, fill }");
    return tensor;
  }
  for (const key of Object.keys(tensor)) if (!["name", "shape", "fill"].includes(key)) issues.unknownKey(childPath(path, key), key, ["name", "shape", "fill"], "a tensor entry");
  claim(tensor.name, childPath(path, "name"));
  const { shape } = tensor;
  if (!Array.isArray(shape) || !shape.every((size) => Number.isSafeInteger(size) && (size as number) >= 0)) {
    issues.wrongValue(childPath(path, "shape"), shape, "a list of sizes (integers >= 0)");
  }
  const fill = pythonNumber(tensor.fill);
  if (!Object.hasOwn(tensor, "fill")) issues.add("INITLIB_BAD_ARGUMENT", childPath(path, "fill"), "a tensor entry needs its fill value", { hint: 'add "fill": 0 (or the value it starts with)' });
  else if (typeof fill !== "number" || !Number.isFinite(fill)) issues.wrongValue(childPath(path, "fill"), tensor.fill, "a finite number");
  return { name: tensor.name, shape, fill };
}
