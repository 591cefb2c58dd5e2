// The loading half of PretrainedInit: opening the checkpoint, matching its keys to the module's
// state and planning one lazy read per loaded tensor. PretrainedInit.plan imports this module
// (and with it @initlib/checkpoint) on first use, so bundles that never load a checkpoint carry none of it.
import { resolveCheckpointPath } from "#checkpoint-path";
import { CheckpointError, openCheckpoint, type CheckpointInput, type CheckpointReader, type OpenCheckpointOptions, type TensorEntry } from "@initlib/checkpoint";
import { InitlibError } from "@initlib/registry";
import type { ModuleLike } from "../module-like";
import type { Layout } from "../param-like";
import type { InitializerPlan, LoadReport, PlannedWrite } from "../weight-initializer";
import { defaultLayout, layoutPermutation, torchLayoutOf, transposeAxes } from "./layout-transpose";
import { mismatchWarning } from "./load-warning";
import { SharedCheckpoint } from "./shared-checkpoint";
import { stateDictKeys, type KeyRename } from "./state-dict-keys";

/** What the load needs of a `PretrainedInit`: its validated arguments and its info string. */
export interface PretrainedLoadSettings {
  readonly checkpoint: string;
  readonly prefix: string | undefined;
  readonly renames: readonly KeyRename[];
  readonly baseDirectory: string | undefined;
  readonly sha256: string | undefined;
  /** The options the checkpoint is opened with (`sha256` comes on top). */
  readonly checkpointOptions: OpenCheckpointOptions;
  readonly info: string;
  /** What is opened: the path, URL or value given. */
  readonly checkpointSource: CheckpointInput;
}

const isUrl = (text: string) => /^(https?|hf):\/\//i.test(text);

/**
 * What `PretrainedInit.plan` does: logs MMEngine's INFO lines, resolves a relative path (Node),
 * opens and validates the checkpoint, matches its keys and plans the writes.
 * @example
 * const plan = await planPretrainedLoad(new PretrainedInit({ checkpoint: "a.safetensors" }), model);
 */
export async function planPretrainedLoad(init: PretrainedLoadSettings, module: ModuleLike): Promise<InitializerPlan> {
  const logs: { level: "info" | "warning"; message: string }[] = [];
  logs.push({
    level: "info",
    message: init.prefix === undefined ? `load model from: ${init.checkpoint}` : `load ${init.prefix} in model from: ${init.checkpoint}`,
  });
  logs.push({ level: "info", message: `Loads checkpoint by ${isUrl(init.checkpoint) ? "http" : "local"} backend from path: ${init.checkpoint}` });
  const location = await locationOf(init);
  const options: OpenCheckpointOptions = { ...init.checkpointOptions, ...(init.sha256 === undefined ? {} : { sha256: init.sha256 }) };
  let reader: CheckpointReader;
  try {
    reader = await openCheckpoint(location, options);
  } catch (cause) {
    throw checkpointError(init, cause);
  }
  try {
    return await match(init, module, reader, location, options, logs);
  } catch (error) {
    await reader.close();
    throw error;
  }
}

