/**
 * A model described as data: the `ModuleSpec` schema of MMEngine's reference cases
 * (`packages/core/test/fixtures/mmengine-cases.json`), with torch's snake_case names. {@link buildModuleFromSpec}
 * turns it into a live tree.
 */
export interface ModuleSpec {
  /** Class name `layer` matching sees. */
  readonly class: string;
  /**
   * `'BaseModule'`, `'Sequential' | 'ModuleList' | 'ModuleDict'` (MMEngine containers),
   * `'nn.Module'`, `'nn.Sequential' | 'nn.ModuleList' | 'nn.ModuleDict'` (plain torch containers) or
   * `'nn.<Leaf>'` for a torch layer (`nn.Linear`, `nn.Conv2d`, ...).
   */
  readonly base: string;
  /** User classes between `base` and `class`, outermost last; the last one is `class`'s direct base. */
  readonly intermediate?: readonly string[];
  /** torch constructor keyword arguments of a leaf (`in_features`, `kernel_size`, `padding_idx`, ...). */
  readonly args?: Readonly<Record<string, unknown>>;
  /** init_cfg of a BaseModule-family module; `{ $class: 'XavierInit' }` stands for the initializer class itself. */
  readonly init_cfg?: unknown;
  readonly children?: readonly { readonly name: string; readonly module: ModuleSpec }[];
  /** Extra direct parameters, registered before the children. */
  readonly params?: readonly TensorSpec[];
  readonly buffers?: readonly TensorSpec[];
  /** A user-defined `init_weights`: declarative ops, and where `BaseModule.init_weights` is called. */
  readonly user_init_weights?: UserInitWeightsSpec;
  /** Sets `isInit` before anything runs. */
  readonly is_init?: boolean;
}

/** A parameter or buffer of a {@link ModuleSpec}: constant `fill`. */
export interface TensorSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly fill: number;
}

/** The declarative body of a user-defined `init_weights`. */
export interface UserInitWeightsSpec {
  readonly ops: readonly (
    | { readonly param: string; readonly fill: number }
    | { readonly replace_param: string; readonly shape: readonly number[]; readonly fill: number }
  )[];
  /** For BaseModule subclasses: call `BaseModule.initWeights` before or after the ops, or not at all. @default 'none' */
  readonly call_super?: "before" | "after" | "none";
}

/** A tied parameter: `target` becomes the very same Parameter object as `source`. */
export interface TieSpec {
  readonly target: string;
  readonly source: string;
}
