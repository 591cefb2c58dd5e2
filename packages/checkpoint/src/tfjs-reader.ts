import { concatSources, type ByteSource } from "./byte-source";
import { CheckpointError } from "./checkpoint-error";
import type { CheckpointLimits } from "./checkpoint-limits";
import { createCheckpointReader, readContiguous, type CheckpointReader, type StoredTensor } from "./checkpoint-reader";
import { CONVERSION_CHUNK_ELEMENTS, convertToFloat32, DTYPE_BYTES, elementCount, type CheckpointDtype } from "./dtype";

/** Opens one weight shard named by a manifest path (resolved relative to model.json by the caller). */
export type ShardOpener = (path: string) => Promise<ByteSource>;

const PLAIN_DTYPES: Readonly<Record<string, CheckpointDtype>> = { float32: "float32", int32: "int32", bool: "bool" };
const QUANTIZED_DTYPES: Readonly<Record<string, CheckpointDtype>> = { uint8: "uint8", uint16: "uint16", float16: "float16" };

/** Largest model.json accepted (the topology of very large models stays far below this). */
export const TFJS_MAX_MODEL_JSON_BYTES = 256 * 2 ** 20;

/**
 * Reads a tfjs `model.json` and its `weightsManifest`: float32, int32 and bool weights, and weights
 * quantized to uint8/uint16 (`value = q * scale + min`) or float16. Weights of a group are laid end
 * to end over the group's shards; the shards must hold exactly the bytes the manifest describes.
 * @example
 * const reader = await readTfjsModel(await openFileSource("model.json"), (path) => openFileSource(join(dir, path)));
 */
