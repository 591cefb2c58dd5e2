import { readFileSync } from "node:fs";

/** A number as recorded in the reference file: non-finite values are the strings `nan`, `inf`, `-inf`. */
export type RecordedNumber = number | "nan" | "inf" | "-inf";

export interface RecordedException {
  readonly type: string;
  readonly message: string;
}

export interface RecordedTensor {
  readonly shape: number[];
  readonly numel: number;
  readonly mean: number;
  readonly std: number | null;
  readonly min: number;
  readonly max: number;
  readonly constant: number | null;
  readonly values?: number[];
}

export interface SampleCase {
  readonly label: string;
  readonly weight: RecordedTensor;
  readonly bias: RecordedTensor;
  readonly expected: Record<string, number>;
  readonly warnings: string[];
}

export interface FunctionCases {
  readonly calculate_gain: { nonlinearity: string; param: number | boolean | null; gain?: number; exception?: RecordedException }[];
  readonly fans: { label: string; shape: number[]; fan_in?: number; fan_out?: number; exception?: RecordedException }[];
  readonly bias_init_with_prob: { prior_prob: number; bias?: RecordedNumber; repr?: string; exception?: RecordedException }[];
  readonly bias_init_with_prob_warnings: string[];
  readonly samples: SampleCase[];
  readonly attribute_touching: {
    module: string;
    function: string;
    weight?: RecordedTensor | null;
    bias?: RecordedTensor | null;
    exception?: RecordedException;
  }[];
}

export interface RegistryCase {
  readonly name: string;
  readonly result?: unknown;
  readonly exception?: RecordedException;
}

interface ReferenceFile {
  readonly function_cases: FunctionCases;
  readonly registry_cases: RegistryCase[];
}

const reference = JSON.parse(
  readFileSync(new URL("./fixtures/mmengine-function-cases.json", import.meta.url), "utf8"),
) as ReferenceFile;

/** `function_cases` recorded from MMEngine 0.11.0rc0 on PyTorch 1.13. */
export const functionCases: FunctionCases = reference.function_cases;

/** The recorded registry case of that name; fails loudly when the fixture lacks it. */
export function registryCase(name: string): RegistryCase {
  const found = reference.registry_cases.find((entry) => entry.name === name);
  if (!found) throw new Error(`registry case ${name} is not in the fixture`);
  return found;
}

/** Decodes a recorded number (`'inf'` → Infinity). */
export function recordedNumber(value: RecordedNumber): number {
  if (value === "nan") return Number.NaN;
  if (value === "inf") return Infinity;
  if (value === "-inf") return -Infinity;
  return value;
}
