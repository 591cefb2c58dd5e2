import type { Registry } from "./registry";
import type { RegistryConfig } from "./registry-types";

/**
 * The entry map of a registry type, e.g. to type a config field that one registry builds.
 * @example
 * type Map = RegistryEntries<typeof WEIGHT_INITIALIZERS>; // InitializerMap
 */
export type RegistryEntries<R> = R extends Registry<infer _Target, infer Entries> ? Entries : never;

/**
 * The config union a registry's `build` accepts by name.
 * @example
 * const entry: ConfigOfRegistry<typeof WEIGHT_INITIALIZERS> = { type: "Kaiming", mode: "fan_in" };
 */
export type ConfigOfRegistry<R> = RegistryConfig<RegistryEntries<R>>;
