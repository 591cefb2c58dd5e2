export { InitlibError, describeValue, joinConfigPath } from "./initlib-error";
export type { InitlibErrorCode, InitlibErrorDetails } from "./initlib-error";
export { Registry } from "./registry";
export { createRegistry } from "./create-registry";
export type { AnyRegistry, BuildOptions, RegisterOptions, RegistryOptions } from "./registry";
export type {
  ArgumentsOf,
  Buildable,
  BuildResult,
  DirectTargetConfig,
  EntryConfig,
  EntryMapOf,
  GenericEntryMap,
  ConfigOfRegistry,
  RegistryConfig,
  RegistryEntries,
} from "./registry-types";
export { detectTargetKind } from "./target-kind";
export type { TargetKind } from "./target-kind";
export { getGlobalRegistry } from "./global-registry";
export { closestNames, editDistance } from "./closest-names";
export { isPlainObject } from "./plain-object";
