import { formatPythonValue } from "@initlib/initializers";

const CLASS_MARK = "\u0000initlib-class\u0000";

/**
 * Python `repr` of a stored init_cfg for MMEngine's DEBUG line
 * (`initialize ToyNet with init_cfg {'type': 'Kaiming', 'layer': ['Conv2d']}`): single-quoted
 * strings, `True`/`None`, Python number layout; an initializer class given as `type` prints as
 * `<class 'mmengine.model.weight_init.XavierInit'>`-style `<class '...'>`.
 * @example
 * pythonRepr({ type: "Constant", val: 1, layer: ["Linear"] }); // "{'type': 'Constant', 'val': 1, 'layer': ['Linear']}"
 */
export function pythonRepr(value: unknown): string {
  const classes: string[] = [];
  const replace = (item: unknown): unknown => {
    if (typeof item === "function") {
      const named = item as { initializerName?: string; name?: string };
      classes.push(named.initializerName ?? named.name ?? "anonymous");
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
