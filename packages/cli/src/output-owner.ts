import { createHash, randomBytes } from "node:crypto";
import { hostname } from "node:os";

// Who wrote a temporary file. Every temporary file and commit journal of one CLI run carries the
// run's owner tag, `<host>-<pid>-<random>`: the host is a short hash of the machine's name, so a
// later run on the same machine can tell a file left by a process that no longer exists (killed by
// SIGKILL, the OOM killer or a power cut, which no handler sees) from one a live process (another
// worker of the same `--shard` job) is still writing. Files of another machine are never judged.

/** Kinds of files a run leaves while it works: content (`tmp`), an earlier file moved aside (`bak`), the commit's journal. */
export type OwnedFileKind = "tmp" | "bak" | "journal";

/** The owner part of a run's file names. */
export interface OutputOwner {
  /** First 8 hex digits of the SHA-256 of the host name. */
  readonly host: string;
  readonly pid: number;
  /** `<host>-<pid>-<random>`, as it appears in file names. */
  readonly tag: string;
}

/** `.initlib-<host>-<pid>-<random>.<kind>`; the random part tells files of one owner apart. */
const OWNED_FILE = /^\.initlib-([0-9a-f]{8})-([1-9]\d{0,9})-([0-9a-f]{12})\.(tmp|bak|journal)$/;
/** Names written before files carried an owner (`.initlib-<random>.tmp`): recognised, never judged. */
const UNOWNED_FILE = /^\.initlib-[0-9a-f]+\.(?:tmp|bak)$/;

const hostTag = (name: string) => createHash("sha256").update(name).digest("hex").slice(0, 8);

let current: OutputOwner | undefined;

/** This process's owner (one per process). */
export function currentOwner(): OutputOwner {
  if (current === undefined || current.pid !== process.pid) {
    const host = hostTag(hostname());
    current = { host, pid: process.pid, tag: `${host}-${process.pid}` };
  }
  return current;
}

/**
 * A new hidden file name of this process in a folder: `.initlib-<host>-<pid>-<random>.<kind>`.
 * @example
 * ownedFileName("tmp"); // ".initlib-3fa81c0e-4242-9b1d2e3f4a5b.tmp"
 */
export function ownedFileName(kind: OwnedFileKind): string {
  return `.initlib-${currentOwner().tag}-${randomBytes(6).toString("hex")}.${kind}`;
}

/** What a directory entry's name says about its writer; `undefined` when it is not an initlib temporary file. */
export type OwnedFile = { readonly owned: true; readonly host: string; readonly pid: number; readonly kind: OwnedFileKind } | { readonly owned: false };

/**
 * Parses a directory entry's name: an owned temporary file, a temporary file without owner (older
 * initlib), or `undefined` for any other name.
 * @example
 * parseOwnedFileName(".initlib-3fa81c0e-4242-9b1d2e3f4a5b.tmp"); // { owned: true, host: "3fa81c0e", pid: 4242, kind: "tmp" }
 */
export function parseOwnedFileName(name: string): OwnedFile | undefined {
  const match = OWNED_FILE.exec(name);
  if (match) return { owned: true, host: match[1]!, pid: Number(match[2]), kind: match[4] as OwnedFileKind };
  return UNOWNED_FILE.test(name) ? { owned: false } : undefined;
}

/**
 * Whether the process that owns a file is known to be gone: it ran on this machine (same host
 * tag) and no process has its pid now. A pid reused by another process reads as alive, which only
 * delays a clean-up; a file of another machine is never called gone.
 */
export function ownerIsGone(file: OwnedFile): boolean {
  if (!file.owned || file.host !== currentOwner().host || file.pid === process.pid) return false;
  try {
    process.kill(file.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
