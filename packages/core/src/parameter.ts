import { StateTensor } from "./state-tensor";

/**
 * A learnable tensor of a module: a property of a {@link Module} holding a `Parameter` is one of
 * its parameters (`null` means absent, e.g. `bias: false`). Implements `WritableParam`, so the init
 * functions of `@initlib/initializers` write into it. Constructing one allocates nothing.
 * @example
 * class Scale extends Module {
 *   static override readonly typeName = "Scale";
 *   scale = new Parameter([1], { init: { kind: "constant", value: 1 } });
 * }
 */
export class Parameter extends StateTensor {
  readonly kind = "parameter" as const;
}
