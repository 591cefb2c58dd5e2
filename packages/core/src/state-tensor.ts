import { InitlibError } from "@initlib/registry";
import { computeFans } from "@initlib/initializers";
import type { Backend, FillRule, Layout, RandomKey, WritableParam } from "@initlib/initializers";
import { loadExecutionCode } from "./load-execution-code";
import { TENSOR_STATE } from "./module-symbols";

/** How a tensor is filled when nothing else writes it: a rule, or a rule that depends on its random key. */
export type DefaultRule = FillRule | ((key: RandomKey) => FillRule);

/** Options shared by {@link Parameter} and {@link ModuleBuffer}. */
export interface StateTensorOptions {
  /** Axis letters (`OI`, `OIHW`, `IOHW`, `HWIO`, ...); fans follow them. @default torch's layout for the rank */
  readonly layout?: Layout;
  /** Convolution groups the weight belongs to. @default 1 */
  readonly groups?: number;
  /**
   * The value the tensor has when no initializer writes it (torch's `reset_parameters`, or the
   * value a user module gives its own parameter). @default zeros
   */
  readonly init?: DefaultRule;
  /** Human-readable origin of `init`, recorded in the history. @default 'constant 0' or 'initial value' */
  readonly initSource?: string;
}

/** One write a tensor received, in order. */
export interface WriteRecord {
  /** Provenance string of the writer (MMEngine's info string for initializers). */
  readonly info: string;
  readonly rule: FillRule["kind"];
}

/** Who has access to a tensor during an `initWeights()` call (the call's transaction). */
export interface TensorSessionHooks {
  readTensor(tensor: StateTensor): Promise<Float32Array>;
  userWrite(tensor: StateTensor, rule: FillRule, info: string | undefined): void;
}

/** @internal mutable state of a tensor, kept under a symbol. */
export interface TensorState {
  backend: Backend | undefined;
  storage: unknown;
  /** Random key path used when the tensor was last written outside a transaction. */
  keyPath: string;
  seed: number;
  defaultRule: DefaultRule;
  defaultSource: string;
  /** A rule assigned before the tensor was materialized; it replaces the default at materialization. */
  preRule: { rule: FillRule; info: string } | undefined;
  history: WriteRecord[];
  session: TensorSessionHooks | undefined;
}

function checkShape(shape: readonly number[]): number[] {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new InitlibError("INITLIB_BAD_SHAPE", "a tensor shape must be a list of non-negative integers", {
      received: shape,
      expected: "e.g. [out, in] or [] for a scalar",
    });
  }
  const size = shape.reduce((product, dimension) => product * dimension, 1);
  if (size > MAX_TENSOR_ELEMENTS) {
    throw new InitlibError("INITLIB_BAD_SHAPE", `a tensor of shape [${shape.join(", ")}] has ${size} elements, more than one tensor can hold`, {
      received: shape,
      expected: `at most ${MAX_TENSOR_ELEMENTS} elements (2^31 - 1, the limit of typed arrays and tfjs tensors)`,
      hint: "split the parameter, or check the layer's sizes for a typo",
    });
  }
  return [...shape];
}

/** Most elements one parameter or buffer may have: refused when the module is built, before any allocation. */
export const MAX_TENSOR_ELEMENTS = 2 ** 31 - 1;

/**
 * What parameters and buffers have in common: a shape and layout, storage on a backend once
 * materialized, and the record of who wrote it. Constructing one allocates nothing.
 */
export abstract class StateTensor implements WritableParam {
  readonly shape: readonly number[];
  readonly layout: Layout | undefined;
  readonly groups: number;
  /** Number of elements. */
  readonly size: number;
  /** @internal */
  readonly [TENSOR_STATE]: TensorState;

  constructor(shape: readonly number[], options: StateTensorOptions = {}) {
    this.shape = Object.freeze(checkShape(shape));
    this.layout = options.layout;
    this.groups = options.groups ?? 1;
    this.size = this.shape.reduce((a, b) => a * b, 1);
    this[TENSOR_STATE] = {
      backend: undefined,
      storage: undefined,
      keyPath: "",
      seed: 0,
      defaultRule: options.init ?? { kind: "constant", value: 0 },
      defaultSource: options.initSource ?? (options.init ? "initial value" : "constant 0"),
      preRule: undefined,
      history: [],
      session: undefined,
    };
  }

