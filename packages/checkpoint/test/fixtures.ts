import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Absolute path of a file under test/fixtures. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}

/** The bytes of a fixture. */
export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(fixture(name)));
}

export interface ExpectedTensor {
  dtype: string;
  shape: number[];
  values: number[];
}

/** What PyTorch (make-fixtures.py) recorded for every fixture tensor. */
export const expected: Record<string, Record<string, ExpectedTensor>> = JSON.parse(readFileSync(fixture("expected.json"), "utf8"));
