// The values the restricted unpickler produces besides plain JavaScript ones, and the allow-list
// of globals it accepts.
import type { CheckpointDtype } from "./dtype";

/** A storage named by a `persistent_id` of `torch.save`: the archive member `data/<key>`. */
export class StorageReference {
  constructor(
    readonly key: string,
    readonly dtype: CheckpointDtype,
    /** Elements (typed storages) the pickle declares; bytes for `UntypedStorage`. */
    readonly declaredCount: number,
    readonly untyped: boolean,
  ) {}
}

/** A tensor rebuilt by `torch._utils._rebuild_tensor_v2`: a strided view of a storage. */
export class TensorReference {
  constructor(
    readonly storage: StorageReference,
    readonly storageOffset: number,
    readonly shape: readonly number[],
    readonly stride: readonly number[],
  ) {}
}

/** A global the pickle named and the unpickler allowed (only ever used as data, never called). */
export class AllowedGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
}

/** Python `dict`/`OrderedDict` content; keys are strings, numbers, booleans, null or bigints, and
 * tuples (arrays) by reference. */
export type PickleDict = Map<unknown, unknown>;

export const STORAGE_DTYPES: Readonly<Record<string, CheckpointDtype>> = {
  FloatStorage: "float32",
  DoubleStorage: "float64",
  HalfStorage: "float16",
  BFloat16Storage: "bfloat16",
  LongStorage: "int64",
  IntStorage: "int32",
  ShortStorage: "int16",
  CharStorage: "int8",
  ByteStorage: "uint8",
  BoolStorage: "bool",
};

/** Dtype objects (`torch.float32`) that newer PyTorch versions put next to untyped storages. */
export const TORCH_DTYPES: Readonly<Record<string, CheckpointDtype>> = {
  float32: "float32",
  float: "float32",
  float64: "float64",
  double: "float64",
  float16: "float16",
  half: "float16",
  bfloat16: "bfloat16",
  int64: "int64",
  long: "int64",
  int32: "int32",
  int: "int32",
  int16: "int16",
  short: "int16",
  int8: "int8",
  uint8: "uint8",
  bool: "bool",
};

/** The complete list of globals a pickle may name; everything else is refused. */
export const ALLOWED_GLOBALS = new Set([
  "collections.OrderedDict",
  "torch._utils._rebuild_tensor_v2",
  "torch._utils._rebuild_parameter",
  "torch._utils._rebuild_parameter_with_state",
  "torch.storage.UntypedStorage",
  "torch.UntypedStorage",
  "torch.Size",
  "builtins.set",
  "builtins.frozenset",
  "_codecs.encode",
  ...Object.keys(STORAGE_DTYPES).map((name) => `torch.${name}`),
  ...Object.keys(TORCH_DTYPES).map((name) => `torch.${name}`),
]);

/**
 * A dict key as text for tensor names and metadata: plain values as `String` does, a tuple as
 * `(a, b)` within a fixed budget of items and depth, so a tuple that shares its items across many
 * levels (2^depth leaves) renders in constant time.
 * @example
 * pickleKeyText(["a", 1]); // "(a, 1)"
 */
export function pickleKeyText(key: unknown, budget = { left: 32 }, depth = 0): string {
  if (!Array.isArray(key)) return String(key);
  if (depth > 3 || (budget.left -= 1) < 0) return "(...)";
  const items: string[] = [];
  for (const item of key) {
    if (budget.left <= 0) {
      items.push("...");
      break;
    }
    items.push(pickleKeyText(item, budget, depth + 1));
  }
  return `(${items.join(", ")})`;
}
