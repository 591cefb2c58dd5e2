import type { TargetKind } from "./target-kind";

/** Options of `Registry.register`. */
export interface RegisterOptions {
  /**
   * Replace an entry already registered under one of the names instead of failing.
   * @default false
   */
  force?: boolean;
  /**
   * How `build` calls the target: `'class'` → `new Target(args)`, `'factory'` → `Target(args)`.
   * @default detected by {@link detectTargetKind} (class syntax → class, arrow function → factory)
   */
  kind?: TargetKind;
}

/** Options of `Registry.build`. */
export interface BuildOptions {
  /**
   * Where the config sits in the user's configuration (`initCfg[1].override`); prefixes the path of
   * every error the build raises.
   * @default ""
   */
  path?: string;
}
