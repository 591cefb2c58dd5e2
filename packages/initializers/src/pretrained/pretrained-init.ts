import { CheckpointError, openCheckpoint, redactUrl, type CheckpointInput, type CheckpointReader, type OpenCheckpointOptions, type TensorEntry } from "@initlib/checkpoint";
import { InitlibError } from "@initlib/registry";
import { ArgumentReader } from "../arguments/argument-reader";
import type { ModuleLike } from "../module-like";
import type { Layout } from "../param-like";
import type { InitializerPlan, LoadReport, PlannedWrite, WeightInitializer } from "../weight-initializer";
import { defaultLayout, layoutPermutation, torchLayoutOf, transposeAxes } from "./layout-transpose";
import { mismatchWarning } from "./load-warning";
import { backtrackingReason } from "./backtracking-pattern";
import { resolveCheckpointPath } from "./checkpoint-path-node";
import { SharedCheckpoint } from "./shared-checkpoint";
import { stateDictKeys, type KeyRename } from "./state-dict-keys";

/** Arguments of {@link PretrainedInit} (`{ type: 'Pretrained', checkpoint, ... }`). */
export interface PretrainedInitArgs {
  /**
   * The checkpoint (safetensors, torch.save, tfjs model.json or a sharded `*.index.json`): a path
   * (relative to `baseDirectory`), an `http(s)` URL, `hf://owner/repo[@revision]/file`, or a value
   * (`Uint8Array`, `ArrayBuffer`, `Blob`/`File`, `Response`, a `{ name, size, read, close }`
   * reader). Required.
   */
  checkpoint: CheckpointInput;
  /** Load only keys under this prefix (`backbone` or `backbone.`), stripped. @default undefined */
  prefix?: string | null;
  /** MMEngine's `map_location`; accepted for config compatibility, loading always happens on the host. @default "cpu" */
  mapLocation?: unknown;
  /** Key renames applied after prefix handling, in order. @default [] */
  renames?: readonly KeyRename[];
  /** Directory relative checkpoint paths resolve against. @default process.cwd() */
  baseDirectory?: string;
  /** Expected SHA-256 (hex prefix of at least 8 digits) of the checkpoint file. */
  sha256?: string;
  /**
   * How the checkpoint is fetched and read, as `openCheckpoint` takes it: `hubEndpoint` and
   * `hubToken` for `hf://`, `connectTimeoutMs` / `idleTimeoutMs` / `totalTimeoutMs`, `retries`,
   * `signal`, `onProgress`, `rangeRequests`, `maxBytes`, `cacheDirectory` / `cacheStorage`,
   * `limits`. @default {}
   */
  checkpointOptions?: OpenCheckpointOptions;
}

const isUrl = (text: string) => /^(https?|hf):\/\//i.test(text);

/**
 * MMEngine's `PretrainedInit` (registered as `Pretrained`): loads a checkpoint into the module it is
 * called on, non-strictly. `plan` opens and validates the checkpoint and decides every write before
 * anything is written; each loaded parameter or buffer gets a `values` rule that reads only its own
 * tensor, converted to float32 and transposed from the checkpoint's layout to the parameter's
 * declared layout. Missing, unexpected and shape-mismatched keys are reported (and logged as
 * MMEngine's WARNING), never raised.
 *
 * Layouts: a safetensors file may declare a tensor's layout in `__metadata__` (`initlib.layout.<key>`);
 * otherwise a torch or safetensors checkpoint is taken to be in PyTorch's layout for the parameter
 * (`OIHW` for a `HWIO` kernel, `IOHW` for `HWOI`, `OI` for `IO`), and a tfjs model.json in the
 * parameter's own layout.
 *
 * Logs: MMEngine's INFO lines `load model from: <ckpt>` (or `load <prefix> in model from: <ckpt>`)
 * and `Loads checkpoint by local|http backend from path: <ckpt>` (which MMEngine prints to stdout
 * on the prefix path; here it is always a log entry), then the mismatch WARNING when keys differ.
 * @example
 * const init = new PretrainedInit({ checkpoint: "resnet18.safetensors", prefix: "backbone" });
 * const { writes, loadReport } = await init.plan(model);
 */
export class PretrainedInit implements WeightInitializer {
  /** The class name MMEngine prints in info strings. */
  static readonly initializerName = "PretrainedInit";
  static readonly argumentNames: readonly string[] = ["checkpoint", "prefix", "mapLocation", "map_location", "renames", "baseDirectory", "sha256", "checkpointOptions"];

  readonly layer: readonly string[] = [];
  matchesEveryModule = false;
  /** The checkpoint as named in info strings and messages (a value's name, e.g. a File's; a URL redacted). */
  readonly checkpoint: string;
  /** What is opened: the path, URL or value given. */
  readonly checkpointSource: CheckpointInput;
  readonly prefix: string | undefined;
  readonly mapLocation: unknown;
  readonly renames: readonly KeyRename[];
  readonly baseDirectory: string | undefined;
  readonly sha256: string | undefined;
  /** The options the checkpoint is opened with. */
  readonly checkpointOptions: OpenCheckpointOptions;

