import { encodeSafetensors, type SafetensorsTensor } from "@initlib/checkpoint";

/** Where a tensor's bytes sit in its safetensors file (absolute offsets, end exclusive). */
export interface TensorBytes {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

/** A checkpoint's files (by name) and where each tensor's bytes are. */
export interface CheckpointFixture {
  readonly files: Record<string, Uint8Array>;
  readonly tensors: Record<string, TensorBytes>;
  /** Header end (8-byte length + JSON header) of each safetensors file. */
  readonly headerEnds: Record<string, number>;
}

const WIDTH = 256;

/** `count` values evenly spread over [-0.5, 0.5) in a scrambled order (a known, flat histogram). */
export function evenlySpread(count: number): Float32Array {
  const values = new Float32Array(count);
  // 7919 is prime, so i·7919 mod count visits every residue once when count is a power of two.
  for (let i = 0; i < count; i++) values[i] = ((i * 7919) % count) / count - 0.5;
  return values;
}

function filled(count: number, value: (index: number) => number, type: Float32ArrayConstructor | Float64ArrayConstructor = Float32Array): Float32Array | Float64Array {
  const values = new type(count);
  for (let i = 0; i < count; i++) values[i] = value(i);
  return values;
}

/** Adds a safetensors file to the fixture, with the byte span of every tensor in it. */
function addSafetensors(fixture: CheckpointFixture, file: string, tensors: Record<string, SafetensorsTensor>): void {
  const bytes = encodeSafetensors(tensors);
  const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  const headerEnd = 8 + headerLength;
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, headerEnd))) as Record<string, { data_offsets?: [number, number] }>;
  for (const [key, entry] of Object.entries(header)) {
    if (entry.data_offsets) fixture.tensors[key] = { file, start: headerEnd + entry.data_offsets[0], end: headerEnd + entry.data_offsets[1] };
  }
  fixture.files[file] = bytes;
  fixture.headerEnds[file] = headerEnd;
}

/**
 * A Hugging Face style sharded safetensors checkpoint for the page's MLP (`layers.<2i>.weight`
 * [256, 256], `.bias` [256]): `model.safetensors.index.json` and three shards.
 * - shard 1: layers 0, 2 and 4 (weights and biases, float32; `layers.0.weight` evenly spread over
 *   [-0.5, 0.5));
 * - shard 2: `extra.scale` (not in the model), then `layers.6.weight` stored as float64;
 * - shard 3: `classifier.weight` and `classifier.bias` (not in the model).
 * Loading it into the MLP: 7 matched, 53 missing, 3 unexpected, 1 converted; shard 3 and the bytes
 * of `extra.scale` are never needed. `keyPrefix` (e.g. `backbone.`) goes in front of every key of
 * shards 1 and 2, as in a detector's checkpoint whose backbone is loaded with `prefix`.
 * @example
 * const { files } = shardedCheckpoint("sharded/");
 */
export function shardedCheckpoint(folder: string, keyPrefix = ""): CheckpointFixture {
  const fixture: CheckpointFixture = { files: {}, tensors: {}, headerEnds: {} };
  const shard = (index: number) => `model-0000${index}-of-00003.safetensors`;
  const layer = (index: number, seed: number): Record<string, SafetensorsTensor> => ({
    [`${keyPrefix}layers.${index}.weight`]: { data: index === 0 ? evenlySpread(WIDTH * WIDTH) : filled(WIDTH * WIDTH, (i) => Math.sin(i * seed) * 0.05), shape: [WIDTH, WIDTH] },
    [`${keyPrefix}layers.${index}.bias`]: { data: filled(WIDTH, () => 0.01 * seed), shape: [WIDTH] },
  });
  addSafetensors(fixture, folder + shard(1), { ...layer(0, 1), ...layer(2, 2), ...layer(4, 3) });
  addSafetensors(fixture, folder + shard(2), {
    [`${keyPrefix}extra.scale`]: { data: filled(64 * WIDTH, () => 3), shape: [64, WIDTH] },
    [`${keyPrefix}layers.6.weight`]: { data: filled(WIDTH * WIDTH, (i) => Math.cos(i) * 0.05, Float64Array), shape: [WIDTH, WIDTH] },
  });
  addSafetensors(fixture, folder + shard(3), {
    "classifier.weight": { data: filled(10 * WIDTH, () => 1), shape: [10, WIDTH] },
    "classifier.bias": { data: filled(10, () => 0), shape: [10] },
  });
  const weightMap: Record<string, string> = {};
  let totalSize = 0;
  for (const [key, { file, start, end }] of Object.entries(fixture.tensors)) {
    weightMap[key] = file.slice(folder.length);
    totalSize += end - start;
  }
  const index = { metadata: { total_size: totalSize }, weight_map: weightMap };
  fixture.files[`${folder}model.safetensors.index.json`] = new TextEncoder().encode(JSON.stringify(index, null, 2));
  return fixture;
}

/**
 * One safetensors file for the MLP, as a user would pick from disk: `layers.0` (float32),
 * `layers.2.weight` stored as float64, and `head.weight` (not in the model). Loading it: 3 matched,
 * 57 missing, 1 unexpected, 1 converted.
 */
export function singleFileCheckpoint(): Uint8Array {
  return encodeSafetensors({
    "layers.0.weight": { data: evenlySpread(WIDTH * WIDTH), shape: [WIDTH, WIDTH] },
    "layers.0.bias": { data: new Float32Array(WIDTH), shape: [WIDTH] },
    "layers.2.weight": { data: filled(WIDTH * WIDTH, (i) => Math.sin(i) * 0.05, Float64Array), shape: [WIDTH, WIDTH] },
    "head.weight": { data: new Float32Array(10 * WIDTH), shape: [10, WIDTH] },
  });
}