export async function readTfjsModel(modelJson: ByteSource, openShard: ShardOpener, limits: Pick<CheckpointLimits, "maxJsonBytes"> = {}): Promise<CheckpointReader> {
  const maxJsonBytes = limits.maxJsonBytes ?? TFJS_MAX_MODEL_JSON_BYTES;
  const file = modelJson.name;
  const bad = (summary: string, received?: unknown) =>
    new CheckpointError("CHECKPOINT_BAD_HEADER", summary, { file, ...(received === undefined ? {} : { received }), hint: "the model.json is not a valid tfjs weights manifest" });
  if (modelJson.size > maxJsonBytes) throw new CheckpointError("CHECKPOINT_TOO_LARGE", "model.json is too large", { file, received: modelJson.size, expected: `at most ${maxJsonBytes} bytes (maxJsonBytes)` });
  let model: unknown;
  try {
    model = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(await modelJson.read(0, modelJson.size)));
  } catch (cause) {
    if (CheckpointError.isInstance(cause)) throw cause;
    throw new CheckpointError("CHECKPOINT_BAD_HEADER", "model.json is not valid JSON", { file, cause });
  }
  await modelJson.close();
  if (typeof model !== "object" || model === null || !Array.isArray((model as { weightsManifest?: unknown }).weightsManifest)) {
    throw bad("model.json has no weightsManifest array");
  }
  const manifest = (model as { weightsManifest: unknown[] }).weightsManifest;
  const metadata: Record<string, unknown> = {};
  for (const name of ["format", "generatedBy", "convertedBy"]) {
    const value = (model as Record<string, unknown>)[name];
    if (value !== undefined) metadata[name] = value;
  }
  const tensors = new Map<string, StoredTensor>();
  const opened: ByteSource[] = [];
  try {
    for (const [groupIndex, group] of manifest.entries()) {
      const { paths, weights } = (group ?? {}) as { paths?: unknown; weights?: unknown };
      if (!Array.isArray(paths) || !paths.every((path) => typeof path === "string") || !Array.isArray(weights)) {
        throw bad(`weightsManifest[${groupIndex}] needs "paths" (strings) and "weights"`, group);
      }
      const shards: ByteSource[] = [];
      for (const path of paths as string[]) {
        const shard = await openShard(path);
        opened.push(shard);
        shards.push(shard);
      }
      const data = concatSources(shards, `${file} (group ${groupIndex}: ${(paths as string[]).join(", ")})`);
      let offset = 0;
      for (const [weightIndex, weight] of weights.entries()) {
        const { name, shape, dtype, quantization } = (weight ?? {}) as Record<string, unknown>;
        const where = `weightsManifest[${groupIndex}].weights[${weightIndex}]`;
        if (typeof name !== "string" || !Array.isArray(shape) || typeof dtype !== "string") throw bad(`${where} needs name, shape and dtype`, weight);
        if (tensors.has(name)) throw bad(`weight "${name}" appears twice`);
        let stored: CheckpointDtype | undefined = PLAIN_DTYPES[dtype];
        let affine: { min: number; scale: number } | undefined;
        if (quantization !== undefined) {
          const { dtype: quantizedType, min, scale } = (quantization ?? {}) as Record<string, unknown>;
          stored = typeof quantizedType === "string" && Object.hasOwn(QUANTIZED_DTYPES, quantizedType) ? QUANTIZED_DTYPES[quantizedType] : undefined;
          if (!stored) {
            throw new CheckpointError("CHECKPOINT_UNSUPPORTED_DTYPE", `${where} ("${name}") has an unsupported quantization`, { file, received: quantization, expected: "uint8, uint16 or float16" });
          }
          if (stored !== "float16") {
            if (typeof min !== "number" || typeof scale !== "number" || !Number.isFinite(min) || !Number.isFinite(scale)) {
              throw bad(`${where} ("${name}") is quantized without numeric min and scale`, quantization);
            }
            affine = { min, scale };
          }
        } else if (!stored || !Object.hasOwn(PLAIN_DTYPES, dtype)) {
          throw new CheckpointError("CHECKPOINT_UNSUPPORTED_DTYPE", `${where} ("${name}") has an unsupported dtype`, { file, received: dtype, expected: "float32, int32 or bool" });
        }
        const width = DTYPE_BYTES[stored];
        const count = elementCount(shape, file, name);
        const begin = offset;
        if (begin + count * width > data.size) {
          throw new CheckpointError("CHECKPOINT_TRUNCATED", `weight "${name}" runs past the end of its shards`, {
            file,
            received: paths,
            expected: `at least ${begin + count * width} bytes in weightsManifest[${groupIndex}]'s shards, found ${data.size}`,
          });
        }
        const storedType = stored;
        const transform = affine;
        tensors.set(name, {
          entry: { key: name, dtype: storedType, shape: shape as number[], elementCount: count, byteLength: count * width },
          async load(out) {
            if (!transform) {
              await readContiguous(data, begin, storedType, count, out);
              return;
            }
            const bytes = await data.read(begin, count * width);
            convertToFloat32(bytes, storedType, count, out);
            // tfjs-core's io dequantization: value = q * scale + min (rounded to float32 once, on store).
            for (let index = 0; index < count; index += 1) out[index] = out[index]! * transform.scale + transform.min;
          },
          // A window is one byte range across the group's shards, dequantized step by step.
          loadRange: (start, out) => (transform ? readDequantized(data, begin + start * width, storedType, transform, out) : readContiguous(data, begin + start * width, storedType, out.length, out)),
        });
        offset += count * width;
      }
      if (offset !== data.size) {
        throw new CheckpointError(
          "CHECKPOINT_BAD_OFFSETS",
          `the shards of weightsManifest[${groupIndex}] hold ${data.size} bytes, the manifest describes ${offset}`,
          { file, received: paths, expected: `${offset} bytes` },
        );
      }
    }
  } catch (error) {
    await Promise.all(opened.map((shard) => shard.close().catch(() => undefined)));
    throw error;
  }
  return createCheckpointReader("tfjs", file, tensors, metadata, opened);
}

/**
 * Reads `out.length` quantized elements at byte `offset` and dequantizes them (`q * scale + min`,
 * as a whole read does) through a conversion buffer of at most {@link CONVERSION_CHUNK_ELEMENTS}.
 */
async function readDequantized(data: ByteSource, offset: number, dtype: CheckpointDtype, transform: { min: number; scale: number }, out: Float32Array): Promise<void> {
  const width = DTYPE_BYTES[dtype];
  const step = Math.min(out.length, CONVERSION_CHUNK_ELEMENTS);
  const scratch = new Uint8Array(step * width);
  for (let done = 0; done < out.length; done += step) {
    const count = Math.min(step, out.length - done);
    const bytes = await data.read(offset + done * width, count * width, scratch);
    convertToFloat32(bytes, dtype, count, out, done);
    for (let index = done; index < done + count; index += 1) out[index] = out[index]! * transform.scale + transform.min;
  }
}
