import { lstat, mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve, sep } from "node:path";
import { releaseTemporaryFile, trackTemporaryFile } from "@initlib/checkpoint";
import { InitlibError } from "@initlib/registry";
import { type JournalEntry, pathExists, recoverInterruptedOutputs, writeCommitJournal } from "./interrupted-outputs";
import { ownedFileName } from "@initlib/checkpoint/internal";

/** One output file being prepared: content goes to `temporaryPath`, which `commit` renames to `path`. */
export interface PendingOutput {
  /** Final location, absolute. */
  readonly path: string;
  /** Hidden file in the same folder (so the rename is atomic on one file system), short whatever the final name. */
  readonly temporaryPath: string;
}

/**
 * Refuses an output path that names a directory (`--out newdir/`): the command writes one file.
 * @example
 * requireFilePath("weights/", "--out"); // throws INITLIB_UNSAFE_OUTPUT
 */
export function requireFilePath(path: string, option: string): void {
  if (path.endsWith("/") || path.endsWith(sep)) {
    throw new InitlibError("INITLIB_UNSAFE_OUTPUT", `${option} ${path} names a directory`, {
      received: path,
      expected: "the path of a file",
      hint: `name the file inside it, e.g. ${option} ${join(path, "weights.safetensors")}`,
    });
  }
}

/** An existing target must be a regular file: a symlink, FIFO, device or directory is never replaced. */
async function requireReplaceable(path: string): Promise<void> {
  const stats = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (stats === undefined || stats.isFile()) return;
  const kind = stats.isSymbolicLink() ? "a symbolic link" : stats.isDirectory() ? "a directory" : stats.isFIFO() ? "a FIFO" : "a device or socket";
  throw new InitlibError("INITLIB_UNSAFE_OUTPUT", `${path} is ${kind}, which initlib never replaces`, {
    received: path,
    expected: "a new path or an existing regular file",
    hint: "choose another output path",
  });
}

async function removeJournals(journals: readonly string[]): Promise<void> {
  for (const journal of journals) {
    await rm(journal, { force: true });
  }
}

/**
 * A set of output files written all-or-nothing. Content goes to short temporary names next to the
 * final ones, carrying the process's owner tag (removed if the process is interrupted, and by a
 * later run when it was killed); `commit()` first checks every target (each must be new or a
 * regular file), writes a journal in each folder, then moves existing files aside, renames the new
 * ones into place and only then deletes the old ones and the journal, restoring them if any step
 * fails (and the journal lets a later run finish or undo a commit whose process was killed).
 * `discard()` removes the temporary files. Nothing that existed is lost unless the whole set succeeded.
 * @example
 * const outputs = createPendingOutputs();
 * const out = outputs.add("weights.safetensors");
 * await writeWeights(out.temporaryPath);
 * await outputs.commit();
 */
export function createPendingOutputs(): {
  add(path: string): PendingOutput;
  /**
   * Recovers what killed runs left in `directory` (once per folder, see `recoverInterruptedOutputs`);
   * returns what was done, in words.
   */
  recover(directory: string): Promise<string[]>;
  /**
   * Checks every target now (each must be new or a regular file), before any work is done, after
   * recovering the targets' folders; returns what the recovery did, in words.
   */
  check(): Promise<string[]>;
  /** Creates the output's folder (for writers that open `temporaryPath` themselves). */
  prepare(output: PendingOutput): Promise<void>;
  writeText(output: PendingOutput, text: string): Promise<void>;
  commit(): Promise<void>;
  discard(): Promise<void>;
} {
  const outputs: PendingOutput[] = [];
  const recovered = new Set<string>();
  const removeTemporaries = async () => {
    await Promise.all(outputs.map((output) => rm(output.temporaryPath, { force: true })));
    for (const output of outputs) releaseTemporaryFile(output.temporaryPath);
  };
  return {
    add(path) {
      const absolute = resolve(path);
      if (outputs.some((output) => output.path === absolute)) {
        throw new InitlibError("INITLIB_UNSAFE_OUTPUT", `${path} is given as two different outputs`, { received: path, hint: "pick distinct files for --out and --report" });
      }
      const output = { path: absolute, temporaryPath: join(dirname(absolute), ownedFileName("tmp")) };
      trackTemporaryFile(output.temporaryPath);
      outputs.push(output);
      return output;
    },
    async recover(directory) {
      const absolute = resolve(directory);
      if (recovered.has(absolute)) return [];
      recovered.add(absolute);
      return recoverInterruptedOutputs(absolute);
    },
    async check() {
      const notes: string[] = [];
      for (const directory of new Set(outputs.map((output) => dirname(output.path)))) notes.push(...(await this.recover(directory)));
      for (const output of outputs) await requireReplaceable(output.path);
      return notes;
    },
    async prepare(output) {
      await mkdir(dirname(output.temporaryPath), { recursive: true });
    },
    async writeText(output, text) {
      await this.prepare(output);
      await writeFile(output.temporaryPath, text);
    },
    async commit() {
      const backups: { output: PendingOutput; backup: string }[] = [];
      const placed: PendingOutput[] = [];
      const journals: string[] = [];
      try {
        for (const output of outputs) await requireReplaceable(output.path);
        const plans = new Map<string, { output: PendingOutput; backup: string | null }[]>();
        for (const output of outputs) {
          const exists = await pathExists(output.path);
          const plan = plans.get(dirname(output.path)) ?? [];
          plan.push({ output, backup: exists ? join(dirname(output.path), ownedFileName("bak")) : null });
          plans.set(dirname(output.path), plan);
        }
        for (const [directory, plan] of plans) {
          const entries: JournalEntry[] = plan.map(({ output, backup }) => ({ target: basename(output.path), temporary: basename(output.temporaryPath), backup: backup === null ? null : basename(backup) }));
          // The journal and the earlier files moved aside are not removed by the exit and signal
          // handlers: if the process stops between two renames, a later run finishes the commit.
          journals.push(await writeCommitJournal(directory, entries));
        }
        for (const { output, backup } of [...plans.values()].flat()) {
          if (backup === null) continue;
          await rename(output.path, backup);
          backups.push({ output, backup });
        }
        for (const output of outputs) {
          await rename(output.temporaryPath, output.path);
          placed.push(output);
        }
      } catch (error) {
        // Take back what was placed, put the earlier files back where they were.
        await Promise.all(placed.map((output) => rm(output.path, { force: true })));
        for (const { output, backup } of backups) await rename(backup, output.path).catch(() => undefined);
        await removeTemporaries();
        await removeJournals(journals);
        throw error;
      }
      for (const { backup } of backups) await rm(backup, { force: true });
      await removeJournals(journals);
      for (const output of outputs) releaseTemporaryFile(output.temporaryPath);
    },
    discard: removeTemporaries,
  };
}
