import type { CheckpointInput, OpenCheckpointOptions } from "@initlib/checkpoint";
// The leaf entry: naming a URL at build time brings none of the checkpoint readers into a bundle.
import { redactUrl } from "@initlib/checkpoint/internal/redact-url";
import { ArgumentReader } from "../arguments/argument-reader";
import type { ModuleLike } from "../module-like";
import type { InitializerPlan, WeightInitializer } from "../weight-initializer";
import { backtrackingReason } from "./backtracking-pattern";
import type { KeyRename } from "./state-dict-keys";

const isUrl = (text: string) => /^(https?|hf):\/\//i.test(text);

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

  /**
   * Opens the checkpoint and decides every write (see the class). The loading half lives in
   * `pretrained-load.ts`, loaded on first use with `@initlib/checkpoint`: a program that never
   * plans a Pretrained load, or a bundle of one, carries none of the checkpoint readers.
   */
  async plan(module: ModuleLike): Promise<InitializerPlan> {
    const { planPretrainedLoad } = await import("./pretrained-load");
    return planPretrainedLoad(this, module);
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
