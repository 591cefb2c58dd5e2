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
  RegistryConfig,
} from "./registry-types";
export type { ConfigOfRegistry, RegistryEntries } from "./registry-config-types";
export { detectTargetKind } from "./target-kind";
export type { TargetKind } from "./target-kind";
export { getGlobalRegistry } from "./global-registry";
export { closestNames, editDistance } from "./closest-names";
export { isPlainObject } from "./plain-object";
export { camelCaseKey, DEFAULT_OPAQUE_KEYS, normalizeKeys } from "./normalize-keys";
export type { NormalizeKeysOptions } from "./normalize-keys";
export { DELETE_KEY, mergeConfigs, withoutDeleteMarkers } from "./merge-configs";
export { BASE_KEY, resolveConfig } from "./resolve-config";
export type { ResolveConfigOptions } from "./resolve-config";
// Node only: outside Node `#load-config-file` resolves to a stand-in that explains (package.json `imports`).
export { loadConfigFile } from "#load-config-file";
export type { LoadConfigFileOptions } from "./load-config-file";
export { defineArgumentSchema } from "./argument-schema";
export type {
  AnyField,
  ArgumentSchema,
  ArgumentsFromSchema,
  ArrayField,
  BooleanField,
  EnumField,
  FieldOptions,
  FunctionField,
  NumberField,
  ObjectField,
  OneOfField,
  RecordField,
  StringField,
  ValidatedArguments,
  ValueFromSchema,
  ValueSchema,
} from "./argument-schema";
export { describeField, validateArgs } from "./validate-args";
export { argumentJsonSchema, FLOAT32_MAXIMUM } from "./argument-json-schema";
export type { ArgumentJsonSchemaOptions, JsonSchema } from "./argument-json-schema";
// Where a config editor's JSON goes wrong, as line and column.
export { jsonErrorLocation, locationOf } from "./json-error-location";
export type { TextLocation } from "./json-error-location";