async function match(
  init: PretrainedLoadSettings,
  module: ModuleLike,
  reader: CheckpointReader,
  location: CheckpointInput,
  options: OpenCheckpointOptions,
  logs: { level: "info" | "warning"; message: string }[],
): Promise<InitializerPlan> {
  // MMEngine unwraps only a top-level `state_dict`; any other container (`{'meta': ..., 'model':
  // {...}}`) is one non-tensor key of the state dict, which loads nothing and is unexpected.
  const containerOf = (key: string) => reader.containerOf?.(key);
  const unwrapsStateDict = reader.keys().some((key) => containerOf(key) === "state_dict");
  const loadable = reader.keys().filter((key) => (unwrapsStateDict ? containerOf(key) === "state_dict" : containerOf(key) === undefined));
  const containers = unwrapsStateDict ? [] : [...new Set(reader.keys().flatMap((key) => containerOf(key) ?? []))];
  const keys = stateDictKeys(loadable, { prefix: init.prefix, renames: init.renames, checkpoint: init.checkpoint, otherKeys: containers });
  // A sharded checkpoint opens only the shards that hold keys this module takes.
  await reader.prepare?.([...module.stateEntries()].flatMap(({ name }) => keys.get(name) ?? []));
  const loaded: string[] = [];
  const missing: string[] = [];
  const shapeMismatched: LoadReport["shapeMismatched"][number][] = [];
  const converted: { key: string; dtype: string }[] = [];
  const used = new Set<string>();
  const matches: { name: string; entry: TensorEntry; tensor: PlannedWrite["tensor"]; permutation: number[] | undefined }[] = [];
  for (const { name, tensor } of module.stateEntries()) {
    const source = keys.get(name);
    if (source === undefined) {
      if (!name.includes("num_batches_tracked")) missing.push(name);
      continue;
    }
    used.add(name);
    const entry = reader.entry(source);
    const permutation = permutationFor(entry, tensor.shape, tensor.layout, reader.format === "tfjs");
    if (permutation === null) {
      shapeMismatched.push({ key: name, checkpointShape: [...entry.shape], modelShape: [...tensor.shape] });
      continue;
    }
    loaded.push(name);
    if (entry.dtype !== "float32") converted.push({ key: name, dtype: entry.dtype });
    matches.push({ name, entry, tensor, permutation });
  }
  const unexpected = [...[...keys.keys()].filter((key) => !used.has(key)), ...(init.prefix === undefined ? containers : [])];
  const shared = new SharedCheckpoint(location, options, reader, matches.length);
  const writes: PlannedWrite[] = matches.map(({ entry, tensor, permutation }) => ({
    tensor,
    info: init.info,
    rule: {
      kind: "values",
      source: `${init.checkpoint}:${entry.key}`,
      load: async () => {
        let values: Float32Array;
        try {
          values = await shared.read(entry.key);
        } catch (cause) {
          throw checkpointError(init, cause, entry.key);
        }
        return permutation ? transposeAxes(values, entry.shape, permutation) : values;
      },
      // A window of the parameter is the same window of the checkpoint tensor, read with its axes
      // permuted when the layouts differ (gathered from ranged reads of the stored layout).
      ...(reader.canReadRange?.(entry.key) === true
        ? {
            loadRange: async (start: number, into: Float32Array) => {
              try {
                await shared.readRange(entry.key, start, into, entry.elementCount, permutation);
              } catch (cause) {
                throw checkpointError(init, cause, entry.key);
              }
            },
          }
        : {}),
    },
  }));
  const loadReport: LoadReport = { checkpoint: init.checkpoint, loaded, missing, unexpected, shapeMismatched, converted };
  const release = () => shared.close();
  const warning = mismatchWarning(loadReport);
  if (warning !== undefined) logs.push({ level: "warning", message: warning });
  return { writes, logs, loadReport, release };
}

/**
 * `undefined` to copy as stored, a permutation to transpose, `null` when the shapes are not
 * compatible.
 */
function permutationFor(entry: TensorEntry, shape: readonly number[], layout: Layout | undefined, sameLayout: boolean): number[] | undefined | null {
  const same = entry.shape.length === shape.length && entry.shape.every((size, axis) => size === shape[axis]);
  const targetLayout = layout ?? defaultLayout(shape);
  const sourceLayout = entry.layout ?? (sameLayout || targetLayout === undefined ? targetLayout : torchLayoutOf(targetLayout));
  if (targetLayout !== undefined && sourceLayout !== undefined && sourceLayout !== targetLayout) {
    const permutation = layoutPermutation(sourceLayout, targetLayout);
    if (permutation && entry.shape.length === permutation.length && permutation.every((axis, target) => entry.shape[axis] === shape[target])) {
      return permutation;
    }
    return null;
  }
  if (same) return undefined;
  // torch's backward-compatible case: a one-element vector into a scalar.
  if (shape.length === 0 && entry.shape.length === 1 && entry.shape[0] === 1) return undefined;
  return null;
}

/** What to open: a value or URL as given; a path resolved against `baseDirectory` (Node). */
async function locationOf(init: PretrainedLoadSettings): Promise<CheckpointInput> {
  const source = init.checkpointSource;
  if (typeof source !== "string") return source;
  if (isUrl(source) || /^file:\/\//i.test(source)) return source;
  return resolveCheckpointPath(source, init.baseDirectory);
}

/** The coded error of a failed open (or of a failed read of checkpoint tensor `key`). */
function checkpointError(init: PretrainedLoadSettings, cause: unknown, key?: string): InitlibError {
  if (InitlibError.isInstance(cause)) return cause;
  const reading = key === undefined ? "" : ` (reading tensor "${key}")`;
  if (!CheckpointError.isInstance(cause)) {
    return new InitlibError("INITLIB_CHECKPOINT", `loading ${init.checkpoint} failed${reading}`, { path: "checkpoint", received: init.checkpoint, cause });
  }
  const notFound = cause.code === "CHECKPOINT_NOT_FOUND" && key === undefined;
  const message = key === undefined || cause.message.includes(`"${key}"`) ? cause.message : `${cause.message}${reading}`;
  return new InitlibError("INITLIB_CHECKPOINT", notFound ? `${init.checkpoint} can not be found.` : message, {
    path: "checkpoint",
    received: init.checkpoint,
    expected: notFound ? "an existing checkpoint file or a reachable URL" : undefined,
    hint: notFound
      ? `relative paths resolve against ${init.baseDirectory ?? "the current directory"}; check the path`
      : cause.hint,
    cause,
  });
}
