import { formatPythonValue, WEIGHT_INITIALIZERS } from "@initlib/initializers";

/** MMEngine's built-in initializers, printed with their Python module path as MMEngine does. */
const BUILT_IN = ["Constant", "Xavier", "Normal", "TruncNormal", "Uniform", "Kaiming", "Caffe2Xavier", "Pretrained"];

function className(item: { initializerName?: string; name?: string }): string {
  const name = item.initializerName ?? item.name ?? "anonymous";
  const builtIn = BUILT_IN.some((key) => WEIGHT_INITIALIZERS.has(key) && WEIGHT_INITIALIZERS.get(key) === (item as unknown));
  return builtIn ? `mmengine.model.weight_init.${name}` : name;
}

const CLASS_MARK = "\u0000initlib-class\u0000";

/**
 * Python `repr` of a stored init_cfg for MMEngine's DEBUG line
 * (`initialize ToyNet with init_cfg {'type': 'Kaiming', 'layer': ['Conv2d']}`): single-quoted
 * strings, `True`/`None`, Python number layout; an initializer class given as `type` prints as
 * `<class 'mmengine.model.weight_init.XavierInit'>` (built-ins) or `<class 'MyInit'>`.
 * @example
 * pythonRepr({ type: "Constant", val: 1, layer: ["Linear"] }); // "{'type': 'Constant', 'val': 1, 'layer': ['Linear']}"
 */
export function pythonRepr(value: unknown): string {
  const classes: string[] = [];
  const replace = (item: unknown): unknown => {
    if (typeof item === "function") {
      classes.push(className(item as { initializerName?: string; name?: string }));
      return `${CLASS_MARK}${classes.length - 1}`;
    }
    if (Array.isArray(item)) return item.map(replace);
    if (item !== null && typeof item === "object") {
      return Object.fromEntries(Object.entries(item as Record<string, unknown>).map(([k, v]) => [k, replace(v)]));
    }
    return item;
  };
  const text = formatPythonValue(typeof value === "string" ? value : replace(value));
  if (typeof value === "string") return `'${value}'`;
  return text.replace(new RegExp(`'${CLASS_MARK}(\\d+)'`, "g"), (_, index: string) => `<class '${classes[Number(index)]}'>`);
}
