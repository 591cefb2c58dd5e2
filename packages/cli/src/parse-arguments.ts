import { closestNames } from "@initlib/registry";
import { parseArgs } from "node:util";

/** Backends the CLI can run on. `cpu` is tfjs-backend-cpu, the default everywhere. */
export const BACKEND_NAMES = ["host", "cpu", "webgpu", "node-gpu"] as const;
/** One of {@link BACKEND_NAMES}. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** Options shared by the commands that build a model. */
export interface ModelCommandOptions {
  /** Path of the ModuleSpec file (JSON or YAML). */
  readonly modelPath: string;
  /** Seed of initlib's counter-based generator. @default 0 */
  readonly seed: number;
  /** @default "host" */
  readonly backend: BackendName;
  /** Print stack traces and causes of errors. @default false */
  readonly verbose: boolean;
}

/** What the command line asked for, after validation. */
export type CliCommand =
  | { readonly kind: "help"; readonly command?: "tour" | "init" | "explain" | "inspect" | "convert" | "schema" }
  | { readonly kind: "tour"; readonly backend: BackendName; readonly verbose: boolean }
  | { readonly kind: "version" }
  | ({
      readonly kind: "init";
      readonly outPath?: string;
      /** `--out DIR/`: stream the weights to a directory in Hugging Face's sharded layout. */
      readonly outDirectory?: string;
      /** Streaming: largest shard (`5GB`), memory budget (`2GB`), part of a split (`k/n`, `auto`). */
      readonly stream?: { readonly maxShardSize?: string; readonly maxMemory?: string; readonly shard?: string; readonly shardCount?: number };
      readonly reportPath?: string;
      readonly json: boolean;
      readonly quiet: boolean;
      /** The least severe of MMEngine's log lines printed (to stderr). @default "warning" */
      readonly logLevel: CliLogLevel;
    } & ModelCommandOptions)
  | ({
      readonly kind: "explain";
      readonly json: boolean;
      /** A `params` pattern that matches no parameter is an error, not a warning. */
      readonly strict?: boolean;
    } & ModelCommandOptions)
  | { readonly kind: "schema" }
  | {
      readonly kind: "convert";
      readonly input: string;
      readonly output: string;
      /** Literal key-prefix renames, applied in order after `prefix`: `[from, to]`. */
      readonly renames: readonly (readonly [string, string])[];
      readonly prefix?: string;
      readonly verbose: boolean;
    }
  | { readonly kind: "inspect"; readonly checkpoint: string; readonly json: boolean; readonly verbose: boolean };

/** The log levels `--log-level` takes, least severe first. */
export const CLI_LOG_LEVELS = ["debug", "info", "warning", "error"] as const;
export type CliLogLevel = (typeof CLI_LOG_LEVELS)[number];

/** A mistake on the command line: printed with the usage line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

const optionSpec = {
  seed: { type: "string" },
  backend: { type: "string" },
  out: { type: "string" },
  report: { type: "string" },
  verbose: { type: "boolean", short: "v" },
  help: { type: "boolean", short: "h" },
  json: { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  version: { type: "boolean" },
  rename: { type: "string", multiple: true },
  prefix: { type: "string" },
  "log-level": { type: "string" },
  "max-shard-size": { type: "string" },
  "max-memory": { type: "string" },
  shard: { type: "string" },
  "shard-count": { type: "string" },
  strict: { type: "boolean" },
} as const;

const COMMANDS = ["init", "explain", "inspect", "convert", "schema", "tour", "help"] as const;

const optionsOf: Record<CliCommand["kind"], readonly string[]> = {
  help: [],
  tour: ["backend", "verbose"],
  init: ["seed", "backend", "out", "report", "verbose", "json", "quiet", "log-level", "max-shard-size", "max-memory", "shard", "shard-count"],
  explain: ["seed", "verbose", "json", "strict"],
  version: [],
  schema: [],
  inspect: ["json", "verbose"],
  convert: ["rename", "prefix", "verbose"],
};

/**
 * Turns `process.argv.slice(2)` into a validated {@link CliCommand}. No command (or `tour`) walks
 * through MMEngine's documentation examples.
 * @example
 * parseArguments(["init", "model.json", "--seed", "3", "--out", "w.safetensors"]);
 * // { kind: "init", modelPath: "model.json", seed: 3, backend: "host", outPath: "w.safetensors", ... }
 */
