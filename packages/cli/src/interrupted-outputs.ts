import { lstat, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ownedFileName, type OwnedFile, ownerIsGone, parseOwnedFileName, removeFilesOfStoppedWriters } from "@initlib/checkpoint/internal";

// The commit journal of a set of outputs, and the recovery of a set whose process died mid-commit.
// Before the first rename, a commit writes into each folder it changes a journal naming, for every
// file there, its temporary name and the name its earlier file was moved aside to. A process killed
// in the middle (SIGKILL, the OOM killer) leaves the journal; the next run that writes to the folder
// finds it, sees the owner is gone, and finishes the job: forward when every new file was already
// in place (the earlier files are deleted), back otherwise (the earlier files are put back).

/** First line of a journal; anything else is not a journal of this format. */
const JOURNAL_FORMAT = "initlib-commit-journal/1";
/** Largest journal read (one entry is a few hundred bytes). */
const MAX_JOURNAL_BYTES = 1 << 20;

/** One output of a commit, by name inside the journal's folder. */
export interface JournalEntry {
  readonly target: string;
  readonly temporary: string;
  /** Where the earlier file was moved, `null` when the target did not exist. */
  readonly backup: string | null;
}

/**
 * Writes the journal of the entries of one folder and returns its path; the commit removes it when done.
 * @example
 * const journal = await writeCommitJournal(dir, [{ target: "a.json", temporary: ".initlib-….tmp", backup: null }]);
 */
export async function writeCommitJournal(directory: string, entries: readonly JournalEntry[]): Promise<string> {
  const path = join(directory, ownedFileName("journal"));
  await writeFile(path, `${JOURNAL_FORMAT}\n${JSON.stringify(entries)}\n`, { flag: "wx" });
  return path;
}

/** Whether anything (a link included) is at `path`. */
export const pathExists = (path: string): Promise<boolean> =>
  lstat(path).then(
    () => true,
    () => false,
  );

/** A plain file name of this folder: no separator, not `.` or `..`, not one of initlib's hidden names. */
const isPlainName = (name: unknown): name is string =>
  typeof name === "string" && name.length > 0 && name.length <= 255 && !/[/\\\0]/.test(name) && name !== "." && name !== ".." && parseOwnedFileName(name) === undefined;

/** A hidden name of the same owner, of the given kind. */
function isOwnedBy(name: unknown, owner: OwnedFile & { owned: true }, kind: "tmp" | "bak"): name is string {
  if (typeof name !== "string") return false;
  const parsed = parseOwnedFileName(name);
  return parsed?.owned === true && parsed.host === owner.host && parsed.pid === owner.pid && parsed.kind === kind;
}

/** The journal's entries, or `undefined` when it is not a complete, well-formed journal of `owner`. */
async function readJournal(path: string, owner: OwnedFile & { owned: true }): Promise<JournalEntry[] | undefined> {
  const stats = await lstat(path);
  if (!stats.isFile() || stats.size > MAX_JOURNAL_BYTES) return undefined;
  const [format, body, rest] = (await readFile(path, "utf8")).split("\n");
  if (format !== JOURNAL_FORMAT || rest !== "") return undefined;
  let entries: unknown;
  try {
    entries = JSON.parse(body!);
  } catch {
    return undefined;
  }
  if (!Array.isArray(entries)) return undefined;
  const valid = entries.every(
    (entry: Partial<JournalEntry> | null) =>
      typeof entry === "object" && entry !== null && isPlainName(entry.target) && isOwnedBy(entry.temporary, owner, "tmp") && (entry.backup === null || isOwnedBy(entry.backup, owner, "bak")),
  );
  return valid ? (entries as JournalEntry[]) : undefined;
}

/** Finishes one interrupted commit; returns what was done, in words. */
async function finishCommit(directory: string, entries: readonly JournalEntry[], pid: number): Promise<string> {
  // Placed: the new file is at the target and its temporary name is gone. (A temporary file removed
  // by a signal handler without being placed leaves the target absent: its earlier file was moved
  // aside first, or it had none.)
  const placed = await Promise.all(entries.map(async (entry) => (await pathExists(join(directory, entry.target))) && !(await pathExists(join(directory, entry.temporary)))));
  if (placed.every(Boolean)) {
    for (const entry of entries) if (entry.backup !== null) await rm(join(directory, entry.backup), { force: true });
    return `completed the commit of ${entries.map((entry) => entry.target).join(", ")} that process ${pid} had placed before it stopped`;
  }
  for (const [index, entry] of entries.entries()) {
    const target = join(directory, entry.target);
    const backup = entry.backup === null ? undefined : join(directory, entry.backup);
    if (backup !== undefined && (await pathExists(backup))) await rename(backup, target);
    else if (backup === undefined && placed[index]) await rm(target, { force: true });
  }
  return `put back the earlier ${entries.map((entry) => entry.target).join(", ")}: process ${pid} stopped in the middle of replacing them`;
}

/**
 * Cleans a folder of what runs that no longer exist left in it (their owner ran on this machine
 * and its pid is gone): an interrupted commit is finished from its journal (forward or back, so
 * every target holds either all the new files or all the earlier ones), then their temporary files
 * are removed. Files of live processes, of other machines and of older initlib versions are left
 * alone; an earlier file moved aside (`.bak`) without a readable journal is never deleted. Returns
 * one line per thing done, for the run to report.
 * @example
 * for (const line of await recoverInterruptedOutputs("out/")) console.warn(line);
 */
export async function recoverInterruptedOutputs(directory: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR") return [];
    throw error;
  }
  const gone = names.flatMap((name) => {
    const file = parseOwnedFileName(name);
    return file?.owned === true && ownerIsGone(file) ? [{ name, file }] : [];
  });
  const notes: string[] = [];
  for (const { name, file } of gone.filter(({ file }) => file.kind === "journal")) {
    const path = join(directory, name);
    const entries = await readJournal(path, file);
    if (entries === undefined) {
      // Written partly or not by initlib: no rename was made on its word; what it may cover stays.
      notes.push(`${path} is not a complete commit journal, so nothing was renamed on its word`);
    } else if (entries.length > 0) {
      notes.push(await finishCommit(directory, entries, file.pid));
    }
    await rm(path, { force: true });
  }
  for (const { name, file } of gone.filter(({ file }) => file.kind === "bak")) {
    const path = join(directory, name);
    if (await pathExists(path)) notes.push(`kept ${path}: an earlier file moved aside by process ${file.pid}, which stopped without a usable journal; rename it back if it is needed`);
  }
  const removed = await removeFilesOfStoppedWriters(directory, ["tmp", "part"]);
  if (removed > 0) notes.push(`removed ${removed} temporary file${removed === 1 ? "" : "s"} left in ${directory} by stopped initlib runs`);
  return notes;
}
