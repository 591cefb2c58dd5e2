import { mkdtemp, rm } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSafetensors } from "@initlib/checkpoint";
import type { SafetensorsTensor } from "@initlib/checkpoint";
import type { FillRule } from "@initlib/initializers";
import { InitlibError } from "@initlib/registry";
import type { InitlibErrorCode } from "@initlib/registry";
import { BaseModule, buildModuleFromSpec, createCapturingLogger, initialize, Module } from "../src/index";
import type { InitReport, LogRecord, ModuleSpec, TieSpec } from "../src/index";

/** One recorded MMEngine case of `test/fixtures/mmengine-cases.json` (the fields the harness reads). */
export interface ReferenceCase {
  readonly name: string;
  readonly description: string;
  readonly model: ModuleSpec;
  readonly ties?: readonly TieSpec[];
  readonly actions?: readonly { op: "init_weights" | "initialize"; target?: string; init_cfg?: unknown }[];
  readonly checkpoints?: readonly {
    file: string;
    layout: "flat" | "state_dict_wrapper";
    meta?: Record<string, unknown>;
    entries: readonly { key: string; shape: readonly number[]; fill: number; dtype?: string }[];
  }[];
  readonly expect: "ok" | "error";
  readonly results: {
    readonly params_before: readonly RecordedTensor[];
    readonly params_after: readonly RecordedTensor[];
    readonly buffers_after: readonly RecordedTensor[];
    readonly is_init_after: Readonly<Record<string, boolean>>;
    readonly calls: readonly {
      readonly exception: { type: string; message: string } | null;
      readonly logs: readonly { level: string; message: string }[];
      readonly stdout: readonly string[];
      readonly init_info: readonly { name: string; shape: readonly number[]; info: string }[] | null;
    }[];
  };
}

export interface RecordedTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly numel: number;
  readonly mean: number | string | null;
  readonly std: number | string | null;
  readonly min: number | string | null;
  readonly max: number | string | null;
  readonly constant: number | string | null;
  readonly changed?: boolean;
}

const fixture = new URL("./fixtures/mmengine-cases.json", import.meta.url);
export const reference = JSON.parse(readFileSync(fixture, "utf8")) as { cases: ReferenceCase[]; torch_class_bases: Record<string, string[]> };

/** What running one case with initlib produced. */
export interface CaseRun {
  readonly root: Module;
  readonly calls: { report?: InitReport; error?: unknown; logs: LogRecord[] }[];
  readonly values: Map<string, Float32Array | undefined>;
  readonly buffers: Map<string, Float32Array | undefined>;
  readonly written: Set<string>;
  /** The rule of the last write of each parameter, by name. */
  readonly finalRules: Map<string, FillRule>;
  /** Each parameter's default rule kind (what it held "before", in MMEngine's terms). */
  readonly defaults: Map<string, FillRule>;
}

async function writeCheckpoints(testCase: ReferenceCase, directory: string): Promise<void> {
  for (const checkpoint of testCase.checkpoints ?? []) {
    const tensors: Record<string, SafetensorsTensor> = {};
    const prefix = checkpoint.layout === "state_dict_wrapper" ? "state_dict." : "";
    for (const entry of checkpoint.entries) {
      const size = entry.shape.reduce((a, b) => a * b, 1);
      tensors[prefix + entry.key] = { data: new Float32Array(size).fill(entry.fill), shape: entry.shape };
    }
    await writeSafetensors(join(directory, checkpoint.file), tensors);
  }
}

