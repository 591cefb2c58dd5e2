import { closestNames, formatAlternatives } from "./closest-names";
import { InitlibError } from "./initlib-error";

/** How many registered names an unknown-type error lists. */
const LISTED_NAMES = 20;

/**
 * The error for a `type` no registry along the lookup knows: the closest names as a did-you-mean,
 * the first reachable names as what was expected, and how to register one.
 * @example
 * throw unknownTypeError("Kaimng", "initlib::weight_initializer", ["Kaiming", "Xavier"], ["Kaiming", "Xavier"], "initCfg.type");
 */
export function unknownTypeError(type: string, registryName: string, reachable: readonly string[], candidates: readonly string[], path: string): InitlibError {
  const suggestions = closestNames(type, candidates);
  const listed = reachable.slice(0, LISTED_NAMES);
  const didYouMean = suggestions.length > 0 ? `; did you mean ${formatAlternatives(suggestions)}?` : "";
  return new InitlibError("INITLIB_UNKNOWN_TYPE", `'${type}' is not in the ${registryName} registry${didYouMean}`, {
    path,
    received: type,
    expected: listed.length > 0 ? `one of ${listed.map((name) => `'${name}'`).join(", ")}` : "a registered name (this registry is empty)",
    hint: `check the spelling, or register it on this registry before building: registry.register('${type}', YourClass) in the module that defines it, imported before the config is built; or pass the class itself as type`,
  });
}
