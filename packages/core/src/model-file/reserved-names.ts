import { BaseModule } from "../base-module";

let reserved: ReadonlySet<string> | undefined;

/**
 * Names a child, parameter or buffer of a model file may not take: every member a module has of
 * its own (`initWeights`, `initCfg`, `children`, ...) and everything inherited down to
 * `Object.prototype` (`__proto__`, `constructor`, `toString`, `hasOwnProperty`, ...). Writing one
 * of these would replace the module's own behaviour or its prototype.
 */
export function reservedMemberNames(): ReadonlySet<string> {
  if (reserved) return reserved;
  const names = new Set<string>(["__proto__", "prototype"]);
  for (let object: object | null = new BaseModule(); object !== null; object = Object.getPrototypeOf(object)) {
    for (const name of Object.getOwnPropertyNames(object)) names.add(name);
  }
  reserved = names;
  return names;
}
