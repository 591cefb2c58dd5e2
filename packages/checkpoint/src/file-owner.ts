// The writer of initlib's temporary files, in Node (reached through the `#local-files` subpath
// import): this process's name tag, new names, and whether the writer of a name is gone. Files of
// another machine or another pid namespace are never judged (their pids cannot be checked from here).
import { type OwnedFile, type OwnedFileKind, parseOwnedFileName } from "./owned-file-name";

/** The writer part of a process's temporary file names. */
export interface FileOwner {
  /** First 8 hex digits of the SHA-256 of the host name and the pid namespace. */
  readonly host: string;
  readonly pid: number;
  /** `<host>-<pid>`, as it appears in file names. */
  readonly tag: string;
}

const crypto = () => process.getBuiltinModule("node:crypto") as typeof import("node:crypto");

let current: FileOwner | undefined;

/**
 * The process's pid namespace on Linux (`pid:[4026531836]`), empty elsewhere: containers that share
 * a host name but not their pids (a pod on the host network) get different tags, so one never
 * judges the other's pids.
 */
function pidNamespace(): string {
  try {
    const { readlinkSync } = process.getBuiltinModule("node:fs") as typeof import("node:fs");
    return readlinkSync("/proc/self/ns/pid");
  } catch {
    return "";
  }
}

/** This process's owner (one per process). */
export function currentFileOwner(): FileOwner {
  if (current === undefined || current.pid !== process.pid) {
    const { hostname } = process.getBuiltinModule("node:os") as typeof import("node:os");
    const host = crypto().createHash("sha256").update(`${hostname()}\0${pidNamespace()}`).digest("hex").slice(0, 8);
    current = { host, pid: process.pid, tag: `${host}-${process.pid}` };
  }
  return current;
}

/**
 * A new hidden file name of this process: `.initlib-<host>-<pid>-<random>.<kind>`.
 * @example
 * ownedFileName("tmp"); // ".initlib-3fa81c0e-4242-9b1d2e3f4a5b.tmp"
 */
export function ownedFileName(kind: OwnedFileKind): string {
  return `.initlib-${currentFileOwner().tag}-${crypto().randomBytes(6).toString("hex")}.${kind}`;
}

/**
 * Whether the process that wrote a file is known to be gone: it ran on this machine (same host
 * tag) and no process has its pid now. A pid reused by another process reads as alive, which only
 * delays a clean-up; a file of another machine, or without a writer, is never called gone.
 */
export function ownerIsGone(file: OwnedFile): boolean {
  if (!file.owned || file.host !== currentFileOwner().host || file.pid === process.pid) return false;
  try {
    process.kill(file.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * Removes from `directory` the temporary files of the given kinds whose writer is gone; returns
 * how many. A missing directory has none.
 * @example
 * await removeFilesOfStoppedWriters(cacheDirectory, ["part"]);
 */
export async function removeFilesOfStoppedWriters(directory: string, kinds: readonly OwnedFileKind[]): Promise<number> {
  const [{ readdir, rm }, { join }] = await Promise.all([import("node:fs/promises"), import("node:path")]);
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR") return 0;
    throw error;
  }
  let removed = 0;
  for (const name of names) {
    const file = parseOwnedFileName(name);
    if (file?.owned !== true || !kinds.includes(file.kind) || !ownerIsGone(file)) continue;
    await rm(join(directory, name), { force: true });
    removed += 1;
  }
  return removed;
}