  /** `{ fanIn, fanOut }` from the declared layout (torch's rules for torch layouts). Throws for rank < 2. */
  get fans(): ReturnType<typeof computeFans> {
    return computeFans(this);
  }

  /** Whether storage exists on a backend. */
  get isMaterialized(): boolean {
    return this[TENSOR_STATE].storage !== undefined;
  }

  /** The backend holding the values, once materialized. */
  get backend(): Backend | undefined {
    return this[TENSOR_STATE].backend;
  }

  /** The backend's storage handle (e.g. a `tf.Variable` with backend-tfjs), for interop. */
  get storage(): unknown {
    return this[TENSOR_STATE].storage;
  }

  /** Every write this tensor received, oldest first, across calls. */
  get history(): readonly WriteRecord[] {
    return this[TENSOR_STATE].history;
  }

  /** The provenance of the last write, or undefined when never written. */
  get lastInfo(): string | undefined {
    return this[TENSOR_STATE].history.at(-1)?.info;
  }

  /**
   * Reads the values, row-major. Inside `initWeights()` (user-defined code) this sees the writes
   * planned so far. A tensor that was never materialized cannot be read.
   * @example
   * const values = await model.fc.weight.read();
   */
  async read(): Promise<Float32Array> {
    const state = this[TENSOR_STATE];
    if (state.session) return state.session.readTensor(this);
    if (state.backend === undefined || state.storage === undefined) {
      throw new InitlibError("INITLIB_BAD_CONFIG", "this tensor has no values yet: constructing a model allocates nothing", {
        received: this.shape,
        hint: "call `await model.initWeights()` or `await materialize(model, backend)` first",
      });
    }
    return state.backend.read(state.storage);
  }

  /**
   * Writes `rule` (the init functions of `@initlib/initializers` call this). Inside `initWeights()`
   * the write joins the call's transaction: only the last writer of a tensor is executed, at the end.
   * Outside, it is executed at once on the tensor's backend, or, before materialization, it replaces
   * the tensor's default value.
   * @example
   * await model.head.bias.assign({ kind: "constant", value: 0 });
   */
  async assign(rule: FillRule, info?: string): Promise<void> {
    const state = this[TENSOR_STATE];
    if (state.session) {
      state.session.userWrite(this, rule, info);
      return;
    }
    const label = info ?? "assigned outside `initWeights`";
    if (state.backend === undefined || state.storage === undefined) {
      state.preRule = { rule, info: label };
      state.history.push({ info: label, rule: rule.kind });
      return;
    }
    const { writeRule } = await loadExecutionCode();
    await writeRule(state.backend, state.storage, this.shape, rule, { seed: state.seed, path: state.keyPath });
    state.history.push({ info: label, rule: rule.kind });
  }

  /** Fills every element with `value` (see {@link StateTensor.assign}). @example await conv.bias.fill(0); */
  fill(value: number, info?: string): Promise<void> {
    return this.assign({ kind: "constant", value }, info);
  }

  /** Writes explicit values, row-major, of exactly `size` elements. @example await p.set(new Float32Array([1, 2])); */
  set(values: Float32Array | readonly number[], info?: string): Promise<void> {
    const copy = Float32Array.from(values);
    if (copy.length !== this.size) {
      throw new InitlibError("INITLIB_BAD_SHAPE", "wrong number of values for this tensor", {
        received: copy.length,
        expected: `${this.size} values for shape [${this.shape.join(", ")}]`,
      });
    }
    return this.assign({ kind: "values", source: "user values", load: async () => copy }, info);
  }

  /** Frees the storage; the tensor is then unmaterialized again. @example await p.dispose(); */
  async dispose(): Promise<void> {
    const state = this[TENSOR_STATE];
    if (state.backend !== undefined && state.storage !== undefined) await state.backend.dispose(state.storage);
    state.backend = undefined;
    state.storage = undefined;
  }

  /** The rule used when no initializer writes this tensor (its layer's torch default). */
  defaultRule(key: RandomKey): FillRule {
    const state = this[TENSOR_STATE];
    if (state.preRule) return state.preRule.rule;
    const rule = state.defaultRule;
    return typeof rule === "function" ? rule(key) : rule;
  }

  /** Where {@link StateTensor.defaultRule} comes from, for reports. */
  get defaultSource(): string {
    const state = this[TENSOR_STATE];
    return state.preRule ? state.preRule.info : state.defaultSource;
  }
}