export function parseArguments(argv: readonly string[]): CliCommand {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof optionSpec; allowPositionals: true; strict: true; args: string[] }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: optionSpec, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\. To specify a positional.*$/s, "") : String(error);
    const unknown = /Unknown option '--?([^']+)'/.exec(message)?.[1];
    const suggestion = unknown === undefined ? undefined : closestNames(unknown, Object.keys(optionSpec))[0];
    throw new UsageError(suggestion === undefined ? message : `${message}; did you mean --${suggestion}?`);
  }
  const { values, positionals } = parsed;
  if (values.version) return { kind: "version" };
  if (values.help) {
    const [first] = positionals;
    return first !== undefined && first !== "help" && (COMMANDS as readonly string[]).includes(first) ? { kind: "help", command: first as Exclude<(typeof COMMANDS)[number], "help"> } : { kind: "help" };
  }
  const [name = "tour", ...rest] = positionals;
  if (name === "help") return { kind: "help" };
  if (!(COMMANDS as readonly string[]).includes(name)) {
    const suggestion = closestNames(name, COMMANDS)[0];
    throw new UsageError(`unknown command "${name}"${suggestion ? `; did you mean "${suggestion}"?` : ""} Expected one of: ${COMMANDS.join(", ")}`);
  }
  const command = name as Exclude<(typeof COMMANDS)[number], "help">;
  for (const key of Object.keys(values)) {
    if (key !== "help" && !optionsOf[command].includes(key)) {
      throw new UsageError(`option --${key} does not apply to "${command}"; it accepts: ${optionsOf[command].map((o) => `--${o}`).join(", ") || "no options"}`);
    }
  }
  const backend = parseBackend(values.backend);
  const verbose = values.verbose ?? false;
  if (command === "schema") {
    if (rest.length > 0) throw new UsageError(`"schema" takes no file, received: ${rest.join(" ")}`);
    return { kind: "schema" };
  }
  if (command === "convert") {
    if (rest.length !== 2) throw new UsageError(`"convert" needs an input checkpoint and an output .safetensors file, received ${rest.length === 0 ? "none" : rest.join(" ")}`);
    const renames = (values.rename ?? []).map((rename) => {
      const at = rename.indexOf("=");
      if (at <= 0) throw new UsageError(`--rename takes FROM=TO (a key prefix and its replacement), received "${rename}"`);
      return [rename.slice(0, at), rename.slice(at + 1)] as const;
    });
    return { kind: "convert", input: rest[0]!, output: nonEmpty("output", rest[1]!), renames, ...(values.prefix !== undefined ? { prefix: values.prefix } : {}), verbose };
  }
  if (command === "inspect") {
    if (rest.length !== 1) throw new UsageError(`"inspect" needs exactly one checkpoint (a path, an http(s) URL or hf://owner/repo/file), received ${rest.length === 0 ? "none" : rest.join(" ")}`);
    return { kind: "inspect", checkpoint: rest[0]!, json: values.json ?? false, verbose };
  }
  if (command === "tour") {
    if (rest.length > 0) throw new UsageError(`"tour" takes no file, received: ${rest.join(" ")}`);
    return { kind: "tour", backend, verbose };
  }
  if (rest.length !== 1) {
    throw new UsageError(`"${command}" needs exactly one model file (JSON or YAML ModuleSpec), received ${rest.length === 0 ? "none" : rest.join(" ")}`);
  }
  const common = { modelPath: rest[0]!, seed: parseSeed(values.seed), backend, verbose };
  if (command === "explain") return { kind: "explain", ...common, json: values.json ?? false, ...(values.strict === true ? { strict: true } : {}) };
  return {
    kind: "init",
    ...common,
    json: values.json ?? false,
    quiet: values.quiet ?? false,
    logLevel: parseLogLevel(values["log-level"], values.quiet ?? false),
    ...outputOf(values),
    ...(values.report !== undefined ? { reportPath: nonEmpty("--report", values.report) } : {}),
  };
}