/** Rebuilds the case's model with initlib's classes, writes its checkpoints, runs its actions. */
export async function runCase(testCase: ReferenceCase): Promise<CaseRun> {
  const directory = await mkdtemp(join(tmpdir(), "initlib-parity-"));
  try {
    await writeCheckpoints(testCase, directory);
    const root = buildModuleFromSpec(testCase.model, { baseDirectory: directory, ties: testCase.ties });
    const calls: CaseRun["calls"] = [];
    const written = new Set<string>();
    const finalRules = new Map<string, FillRule>();
    const defaults = new Map<string, FillRule>();
    for (const [name, parameter] of root.namedParameters()) defaults.set(name, parameter.defaultRule({ seed: 0, path: name }));
    for (const [index, action] of (testCase.actions ?? [{ op: "init_weights" as const }]).entries()) {
      const logger = createCapturingLogger();
      const seed = 1000 + index;
      try {
        let report: InitReport;
        if (action.op === "initialize") {
          report = await initialize(root, action.init_cfg as never, { logger, seed, pretrainedDefaults: { baseDirectory: directory } });
        } else {
          const target = action.target ? root.getSubmodule(action.target) : root;
          if (!(target instanceof BaseModule)) throw new Error(`action target ${action.target} is not a BaseModule`);
          report = await target.initWeights({ logger, seed });
        }
        for (const parameter of report.parameters) {
          if (!parameter.written) continue;
          const name = (action.target ? `${action.target}.` : "") + parameter.name;
          written.add(name);
          if (parameter.rule) finalRules.set(name, parameter.rule);
        }
        calls.push({ report, logs: logger.records });
      } catch (error) {
        calls.push({ error, logs: logger.records });
      }
    }
    const values = new Map<string, Float32Array | undefined>();
    for (const [name, parameter] of root.namedParameters()) values.set(name, parameter.isMaterialized ? await parameter.read() : undefined);
    const buffers = new Map<string, Float32Array | undefined>();
    for (const [name, buffer] of root.namedBuffers()) buffers.set(name, buffer.isMaterialized ? await buffer.read() : undefined);
    return { root, calls, values, buffers, written, finalRules, defaults };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** Info strings up to number formatting (`val=1.0` ≡ `val=1`, `-0.0` ≡ `0`). */
export function normalizeNumbers(text: string): string {
  return text.replace(/(?<![\w.])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w])/g, (match) => String(Number(match) === 0 ? 0 : Number(match)));
}

/** The initlib error codes that stand for a recorded Python exception. */
export function codesFor(exception: { type: string; message: string }): InitlibErrorCode[] {
  const m = exception.message;
  if (exception.type === "KeyError" && m === "type") return ["INITLIB_MISSING_TYPE"];
  if (m.includes('need "type"')) return ["INITLIB_MISSING_TYPE"];
  if (m.includes('must contain the key "name"')) return ["INITLIB_BAD_CONFIG"];
  if (exception.type === "RuntimeError" && m.startsWith("module did not have attribute")) return ["INITLIB_MISSING_MODULE"];
  if (exception.type === "AttributeError") return ["INITLIB_BAD_CONFIG"];
  if (exception.type === "FileNotFoundError" || m.includes("is not in the pretrained model") || m.startsWith("No state_dict")) return ["INITLIB_CHECKPOINT"];
  if (m.startsWith("init_cfg must be a dict") || m === "") return ["INITLIB_BAD_CONFIG"];
  if (m.startsWith("Find a new :obj:`Parameter`")) return ["INITLIB_USER_INIT_FAILED"];
  if (m.includes("is not in the mmengine::")) return ["INITLIB_UNKNOWN_TYPE"];
  if (m.startsWith("Fan in and fan out")) return ["INITLIB_BAD_SHAPE", "INITLIB_BAD_ARGUMENT"];
  return ["INITLIB_BAD_ARGUMENT"];
}

export function errorCode(error: unknown): InitlibErrorCode | string {
  return InitlibError.isInstance(error) ? error.code : `not an InitlibError: ${String(error)}`;
}

export const f32 = (value: number | string | null): number =>
  value === "nan" ? NaN : value === "inf" ? Infinity : value === "-inf" ? -Infinity : Math.fround(Number(value));

export function standardDeviation(values: Float32Array): number {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let sum = 0;
  for (const v of values) sum += (v - mean) ** 2;
  return Math.sqrt(sum / Math.max(values.length - 1, 1));
}
