import { CheckpointError } from "./checkpoint-error";

/** One tensor to place in a sharded checkpoint: its name and the bytes of its data. */
export interface ShardedLayoutTensor {
  readonly name: string;
  readonly byteLength: number;
}

/** One output file of a sharded layout. */
export interface ShardedLayoutFile {
  /** `model.safetensors` alone, else `model-00001-of-00003.safetensors` and so on. */
  readonly name: string;
  /** Names of the tensors it holds, in the order given. */
  readonly tensors: readonly string[];
  /** Sum of the tensors' data bytes (the header comes on top). */
  readonly dataBytes: number;
}

/** Where every tensor goes, as Hugging Face's writers split a state dict. */
export interface ShardedLayout {
  readonly files: readonly ShardedLayoutFile[];
  /** Tensors larger than the shard size, each alone in its file. */
  readonly oversized: readonly string[];
  /** Sum of every tensor's data bytes: the index's `metadata.total_size`. */
  readonly totalSize: number;
  /** The index file's name (`model.safetensors.index.json`); `undefined` when there is one file and no index. */
  readonly indexName: string | undefined;
}

/** Name of the single file, and stem of the shards' names, as `transformers` writes them. */
export const SAFETENSORS_WEIGHTS_NAME = "model.safetensors";
/** Name of the sharded checkpoint's index. */
export const SAFETENSORS_INDEX_NAME = "model.safetensors.index.json";

/**
 * Splits tensors into shards the way `huggingface_hub.split_torch_state_dict_into_shards` does:
 * in the given order, a shard is closed when the next tensor would take it beyond
 * `maxShardBytes`; a tensor larger than `maxShardBytes` gets a shard of its own, placed where the
 * Hub places it (before the shard being filled). One shard is written as `model.safetensors` with
 * no index; more are named `model-0000k-of-0000n.safetensors` with `model.safetensors.index.json`.
 * @throws CheckpointError `CHECKPOINT_BAD_ARGUMENT` for a shard size that is not a positive integer, a repeated name or a bad byte length.
 * @example
 * planShardedLayout([{ name: "a", byteLength: 6e9 }, { name: "b", byteLength: 1e9 }], 5e9).files.map((f) => f.name);
 * // ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"]
 */
export function planShardedLayout(tensors: readonly ShardedLayoutTensor[], maxShardBytes: number): ShardedLayout {
  if (!Number.isSafeInteger(maxShardBytes) || maxShardBytes < 1) {
    throw new CheckpointError("CHECKPOINT_BAD_ARGUMENT", "the shard size must be a positive integer number of bytes", { received: maxShardBytes, expected: "an integer >= 1" });
  }
  const groups: { tensors: string[]; dataBytes: number }[] = [];
  const oversized: string[] = [];
  const seen = new Set<string>();
  let current: { tensors: string[]; dataBytes: number } = { tensors: [], dataBytes: 0 };
  let totalSize = 0;
  for (const { name, byteLength } of tensors) {
    if (seen.has(name)) throw new CheckpointError("CHECKPOINT_BAD_ARGUMENT", `tensor "${name}" is listed twice`, { received: name, expected: "distinct tensor names" });
    if (!Number.isSafeInteger(byteLength) || byteLength < 0) {
      throw new CheckpointError("CHECKPOINT_BAD_ARGUMENT", `tensor "${name}" has a bad byte length`, { received: byteLength, expected: "a non-negative integer" });
    }
    seen.add(name);
    totalSize += byteLength;
    if (byteLength > maxShardBytes) {
      oversized.push(name);
      groups.push({ tensors: [name], dataBytes: byteLength });
      continue;
    }
    if (current.dataBytes + byteLength > maxShardBytes) {
      groups.push(current);
      current = { tensors: [], dataBytes: 0 };
    }
    current.tensors.push(name);
    current.dataBytes += byteLength;
  }
  if (current.tensors.length > 0 || groups.length === 0) groups.push(current);
  const count = groups.length;
  const digits = (value: number) => String(value).padStart(5, "0");
  const files = groups.map((group, index) => ({
    name: count === 1 ? SAFETENSORS_WEIGHTS_NAME : `model-${digits(index + 1)}-of-${digits(count)}.safetensors`,
    tensors: group.tensors,
    dataBytes: group.dataBytes,
  }));
  return { files, oversized, totalSize, indexName: count === 1 ? undefined : SAFETENSORS_INDEX_NAME };
}

/**
 * The text of `model.safetensors.index.json` for a layout, as `transformers`' `save_pretrained`
 * writes it: `{"metadata": {"total_size": N}, "weight_map": {tensor: file}}`, keys sorted,
 * two-space indentation and a final newline.
 * @example
 * const text = formatShardedIndex(planShardedLayout(tensors, 5e9));
 */
export function formatShardedIndex(layout: ShardedLayout): string {
  const entries = layout.files.flatMap((file) => file.tensors.map((tensor) => [tensor, file.name] as const));
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // Spelled out rather than JSON.stringify(object): an object would move integer-like names first.
  const mapText = entries.length === 0 ? "{}" : `{\n${entries.map(([tensor, file]) => `    ${JSON.stringify(tensor)}: ${JSON.stringify(file)}`).join(",\n")}\n  }`;
  return `{\n  "metadata": {\n    "total_size": ${layout.totalSize}\n  },\n  "weight_map": ${mapText}\n}\n`;
}
