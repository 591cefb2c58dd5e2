import { lstat, readdir } from "node:fs/promises";
import { join } from "node:path";
import { openFileSource, readSafetensors, SAFETENSORS_INDEX_NAME, SAFETENSORS_WEIGHTS_NAME } from "@initlib/checkpoint";
import { InitlibError } from "@initlib/registry";
import { parseOwnedFileName } from "@initlib/checkpoint/internal";

/** Names a sharded or single-file safetensors output consists of. */
const LAYOUT_FILE = /^model(?:-\d{5}-of-\d{5})?\.safetensors$/;

/** What an output directory holds before a run. */
export interface OutputDirectoryState {
  readonly exists: boolean;
  /** Files of an earlier initlib output (shards, single file, index), by name. */
  readonly layoutFiles: readonly string[];
}

function notOurs(directory: string, entry: string, why: string): InitlibError {
  return new InitlibError("INITLIB_UNSAFE_OUTPUT", `${directory} is not empty and is not an earlier initlib output: ${entry} ${why}`, {
    path: join(directory, entry),
    received: entry,
    expected: `a new or empty directory, or one holding only ${SAFETENSORS_WEIGHTS_NAME}, model-0000k-of-0000n.safetensors and ${SAFETENSORS_INDEX_NAME} written by initlib`,
    hint: "choose a new --out directory, or empty this one",
  });
}

/**
 * Checks the directory a streamed init writes to: it may be absent, empty, or an earlier initlib
 * output (only its layout's file names, each a regular file; every safetensors file's header says
 * `producer: initlib`). Anything else is refused before any work, so a run never replaces files
 * it did not write. Reads only the headers.
 * @throws InitlibError `INITLIB_UNSAFE_OUTPUT` naming the first entry that is not ours, or when the path is not a directory.
 * @example
 * const state = await inspectOutputDirectory("out/");
 */
export async function inspectOutputDirectory(directory: string): Promise<OutputDirectoryState> {
  const stats = await lstat(directory).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (stats === undefined) return { exists: false, layoutFiles: [] };
  if (!stats.isDirectory()) {
    throw new InitlibError("INITLIB_UNSAFE_OUTPUT", `${directory} exists and is not a directory`, {
      path: directory,
      received: stats.isSymbolicLink() ? "a symbolic link" : "a file",
      expected: "a directory (streamed output is a folder of shards)",
      hint: "choose another --out directory, or give a file name ending in .safetensors for one file written in memory",
    });
  }
  const layoutFiles: string[] = [];
  for (const entry of (await readdir(directory)).sort()) {
    // Temporary files and journals of initlib writers (another worker of the same job may be writing them).
    if (parseOwnedFileName(entry) !== undefined) continue;
    const isLayout = LAYOUT_FILE.test(entry) || entry === SAFETENSORS_INDEX_NAME;
    if (!isLayout) throw notOurs(directory, entry, "is not a file of the safetensors layout");
    const path = join(directory, entry);
    const entryStats = await lstat(path);
    if (!entryStats.isFile()) throw notOurs(directory, entry, "is not a regular file");
    if (entry !== SAFETENSORS_INDEX_NAME && !(await writtenByInitlib(path))) throw notOurs(directory, entry, "was not written by initlib (its header has no producer: initlib)");
    layoutFiles.push(entry);
  }
  return { exists: true, layoutFiles };
}

async function writtenByInitlib(path: string): Promise<boolean> {
  try {
    const reader = await readSafetensors(await openFileSource(path));
    try {
      return reader.metadata.producer === "initlib";
    } finally {
      await reader.close();
    }
  } catch {
    return false;
  }
}
