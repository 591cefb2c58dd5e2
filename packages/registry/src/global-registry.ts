const GLOBAL_SLOT = Symbol.for("@initlib/registry/global-registries");

type GlobalSlot = { [GLOBAL_SLOT]?: Map<string, unknown> };

/**
 * Returns the instance kept on `globalThis` under `key`, creating it with `create` the first time.
 * Two copies of a package in one program (a bundler duplicate, CJS next to ESM) then share one
 * registry, as tfjs and zod do with theirs. Use a key that names the package and the registry.
 * @example
 * export const WEIGHT_INITIALIZERS = getGlobalRegistry("@initlib/initializers:weight-initializers",
 *   () => new Registry("weight initializer", { scope: "mmengine" }));
 */
export function getGlobalRegistry<Instance>(key: string, create: () => Instance): Instance {
  const holder = globalThis as GlobalSlot;
  let slot = holder[GLOBAL_SLOT];
  if (slot === undefined) {
    slot = new Map<string, unknown>();
    Object.defineProperty(holder, GLOBAL_SLOT, { value: slot, enumerable: false, configurable: false, writable: false });
  }
  if (slot.has(key)) return slot.get(key) as Instance;
  const created = create();
  slot.set(key, created);
  return created;
}