  constructor(args: PretrainedInitArgs) {
    const reader = new ArgumentReader(args, { owner: PretrainedInit.initializerName });
    const checkpoint = reader.accept("checkpoint");
    const name = checkpointName(checkpoint);
    if (name === undefined) {
      reader.fail("checkpoint", checkpoint === undefined ? 'missing required argument "checkpoint"' : "checkpoint must be a path, a URL or checkpoint bytes", {
        expected: "a file path, an http(s) or hf:// URL, bytes, a Blob, a Response or a reader object",
        hint: "e.g. { type: 'Pretrained', checkpoint: 'weights/resnet18.safetensors' }",
      });
    }
    // URLs are named without credentials or secret query values in logs, reports and errors.
    this.checkpoint = isUrl(name as string) ? redactUrl(name as string) : (name as string);
    this.checkpointSource = checkpoint as CheckpointInput;
    const prefix = reader.accept("prefix");
    if (prefix !== undefined && prefix !== null && (typeof prefix !== "string" || prefix === "")) {
      reader.fail("prefix", "prefix must be a non-empty string", { expected: "a key prefix such as 'backbone'" });
    }
    this.prefix = (prefix ?? undefined) as string | undefined;
    this.mapLocation = reader.accept("mapLocation") ?? reader.accept("map_location") ?? "cpu";
    const renames = reader.accept("renames") ?? [];
    if (!Array.isArray(renames)) reader.fail("renames", "renames must be a list", { expected: "[{ pattern, replacement }, ...]" });
    this.renames = (renames as unknown[]).map((rename, index) => {
      const { pattern, replacement } = (rename ?? {}) as Record<string, unknown>;
      const valid = (typeof pattern === "string" || pattern instanceof RegExp) && typeof replacement === "string";
      if (!valid || Object.keys(rename as object).some((key) => key !== "pattern" && key !== "replacement")) {
        reader.fail(`renames[${index}]`, "a rename needs exactly a pattern and a replacement", {
          received: rename,
          expected: "{ pattern: '^backbone\\\\.', replacement: '' }",
        });
      }
      if (typeof pattern === "string") {
        try {
          new RegExp(pattern, "g");
        } catch (cause) {
          reader.fail(`renames[${index}].pattern`, `invalid regular expression: ${(cause as Error).message}`, { received: pattern, expected: "a JavaScript regular expression" });
        }
        const slow = backtrackingReason(pattern);
        if (slow !== undefined) {
          reader.fail(`renames[${index}].pattern`, `the pattern could take exponential time: ${slow}`, {
            received: pattern,
            expected: "a pattern without nested repetition, back-references or lookarounds",
            hint: "write the rename without a repeated group, e.g. ^encoder\\.layers\\.(\\d+) rather than (\\w+\\.)+",
          });
        }
      }
      return { pattern: pattern as string | RegExp, replacement: replacement as string };
    });
    const baseDirectory = reader.accept("baseDirectory");
    if (baseDirectory !== undefined && typeof baseDirectory !== "string") reader.fail("baseDirectory", "baseDirectory must be a string", { expected: "a directory path" });
    this.baseDirectory = baseDirectory as string | undefined;
    const sha256 = reader.accept("sha256");
    if (sha256 !== undefined && (typeof sha256 !== "string" || !/^[a-fA-F0-9]{8,64}$/.test(sha256))) {
      reader.fail("sha256", "sha256 must be 8 to 64 hexadecimal digits", { expected: "a SHA-256 hex digest or a prefix of it" });
    }
    this.sha256 = sha256 as string | undefined;
    const checkpointOptions = reader.accept("checkpointOptions") ?? {};
    if (typeof checkpointOptions !== "object" || checkpointOptions === null || Array.isArray(checkpointOptions)) {
      reader.fail("checkpointOptions", "checkpointOptions must be an object", { expected: "openCheckpoint's options, e.g. { hubToken: 'hf_...', totalTimeoutMs: 600000 }" });
    }
    this.checkpointOptions = checkpointOptions as OpenCheckpointOptions;
    reader.rejectUnknownKeys();
  }

  /** `PretrainedInit: load from <checkpoint>`, the checkpoint as configured. */
  get info(): string {
    return `PretrainedInit: load from ${this.checkpoint}`;
  }

