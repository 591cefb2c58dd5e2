// The callables and persistent ids a restricted pickle may use, interpreted by name: nothing
// named in a file is ever imported or executed.
import { CheckpointError } from "./checkpoint-error";
import { ALLOWED_GLOBALS, AllowedGlobal, STORAGE_DTYPES, StorageReference, TensorReference, TORCH_DTYPES } from "./pickle-values";

/**
 * The operations of the restricted unpickler that touch globals: `findGlobal` (GLOBAL and
 * STACK_GLOBAL, refused unless allow-listed), `call` (REDUCE and NEWOBJ of an allowed callable)
 * and `persistentLoad` (a storage named by `torch.save`'s persistent id). `corrupt` makes the
 * error for a malformed stream, positioned by the caller.
 */
export function createPickleCalls(file: string, corrupt: (summary: string) => CheckpointError) {
const findGlobal = (module: string, name: string) => {
  const qualified = `${module}.${name}`;
  if (!ALLOWED_GLOBALS.has(qualified)) {
    throw new CheckpointError("CHECKPOINT_FORBIDDEN_GLOBAL", `the pickle references the global ${qualified}, which is not allowed`, {
      file,
      received: qualified,
      expected: "only what a state dict needs (OrderedDict, tensors, storages)",
      hint: "nothing was executed; if the file is trusted, re-save it as a plain state dict (torch.save(model.state_dict(), path)) or as safetensors",
    });
  }
  return new AllowedGlobal(module, name);
};
const integer = (value: unknown, what: string): number => {
  if (typeof value === "number" && Number.isSafeInteger(value)) return value;
  if (typeof value === "bigint" && value >= 0n && value <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(value);
  throw corrupt(`${what} is not an integer`);
};
const integers = (value: unknown, what: string): number[] => {
  if (!Array.isArray(value)) throw corrupt(`${what} is not a tuple`);
  return value.map((item) => integer(item, what));
};
const call = (callable: unknown, args: unknown): unknown => {
  if (!(callable instanceof AllowedGlobal) || !Array.isArray(args)) throw corrupt("REDUCE on something that is not an allowed global");
  const qualified = `${callable.module}.${callable.name}`;
  switch (qualified) {
    case "collections.OrderedDict":
      if (args.length > 0) throw corrupt("OrderedDict with arguments");
      return new Map();
    case "torch._utils._rebuild_tensor_v2": {
      const [storage, offset, shape, stride] = args;
      if (!(storage instanceof StorageReference)) throw corrupt("_rebuild_tensor_v2 without a storage");
      const sizes = integers(shape, "tensor size");
      const strides = integers(stride, "tensor stride");
      if (sizes.length !== strides.length) throw corrupt("tensor size and stride differ in length");
      const storageOffset = integer(offset, "storage offset");
      if (storageOffset < 0) throw corrupt(`a tensor has the negative storage offset ${storageOffset}`);
      return new TensorReference(storage, storageOffset, sizes, strides);
    }
    case "torch._utils._rebuild_parameter":
    case "torch._utils._rebuild_parameter_with_state":
      if (!(args[0] instanceof TensorReference)) throw corrupt("_rebuild_parameter without a tensor");
      return args[0];
    case "torch.Size":
    case "builtins.set":
    case "builtins.frozenset":
      if (args.length === 0) return [];
      if (!Array.isArray(args[0])) throw corrupt(`${qualified} of something that is not a sequence`);
      // Shared, not copied: a memo reference repeated many times must not multiply memory.
      return args[0];
    case "_codecs.encode":
      if (typeof args[0] !== "string") throw corrupt("_codecs.encode of something that is not a string");
      return Uint8Array.from(args[0], (character) => character.charCodeAt(0) & 0xff);
    default:
      // Storage classes and dtypes are allowed as values (persistent ids), never as callables.
      throw new CheckpointError("CHECKPOINT_FORBIDDEN_GLOBAL", `the pickle calls ${qualified}, which is not allowed`, { file, received: qualified });
  }
};
const persistentLoad = (pid: unknown): StorageReference => {
  if (!Array.isArray(pid) || pid[0] !== "storage" || pid.length < 5) throw corrupt("unsupported persistent id");
  const [, type, key, , count] = pid;
  if (!(type instanceof AllowedGlobal) || typeof key !== "string") throw corrupt("persistent id without storage type and key");
  const numel = integer(count, "storage size");
  if (type.name === "UntypedStorage") return new StorageReference(key, "uint8", numel, true);
  const dtype = type.module === "torch" ? (STORAGE_DTYPES[type.name] ?? TORCH_DTYPES[type.name]) : undefined;
  if (!dtype) throw corrupt(`storage type ${type.module}.${type.name} is not a storage`);
  return new StorageReference(key, dtype, numel, false);
};
  return { findGlobal, call, persistentLoad };
}
