import { Registry, type RegistryOptions } from "./registry";
import type { Buildable, EntryMapOf } from "./registry-types";

/**
 * Creates a registry and registers `targets` (name → class or factory) in it, with the entry map
 * inferred from the targets' argument objects, so `build` type-checks configs without a
 * hand-written map.
 * @example
 * const ACTIVATIONS = createRegistry("activation", { ReLU, LeakyReLU });
 * ACTIVATIONS.build({ type: "LeakyReLU", negativeSlope: 0.1 }); // checked against LeakyReLU's constructor
 */
export function createRegistry<const Targets extends Record<string, Buildable>>(
  name: string,
  targets: Targets,
  options: RegistryOptions = {},
): Registry<Targets[keyof Targets], EntryMapOf<Targets>> {
  const registry = new Registry<Targets[keyof Targets], EntryMapOf<Targets>>(name, options);
  for (const [key, target] of Object.entries(targets)) registry.register(key, target as Targets[keyof Targets]);
  return registry;
}
