import type { ByteSource } from "./byte-source";
import { CheckpointError } from "./checkpoint-error";
import { errorForKey } from "./keyed-error";
import type { CheckpointFormat, CheckpointReader } from "./checkpoint-reader";

/** Largest index file read, in bytes. */
export const SHARDED_INDEX_MAX_BYTES = 64 * 2 ** 20;

/** Opens the shard a sharded index names (the path is validated by the opener). */
export type ShardReaderOpener = (file: string) => Promise<CheckpointReader>;

/** Whether parsed JSON is a Hugging Face sharded-checkpoint index (`weight_map`). */
export function isShardedIndex(json: unknown): json is { weight_map: Record<string, unknown>; metadata?: unknown } {
  return typeof json === "object" && json !== null && !Array.isArray(json) && Object.hasOwn(json, "weight_map");
}

/**
 * Reads a sharded checkpoint's index (`model.safetensors.index.json`,
 * `pytorch_model.bin.index.json`): keys come from `weight_map`, and a shard is opened only when
 * one of its keys is prepared or read, so taking one submodule from a many-shard checkpoint opens
 * only the shards that hold it. `entry(key)` needs `prepare([key, ...])` first.
 * @example
 * const reader = await readShardedIndex(json, source.name, (file) => openShard(file));
 * await reader.prepare!(["encoder.layer.0.weight"]);
 */
export function readShardedIndex(json: unknown, source: string, openShard: ShardReaderOpener): CheckpointReader {
  const bad = (summary: string, received?: unknown) =>
    new CheckpointError("CHECKPOINT_BAD_HEADER", summary, { file: source, ...(received === undefined ? {} : { received }), expected: '{ "weight_map": { "<key>": "<shard file>" } }' });
  if (!isShardedIndex(json) || typeof json.weight_map !== "object" || json.weight_map === null || Array.isArray(json.weight_map)) throw bad("the index has no weight_map object");
  const shardOf = new Map<string, string>();
  for (const [key, file] of Object.entries(json.weight_map)) {
    if (typeof file !== "string" || file === "") throw bad(`weight_map["${key}"] is not a file name`, file);
    shardOf.set(key, file);
  }
  const files = [...new Set(shardOf.values())];
  const format: CheckpointFormat = files.every((file) => /\.safetensors$/i.test(file)) ? "safetensors" : "torch";
  const opened = new Map<string, Promise<CheckpointReader>>();
  let closed = false;
  const shardFor = (key: string): string => {
    const file = shardOf.get(key);
    if (file === undefined) {
      throw new CheckpointError("CHECKPOINT_UNKNOWN_KEY", `no tensor "${key}" in the checkpoint`, { file: source, received: key, expected: `one of the ${shardOf.size} keys of weight_map` });
    }
    return file;
  };
  const open = (file: string): Promise<CheckpointReader> => {
    if (closed) throw new CheckpointError("CHECKPOINT_CLOSED", "the checkpoint was closed", { file: source });
    let reader = opened.get(file);
    if (!reader) {
      reader = openShard(file);
      opened.set(file, reader);
      // A failed open is not kept: a later prepare tries the shard again.
      reader.catch(() => opened.delete(file));
    }
    return reader;
  };
  const ready = new Map<string, CheckpointReader>();
  const metadata = typeof json.metadata === "object" && json.metadata !== null ? (json.metadata as Record<string, unknown>) : {};
  return {
    format,
    source,
    metadata,
    keys: () => [...shardOf.keys()],
    has: (key) => shardOf.has(key),
    entry(key) {
      const file = shardFor(key);
      const reader = ready.get(file);
      if (!reader) {
        throw new CheckpointError("CHECKPOINT_BAD_ARGUMENT", `the shard holding "${key}" is not open yet`, { file: source, received: file, hint: "call prepare([key]) first" });
      }
      return reader.entry(key);
    },
    async prepare(keys) {
      for (const file of new Set(keys.map(shardFor))) {
        let reader: CheckpointReader;
        try {
          reader = await open(file);
        } catch (error) {
          const key = keys.find((candidate) => shardOf.get(candidate) === file)!;
          throw errorForKey(error, key, `the shard "${file}" that holds "${key}" cannot be opened`);
        }
        ready.set(file, reader);
      }
      for (const key of keys) {
        if (!ready.get(shardFor(key))!.has(key)) {
          throw new CheckpointError("CHECKPOINT_BAD_HEADER", `the index puts "${key}" in ${shardFor(key)}, which does not hold it`, { file: source, received: key });
        }
      }
    },
    async read(key, options) {
      await this.prepare!([key]);
      return ready.get(shardFor(key))!.read(key, options);
    },
    canReadRange(key) {
      const reader = ready.get(shardFor(key));
      return reader?.canReadRange?.(key) ?? false;
    },
    async readRange(key, start, count, options) {
      await this.prepare!([key]);
      const reader = ready.get(shardFor(key))!;
      if (!reader.readRange) {
        throw new CheckpointError("CHECKPOINT_BAD_ARGUMENT", `tensor "${key}" cannot be read by range`, { file: source, received: key, hint: "read it whole with read(key)" });
      }
      return reader.readRange(key, start, count, options);
    },
    async close() {
      if (closed) return;
      closed = true;
      const readers = await Promise.allSettled(opened.values());
      await Promise.all(readers.map((result) => (result.status === "fulfilled" ? result.value.close() : undefined)));
    },
  };
}

/** Reads a JSON checkpoint file (a tfjs model.json or a sharded index) under the index size cap. */
export async function readJsonFile(source: ByteSource, maxBytes = SHARDED_INDEX_MAX_BYTES): Promise<unknown> {
  if (source.size > maxBytes) {
    throw new CheckpointError("CHECKPOINT_TOO_LARGE", `the JSON file holds ${source.size} bytes`, { file: source.name, expected: `at most ${maxBytes} bytes (maxJsonBytes)` });
  }
  const text = new TextDecoder().decode(await source.read(0, source.size));
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new CheckpointError("CHECKPOINT_BAD_HEADER", "the JSON file does not parse", { file: source.name, cause });
  }
}
