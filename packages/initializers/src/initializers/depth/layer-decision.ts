import type { FillRule } from "../../fill-rule";
import type { ModuleLike } from "../../module-like";
import type { ParamLike } from "../../param-like";

// What a depth-aware scheme plans over (its weight layers) and decides for each; shared by the
// eager schemes and their decisions loaded on first use.

/** One weight layer of the tree a structure-aware scheme plans for. */
export interface WeightLayer {
  /** Dotted path of the module in the tree (`h.3.attn.c_proj`); `""` for the planned module itself. */
  readonly path: string;
  readonly module: ModuleLike;
  /** The module's weight, of rank 2 or more. */
  readonly weight: ParamLike;
  readonly bias: ParamLike | null;
}

/** What a scheme decides for one layer: its weight's rule and the role printed in the provenance. */
export interface LayerDecision {
  /** `null` leaves the weight as it is. */
  readonly weight: FillRule | null;
  /** Bias value; `undefined` writes the initializer's `bias`, `null` leaves the bias as it is. */
  readonly bias?: number | null;
  /** Words appended to the provenance, e.g. `residual projection, std=0.00408`. */
  readonly role: string;
}
