import { createMemorySource, type ByteSource } from "./byte-source";
import { CheckpointError } from "./checkpoint-error";
import { createCheckpointReader, readContiguous, type CheckpointReader, type StoredTensor } from "./checkpoint-reader";
import { copyStrided } from "./copy-strided";
import { gatherStridedWindow } from "./strided-window";
import { allocateFloat32, type CheckpointDtype, DTYPE_BYTES, elementCount } from "./dtype";
import { pickleKeyText, StorageReference, TensorReference } from "./pickle-values";
import { unpickle, type UnpickleLimits } from "./restricted-unpickler";
import { ZipArchive, type ZipEntry, type ZipLimits } from "./zip-archive";

/**
 * Reads a PyTorch `torch.save` zip archive (`.pth`, `.pt`, `.bin`): the pickle is interpreted by the
 * restricted unpickler, each tensor is a validated strided view of a storage member, read lazily.
 * The root must be a dict; nested dicts and lists are flattened with `.` into tensor keys.
 * @example
 * const reader = await readTorchArchive(await openFileSource("resnet18.pth"));
 */
/** Caps applied while reading a torch archive: its zip members and its pickle. */
export interface TorchArchiveLimits extends ZipLimits, UnpickleLimits {}

export async function readTorchArchive(source: ByteSource, limits: TorchArchiveLimits = {}): Promise<CheckpointReader> {
  const file = source.name;
  const archive = await ZipArchive.open(source, limits);
  const pickleEntry = [...archive.entries.values()].find((entry) => /^([^/]+\/)?data\.pkl$/.test(entry.name));
  if (!pickleEntry) {
    throw new CheckpointError("CHECKPOINT_UNKNOWN_FORMAT", "the zip archive has no data.pkl: it is not a torch.save checkpoint", {
      file,
      received: [...archive.entries.keys()].slice(0, 5),
    });
  }
  const prefix = pickleEntry.name.slice(0, -"data.pkl".length);
  const byteOrder = archive.entries.get(`${prefix}byteorder`);
  if (byteOrder && new TextDecoder().decode(await archive.read(byteOrder)).trim() !== "little") {
    throw new CheckpointError("CHECKPOINT_UNSUPPORTED_DTYPE", "the checkpoint was saved on a big-endian machine", {
      file,
      hint: "load and re-save it on a little-endian machine, or convert it to safetensors",
    });
  }
  const pickleBytes = await archive.read(pickleEntry);
  const root = unpickle(pickleBytes, file, limits);
  // Shared references can make a small pickle a huge tree; a legitimate file visits each value
  // about once, so visits are bounded by the pickle's size.
  let visitsLeft = pickleBytes.length + 1024;
  if (!(root instanceof Map)) {
    throw new CheckpointError("CHECKPOINT_NO_STATE_DICT", `No state_dict found in checkpoint file ${file}`, {
      file,
      received: Array.isArray(root) ? "a list" : root instanceof TensorReference ? "a tensor" : typeof root,
      expected: "a dict (a state dict, or a dict holding one under state_dict)",
    });
  }

  const storages = new Map<string, { entry: ZipEntry; count: number; reference: StorageReference }>();
  const storageOf = (reference: StorageReference) => {
    const known = storages.get(reference.key);
    if (known) return known;
    const entry = archive.entries.get(`${prefix}data/${reference.key}`);
    if (!entry) {
      throw new CheckpointError("CHECKPOINT_TRUNCATED", `storage "${reference.key}" is missing from the archive`, { file, received: `${prefix}data/${reference.key}` });
    }
    const width = DTYPE_BYTES[reference.dtype];
    const expectedBytes = reference.declaredCount * (reference.untyped ? 1 : width);
    if (entry.size !== expectedBytes || entry.size % width !== 0) {
      throw new CheckpointError(
        entry.size < expectedBytes ? "CHECKPOINT_TRUNCATED" : "CHECKPOINT_BAD_SHAPE",
        `storage "${reference.key}" holds ${entry.size} bytes, but the pickle declares ${reference.declaredCount} ${reference.dtype} elements`,
        { file, received: entry.size, expected: `${expectedBytes} bytes` },
      );
    }
    const storage = { entry, count: entry.size / width, reference };
    storages.set(reference.key, storage);
    return storage;
  };

  let inflated: { name: string; source: ByteSource } | undefined;
  const storageSource = async (entry: ZipEntry): Promise<ByteSource> => {
    if (entry.method === 0) {
      return {
        name: file,
        size: entry.size,
        read: (offset, length, into) => archive.readStoredRange(entry, offset, length, into),
        close: async () => undefined,
      };
    }
    // A deflated storage is inflated whole (capped); keep only the most recent one.
    if (inflated?.name !== entry.name) inflated = { name: entry.name, source: createMemorySource(await archive.read(entry), file) };
    return inflated.source;
  };

  // Ranged reads keep one member source: a deflated member's inflater moves forward across windows.
  let ranged: { name: string; source: ByteSource } | undefined;
  const rangeSource = async (entry: ZipEntry): Promise<ByteSource> => {
    if (ranged?.name !== entry.name) ranged = { name: entry.name, source: await archive.streamMember(entry) };
    return ranged.source;
  };

  const tensors = new Map<string, StoredTensor>();
  const addTensor = (key: string, tensor: TensorReference) => {
    const storage = storageOf(tensor.storage);
    const { dtype } = tensor.storage;
    const count = elementCount(tensor.shape, file, key, storage.count + (tensor.shape.includes(0) ? Infinity : 0));
    let last = tensor.storageOffset;
    let contiguous = true;
    let expectedStride = 1;
    for (let axis = tensor.shape.length - 1; axis >= 0; axis -= 1) {
      const size = tensor.shape[axis]!;
      const stride = tensor.stride[axis]!;
      if (stride < 0) throw new CheckpointError("CHECKPOINT_BAD_SHAPE", `tensor "${key}" has a negative stride`, { file, received: tensor.stride });
      if (size > 1 && stride !== expectedStride) contiguous = false;
      expectedStride *= size;
      last += (size - 1) * stride;
    }
    if (count > 0 && (last >= storage.count || !Number.isSafeInteger(last))) {
      throw new CheckpointError("CHECKPOINT_BAD_OFFSETS", `tensor "${key}" reaches beyond its storage`, {
        file,
        received: { storageOffset: tensor.storageOffset, shape: tensor.shape, stride: tensor.stride },
        expected: `indices below the storage's ${storage.count} elements`,
      });
    }
    const width = DTYPE_BYTES[dtype];
    const readRun = async (position: number, out: Float32Array) => readContiguous(await rangeSource(storage.entry), position * width, dtype, out.length, out);
    tensors.set(key, {
      entry: { key, dtype, shape: tensor.shape, elementCount: count, byteLength: count * width },
      async load(out) {
        if (count === 0) return;
        const bytes = await storageSource(storage.entry);
        if (contiguous) {
          await readContiguous(bytes, tensor.storageOffset * width, dtype, count, out);
          return;
        }
        // A strided view: read the span it touches, then gather in row-major order; a view whose
        // span dwarfs its elements is read run by run instead, so memory follows the view.
        const span = last - tensor.storageOffset + 1;
        if (span > 2 * count + SPARSE_VIEW_SLACK) {
          await readStridedRuns(bytes, tensor, dtype, out);
          return;
        }
        const window = allocateFloat32(span, file, key);
        await readContiguous(bytes, tensor.storageOffset * width, dtype, span, window);
        copyStrided(window, tensor.shape, tensor.stride, out);
      },
      // A window of a contiguous tensor is one byte range of its storage; a strided view is gathered
      // from covering runs of it. Stored members are read by sub-range, deflated ones inflated forward.
      async loadRange(start, out) {
        if (contiguous) {
          await readRun(tensor.storageOffset + start, out);
          return;
        }
        await gatherStridedWindow(readRun, { offset: tensor.storageOffset, shape: tensor.shape, strides: tensor.stride }, start, out);
      },
      storage: { offset: tensor.storageOffset, strides: tensor.stride, readRun },
    });
  };

  const metadata: Record<string, unknown> = {};
  // Tensors found inside a top-level container ({'state_dict': {...}}, {'model': {...}}): the
  // container's key, so a loader can unwrap only what MMEngine unwraps.
  const containers = new Map<string, string>();
  let container: string | undefined;
  const walk = (path: string, value: unknown, depth = 0): boolean => {
    if (depth > 100 || (visitsLeft -= 1) < 0) {
      throw new CheckpointError("CHECKPOINT_BAD_PICKLE", "the checkpoint nests containers more than 100 levels deep or repeats itself beyond its size", { file, received: path.slice(0, 200) });
    }
    if (value instanceof TensorReference) {
      addTensor(path, value);
      if (depth > 0 && container !== undefined) containers.set(path, container);
      return true;
    }
    let found = false;
    if (value instanceof Map) for (const [key, item] of value) found = walk(path === "" ? pickleKeyText(key) : `${path}.${pickleKeyText(key)}`, item, depth + 1) || found;
    else if (Array.isArray(value)) value.forEach((item, index) => (found = walk(`${path}.${index}`, item, depth + 1) || found));
    return found;
  };
  for (const [key, value] of root) {
    container = pickleKeyText(key);
    // defineProperty: a key named "__proto__" stays data, never a prototype.
    if (!walk(pickleKeyText(key), value)) Object.defineProperty(metadata, pickleKeyText(key), { value: toPlain(value), enumerable: true, writable: true, configurable: true });
  }
  return createCheckpointReader("torch", file, tensors, metadata, [source], containers);
}

