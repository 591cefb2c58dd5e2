import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";

/** One output file being prepared: content goes to `temporaryPath`, which `commit` renames to `path`. */
export interface PendingOutput {
  /** Final location, absolute. */
  readonly path: string;
  /** Hidden file in the same folder (so the rename is atomic on one file system). */
  readonly temporaryPath: string;
}

/**
 * A set of output files written all-or-nothing: everything goes to temporary names next to the
 * final ones, and only `commit()` renames them into place. `discard()` removes the temporary
 * files, leaving any previous version of the outputs untouched.
 * @example
 * const outputs = createPendingOutputs();
 * const out = outputs.add("weights.safetensors");
 * await writeWeights(out.temporaryPath);
 * await outputs.commit();
 */
export function createPendingOutputs(): {
  add(path: string): PendingOutput;
  /** Creates the output's folder (for writers that open `temporaryPath` themselves). */
  prepare(output: PendingOutput): Promise<void>;
  writeText(output: PendingOutput, text: string): Promise<void>;
  commit(): Promise<void>;
  discard(): Promise<void>;
} {
  const outputs: PendingOutput[] = [];
  const suffix = `${process.pid}-${randomBytes(4).toString("hex")}`;
  return {
    add(path) {
      const absolute = resolve(path);
      if (outputs.some((output) => output.path === absolute)) {
        throw new Error(`${path} is given as two different outputs; pick distinct files for --out and --report`);
      }
      const output = { path: absolute, temporaryPath: join(dirname(absolute), `.${basename(absolute)}.${suffix}.partial`) };
      outputs.push(output);
      return output;
    },
    async prepare(output) {
      await mkdir(dirname(output.temporaryPath), { recursive: true });
    },
    async writeText(output, text) {
      await this.prepare(output);
      await writeFile(output.temporaryPath, text);
    },
    async commit() {
      const renamed: PendingOutput[] = [];
      try {
        for (const output of outputs) {
          await rename(output.temporaryPath, output.path);
          renamed.push(output);
        }
      } catch (error) {
        // A later rename failed: take back the ones already in place so no partial set remains.
        await Promise.all(renamed.map((output) => rm(output.path, { force: true })));
        await Promise.all(outputs.map((output) => rm(output.temporaryPath, { force: true })));
        throw error;
      }
    },
    async discard() {
      await Promise.all(outputs.map((output) => rm(output.temporaryPath, { force: true })));
    },
  };
}
