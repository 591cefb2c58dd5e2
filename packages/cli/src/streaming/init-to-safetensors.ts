import { mkdir, rm, rmdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Module } from "@initlib/core";
import { formatShardedIndex, openSafetensorsFileWriter, planShardedLayout, type WritableFileHandle } from "@initlib/checkpoint";
import { InitlibError } from "@initlib/registry";
import { createPendingOutputs, type PendingOutput } from "../pending-outputs";
import { formatByteSize, parseByteSize } from "./byte-size";
import { inspectOutputDirectory } from "./output-directory";
import { type ParameterSlice, sliceShape } from "./parameter-slice";
import { planStateTensors, type PlannedStateTensor, type StatePlan } from "./plan-state-tensors";
import { assignFilesToShards, parseShardSelection, type ShardEnvironment, type ShardSelection } from "./shard-selection";
import { chunkElementsFor } from "./stream-limits";
import { streamTensor } from "./stream-tensor";
import { asWriteError } from "./write-error";

/** Options of {@link initToSafetensors}. */
export interface InitToSafetensorsOptions {
  /** The directory to write (created if absent; an earlier initlib output in it is replaced). */
  readonly outDir: string;
  /** Seed of the counter-based generator. @default 0 */
  readonly seed?: number;
  /** Largest shard's data, in bytes or as `5GB`, `500MiB`. @default "5GB" (the Hub's default) */
  readonly maxShardSize?: number | string;
  /** Memory for values in flight, in bytes or as `2GB`; at least 512 KiB. @default "2GB" */
  readonly maxMemory?: number | string;
  /** Write only part k of n (`"2/3"`, `{ index: 2, count: 3 }`, 1-based) or `"auto"` (Kubernetes, Slurm). @default all */
  readonly shard?: string | ShardSelection;
  /** Parts of the split for `shard: "auto"` in a Kubernetes Indexed Job (its `completions`). */
  readonly shardCount?: number;
  /** Variables `shard: "auto"` reads. @default process.env */
  readonly environment?: ShardEnvironment;
  /** Tensor-parallel slices: per tensor name, the range of rows or columns to write instead of the whole tensor. */
  readonly slices?: Readonly<Record<string, ParameterSlice>>;
  /** Called after each chunk with the bytes written so far and the bytes this process writes. */
  readonly onProgress?: (writtenBytes: number, totalBytes: number) => void;
  /** Opens a file for writing (tests inject failures here). @default node:fs/promises `open(path, "w")` */
  readonly openFile?: (path: string) => Promise<WritableFileHandle>;
}

/** What a streamed init wrote. */
export interface StreamedOutput {
  /** Absolute path of the directory. */
  readonly directory: string;
  /** Every file of the layout, in order (the index last when there is one). */
  readonly layoutFiles: readonly string[];
  /** The files this process wrote (all of them without `shard`). */
  readonly writtenFiles: readonly string[];
  readonly shard: ShardSelection;
  /** Tensors in the whole layout, and their data bytes (the index's `total_size`). */
  readonly tensorCount: number;
  readonly totalSize: number;
  /** Bytes this process wrote (headers included). */
  readonly writtenBytes: number;
  /** Elements per chunk the memory budget allowed. */
  readonly chunkElements: number;
  readonly plan: StatePlan;
  readonly warnings: readonly string[];
}

const METADATA = (seed: number) => ({ format: "pt", producer: "initlib", seed: String(seed) });

/**
 * Initializes `model` straight to disk in Hugging Face's layout: `model.safetensors` when
 * everything fits one shard, else `model-0000k-of-0000n.safetensors` and
 * `model.safetensors.index.json`. The plan comes from a dry run (nothing is allocated); each
 * tensor is generated chunk by chunk with the same (seed, path) keys as an in-memory init, so the
 * files hold exactly its values while memory stays within `maxMemory` plus a fixed overhead.
 * Files are written under temporary names and renamed together at the end; on any failure (an
 * error, a full disk, SIGINT/SIGTERM) the temporary files are removed and the directory is left as
 * it was. With `shard`, only that part's files are written (index.json by part 1): n processes
 * with parts 1..n together write the same bytes as one.
 * @throws InitlibError `INITLIB_BAD_ARGUMENT` (sizes, shard), `INITLIB_UNSAFE_OUTPUT` (a directory
 * that is not ours), `INITLIB_WRITE_FAILED` (ENOSPC and other file-system failures).
 * @example
 * const { model } = await loadModelFile("llama.json");
 * await initToSafetensors(model, { outDir: "weights/", maxShardSize: "5GB", maxMemory: "2GB", seed: 0 });
 */