const STREAM_OPTIONS = ["max-shard-size", "max-memory", "shard", "shard-count"] as const;

/**
 * `--out FILE` (one file, in memory) or `--out DIR/` (streamed, sharded); the streaming options
 * make `--out` a directory and need it. Their values are checked by the streaming code, with codes.
 */
function outputOf(values: Partial<Record<(typeof STREAM_OPTIONS)[number] | "out" | "report", string | undefined>>): {
  outPath?: string;
  outDirectory?: string;
  stream?: { maxShardSize?: string; maxMemory?: string; shard?: string; shardCount?: number };
} {
  const given = STREAM_OPTIONS.filter((option) => values[option] !== undefined);
  const out = values.out === undefined ? undefined : nonEmpty("--out", values.out);
  const directory = out !== undefined && (out.endsWith("/") || out.endsWith("\\") || given.length > 0);
  if (given.length > 0 && out === undefined) throw new UsageError(`--${given[0]} streams the weights to a directory: add --out DIR/`);
  if (!directory) return out === undefined ? {} : { outPath: out };
  if (/\.safetensors$/i.test(out)) throw new UsageError(`--${given[0]} writes a directory of shards, but --out ${out} names a file: give a directory, e.g. --out weights/`);
  if (values.report !== undefined) throw new UsageError("--report is written only with --out FILE (in memory); a streamed --out DIR/ has none");
  let shardCount: number | undefined;
  if (values["shard-count"] !== undefined) {
    if (!/^\d+$/.test(values["shard-count"]) || Number(values["shard-count"]) < 1) throw new UsageError(`--shard-count must be a whole number >= 1, received "${values["shard-count"]}"`);
    shardCount = Number(values["shard-count"]);
  }
  return {
    outDirectory: out,
    stream: {
      ...(values["max-shard-size"] !== undefined ? { maxShardSize: values["max-shard-size"] } : {}),
      ...(values["max-memory"] !== undefined ? { maxMemory: values["max-memory"] } : {}),
      ...(values.shard !== undefined ? { shard: values.shard } : {}),
      ...(shardCount !== undefined ? { shardCount } : {}),
    },
  };
}

function parseBackend(value: string | undefined): BackendName {
  if (value === undefined) return "host";
  if ((BACKEND_NAMES as readonly string[]).includes(value)) return value as BackendName;
  throw new UsageError(`--backend must be one of ${BACKEND_NAMES.join(", ")}, received "${value}"`);
}

function parseSeed(value: string | undefined): number {
  if (value === undefined) return 0;
  // The generator's seed is an integer in [0, 2^53) (docs/rng.md); reject anything else here.
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`--seed must be a non-negative integer below 2^53, received "${value}"`);
  }
  return Number(value);
}

function nonEmpty(option: string, value: string): string {
  if (value.trim() === "") throw new UsageError(`${option} needs a file path, received an empty string`);
  return value;
}

function parseLogLevel(value: string | undefined, quiet: boolean): CliLogLevel {
  if (value === undefined) return quiet ? "error" : "warning";
  if ((CLI_LOG_LEVELS as readonly string[]).includes(value)) return value as CliLogLevel;
  const suggestion = closestNames(value, CLI_LOG_LEVELS)[0];
  throw new UsageError(`--log-level must be one of ${CLI_LOG_LEVELS.join(", ")}, received "${value}"${suggestion ? `; did you mean "${suggestion}"?` : ""}`);
}
