import { StateTensor } from "./state-tensor";

/**
 * A non-learnable tensor of a module (torch's buffers: BatchNorm's `running_mean`, `running_var`,
 * `num_batches_tracked`). Checkpoints load them; initializers write them only when they are named
 * `weight` or `bias` (MMEngine's attribute check).
 * @example
 * this.runningMean = new ModuleBuffer([numFeatures], { init: { kind: "constant", value: 0 } });
 */
export class ModuleBuffer extends StateTensor {
  readonly kind = "buffer" as const;
}