export async function initToSafetensors(model: Module, options: InitToSafetensorsOptions): Promise<StreamedOutput> {
  const seed = options.seed ?? 0;
  const maxShardSize = parseByteSize(options.maxShardSize ?? "5GB", "--max-shard-size");
  const maxMemory = parseByteSize(options.maxMemory ?? "2GB", "--max-memory");
  const shard = selectShard(options);
  const directory = resolve(options.outDir);
  const plan = await planStateTensors(model, seed);
  const slices = checkSlices(plan.tensors, options.slices ?? {});
  const shapeOf = (tensor: PlannedStateTensor) => (slices.has(tensor.name) ? sliceShape(tensor.shape, slices.get(tensor.name)!, tensor.name) : tensor.shape);
  const byName = new Map(plan.tensors.map((tensor) => [tensor.name, tensor]));
  const layout = planShardedLayout(
    plan.tensors.map((tensor) => ({ name: tensor.name, byteLength: shapeOf(tensor).reduce((product, extent) => product * extent, 1) * 4 })),
    maxShardSize,
  );
  const warnings = [...plan.warnings];
  for (const name of layout.oversized) {
    warnings.push(`${name} (${formatByteSize(byName.get(name)!.elementCount * 4)}) is larger than --max-shard-size ${formatByteSize(maxShardSize)}: it gets a shard of its own`);
  }
  const assignment = assignFilesToShards(layout.files.map((file) => file.dataBytes), shard.count);
  const mine = layout.files.filter((_, index) => assignment[index] === shard.index);
  const writesIndex = layout.indexName !== undefined && shard.index === 1;
  if (mine.length === 0 && !writesIndex) warnings.push(`part ${shard.index} of ${shard.count} has no files to write: the layout has ${layout.files.length}`);
  const chunkElements = chunkElementsFor(maxMemory, mine.flatMap((file) => file.tensors.map((name) => byName.get(name)!)));

  const outputs = createPendingOutputs();
  // What runs killed mid-write left here is cleaned (or their commit finished) before the folder is judged.
  warnings.push(...(await outputs.recover(directory)));
  const before = await inspectOutputDirectory(directory);
  const pending = new Map<string, PendingOutput>();
  for (const file of mine) pending.set(file.name, outputs.add(join(directory, file.name)));
  const indexOutput = writesIndex ? outputs.add(join(directory, layout.indexName!)) : undefined;
  let writtenBytes = 0;
  let current = directory;
  try {
    await outputs.check();
    await mkdir(directory, { recursive: true });
    const buffers = [new Float32Array(chunkElements), new Float32Array(chunkElements)] as const;
    const metadata = METADATA(seed);
    const headerEntries = (names: readonly string[]) =>
      names.map((name) => {
        const tensor = byName.get(name)!;
        return { name, dtype: "F32", shape: shapeOf(tensor), ...(tensor.layout ? { layout: tensor.layout } : {}) };
      });
    const totalBytes = mine.reduce((total, file) => total + file.dataBytes, 0);
    let dataWritten = 0;
    for (const file of mine) {
      const output = pending.get(file.name)!;
      current = join(directory, file.name);
      const writer = await openSafetensorsFileWriter(output.temporaryPath, headerEntries(file.tensors), metadata, { ...(options.openFile ? { open: options.openFile } : {}) });
      try {
        for (const name of file.tensors) {
          await streamTensor(byName.get(name)!, slices.get(name), buffers, async (chunk) => {
            await writer.write(chunk);
            dataWritten += chunk.byteLength;
            options.onProgress?.(dataWritten, totalBytes);
          });
        }
        await writer.finish();
      } catch (error) {
        await writer.abort();
        throw error;
      }
      writtenBytes += writer.fileBytes;
    }
    if (indexOutput) {
      current = indexOutput.path;
      const text = formatShardedIndex(layout);
      await outputs.writeText(indexOutput, text);
      writtenBytes += Buffer.byteLength(text);
    }
    current = directory;
    await outputs.commit();
  } catch (error) {
    await outputs.discard();
    if (!before.exists) await rmdir(directory).catch(() => undefined);
    throw asWriteError(error, current);
  }
  // Files of an earlier layout this one does not have (an earlier split into more shards).
  const names = new Set([...layout.files.map((file) => file.name), ...(layout.indexName ? [layout.indexName] : [])]);
  if (shard.index === 1) for (const stale of before.layoutFiles) if (!names.has(stale)) await rm(join(directory, stale), { force: true });
  return {
    directory,
    layoutFiles: [...names],
    writtenFiles: [...mine.map((file) => file.name), ...(indexOutput ? [layout.indexName!] : [])],
    shard,
    tensorCount: plan.tensors.length,
    totalSize: layout.totalSize,
    writtenBytes,
    chunkElements,
    plan,
    warnings,
  };
}

function selectShard(options: InitToSafetensorsOptions): ShardSelection {
  const { shard } = options;
  if (shard === undefined) return { index: 1, count: 1 };
  if (typeof shard === "string") return parseShardSelection(shard, options.environment ?? process.env, options.shardCount);
  return parseShardSelection(`${shard.index}/${shard.count}`, {});
}

function checkSlices(tensors: readonly PlannedStateTensor[], slices: Readonly<Record<string, ParameterSlice>>): Map<string, ParameterSlice> {
  const known = new Map(tensors.map((tensor) => [tensor.name, tensor]));
  const checked = new Map<string, ParameterSlice>();
  for (const [name, slice] of Object.entries(slices)) {
    const tensor = known.get(name);
    if (!tensor) {
      throw new InitlibError("INITLIB_BAD_ARGUMENT", `a slice names ${name}, which the model does not have`, {
        path: `slices.${name}`,
        received: name,
        expected: "a parameter or buffer name of the model's state dict",
      });
    }
    sliceShape(tensor.shape, slice, `slices.${name}`);
    checked.set(name, slice);
  }
  return checked;
}