  async plan(module: ModuleLike): Promise<InitializerPlan> {
    const logs: { level: "info" | "warning"; message: string }[] = [];
    logs.push({
      level: "info",
      message: this.prefix === undefined ? `load model from: ${this.checkpoint}` : `load ${this.prefix} in model from: ${this.checkpoint}`,
    });
    logs.push({ level: "info", message: `Loads checkpoint by ${isUrl(this.checkpoint) ? "http" : "local"} backend from path: ${this.checkpoint}` });
    const location = await this.location();
    const options: OpenCheckpointOptions = { ...this.checkpointOptions, ...(this.sha256 === undefined ? {} : { sha256: this.sha256 }) };
    let reader: CheckpointReader;
    try {
      reader = await openCheckpoint(location, options);
    } catch (cause) {
      throw this.checkpointError(cause);
    }
    try {
      return await this.match(module, reader, location, options, logs);
    } catch (error) {
      await reader.close();
      throw error;
    }
  }

  private async match(
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
    const keys = stateDictKeys(loadable, { prefix: this.prefix, renames: this.renames, checkpoint: this.checkpoint, otherKeys: containers });
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
      const permutation = this.permutationFor(entry, tensor.shape, tensor.layout, reader.format === "tfjs");
      if (permutation === null) {
        shapeMismatched.push({ key: name, checkpointShape: [...entry.shape], modelShape: [...tensor.shape] });
        continue;
      }
      loaded.push(name);
      if (entry.dtype !== "float32") converted.push({ key: name, dtype: entry.dtype });
      matches.push({ name, entry, tensor, permutation });
    }
    const unexpected = [...[...keys.keys()].filter((key) => !used.has(key)), ...(this.prefix === undefined ? containers : [])];
    const shared = new SharedCheckpoint(location, options, reader, matches.length);
    const writes: PlannedWrite[] = matches.map(({ entry, tensor, permutation }) => ({
      tensor,
      info: this.info,
      rule: {
        kind: "values",
        source: `${this.checkpoint}:${entry.key}`,
        load: async () => {
          let values: Float32Array;
          try {
            values = await shared.read(entry.key);
          } catch (cause) {
            throw this.checkpointError(cause, entry.key);
          }
          return permutation ? transposeAxes(values, entry.shape, permutation) : values;
        },
      },
    }));
    const loadReport: LoadReport = { checkpoint: this.checkpoint, loaded, missing, unexpected, shapeMismatched, converted };
    const release = () => shared.close();
    const warning = mismatchWarning(loadReport);
    if (warning !== undefined) logs.push({ level: "warning", message: warning });
    return { writes, logs, loadReport, release };
  }

  /**
   * `undefined` to copy as stored, a permutation to transpose, `null` when the shapes are not
   * compatible.
   */
  private permutationFor(entry: TensorEntry, shape: readonly number[], layout: Layout | undefined, sameLayout: boolean): number[] | undefined | null {
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

  private async location(): Promise<CheckpointInput> {
    const source = this.checkpointSource;
    if (typeof source !== "string") return source;
    if (isUrl(source) || /^file:\/\//i.test(source)) return source;
    return resolveCheckpointPath(source, this.baseDirectory);
  }

  /** The coded error of a failed open (or of a failed read of checkpoint tensor `key`). */
  private checkpointError(cause: unknown, key?: string): InitlibError {
    if (InitlibError.isInstance(cause)) return cause;
    const reading = key === undefined ? "" : ` (reading tensor "${key}")`;
    if (!CheckpointError.isInstance(cause)) {
      return new InitlibError("INITLIB_CHECKPOINT", `loading ${this.checkpoint} failed${reading}`, { path: "checkpoint", received: this.checkpoint, cause });
    }
    const notFound = cause.code === "CHECKPOINT_NOT_FOUND" && key === undefined;
    const message = key === undefined || cause.message.includes(`"${key}"`) ? cause.message : `${cause.message}${reading}`;
    return new InitlibError("INITLIB_CHECKPOINT", notFound ? `${this.checkpoint} can not be found.` : message, {
      path: "checkpoint",
      received: this.checkpoint,
      expected: notFound ? "an existing checkpoint file or a reachable URL" : undefined,
      hint: notFound
        ? `relative paths resolve against ${this.baseDirectory ?? "the current directory"}; check the path`
        : cause.hint,
      cause,
    });
  }
}

/** How a checkpoint argument is named in messages, or `undefined` when it is not one. */
function checkpointName(value: unknown): string | undefined {
  if (typeof value === "string") return value === "" ? undefined : value;
  if (value instanceof URL) return value.href;
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) return "<bytes>";
  if (typeof Blob !== "undefined" && value instanceof Blob) return (value as Blob & { name?: string }).name || "<blob>";
  if (typeof Response !== "undefined" && value instanceof Response) return value.url || "<response>";
  if (typeof value === "object" && value !== null && typeof (value as { read?: unknown }).read === "function") {
    const { name } = value as { name?: unknown };
    return typeof name === "string" && name !== "" ? name : "<reader>";
  }
  return undefined;
}