/** Pickled values as plain JavaScript: dicts become objects, tuples and lists arrays. */
function toPlain(value: unknown, budget = { left: 100_000 }, depth = 0): unknown {
  if (depth > 64 || (budget.left -= 1) < 0) return "[truncated]";
  if (value instanceof Map) return Object.fromEntries([...value].map(([key, item]) => [pickleKeyText(key), toPlain(item, budget, depth + 1)]));
  if (Array.isArray(value)) return value.map((item) => toPlain(item, budget, depth + 1));
  if (value instanceof StorageReference) return `[storage ${value.key}]`;
  return value;
}

/** Elements a strided view may span beyond twice its own before it is read run by run. */
const SPARSE_VIEW_SLACK = 65_536;

/**
 * Reads a strided view element run by element run (a run is the innermost axis when its stride
 * is 1, else one element) straight from the storage, without materializing the span between.
 */
async function readStridedRuns(storage: ByteSource, tensor: TensorReference, dtype: CheckpointDtype, out: Float32Array): Promise<void> {
  const { shape, stride } = tensor;
  const rank = shape.length;
  const width = DTYPE_BYTES[dtype];
  const runLength = rank > 0 && stride[rank - 1] === 1 ? shape[rank - 1]! : 1;
  const outerRank = runLength > 1 ? rank - 1 : rank;
  const index = new Array<number>(outerRank).fill(0);
  let position = tensor.storageOffset;
  for (let target = 0; target < out.length; target += runLength) {
    await readContiguous(storage, position * width, dtype, runLength, out, target);
    for (let axis = outerRank - 1; axis >= 0; axis -= 1) {
      index[axis]! += 1;
      position += stride[axis]!;
      if (index[axis]! < shape[axis]!) break;
      position -= stride[axis]! * shape[axis]!;
      index[axis] = 0;
    }
  }
}
