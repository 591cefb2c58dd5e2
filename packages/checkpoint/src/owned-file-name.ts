// The names of initlib's temporary files, and what a name says about its writer. Every temporary
// file (a download's `.part`, an output's `.tmp`, an earlier output moved aside, `.bak`, a commit's
// `.journal`) is named `.initlib-<host>-<pid>-<random>.<kind>`: the host is a short hash of the
// machine's name and its pid namespace, so a later process on the same machine can tell a file
// left by a process that no longer exists (killed by SIGKILL, the OOM killer or a power cut, which
// no handler sees) from one a live process is still writing. `file-owner.ts` makes the names and
// judges the writers (Node).

/** Kinds of temporary files: content being written (`tmp`, `part`), an earlier file moved aside (`bak`), a commit's journal. */
export type OwnedFileKind = "tmp" | "part" | "bak" | "journal";

/** What a directory entry's name says about its writer. */
export type OwnedFile = { readonly owned: true; readonly host: string; readonly pid: number; readonly kind: OwnedFileKind } | { readonly owned: false };

/** `.initlib-<8 hex>-<pid>-<12 hex>.<kind>`; the random part tells files of one process apart. */
const OWNED_FILE = /^\.initlib-([0-9a-f]{8})-([1-9]\d{0,9})-([0-9a-f]{12})\.(tmp|part|bak|journal)$/;
/** Names written before files carried their writer (`.initlib-<random>.tmp`): recognised, never judged. */
const UNOWNED_FILE = /^\.initlib-[0-9a-f]+\.(?:tmp|bak)$/;

/**
 * Parses a directory entry's name: a temporary file with its writer, one without (older initlib),
 * or `undefined` for any other name.
 * @example
 * parseOwnedFileName(".initlib-3fa81c0e-4242-9b1d2e3f4a5b.tmp"); // { owned: true, host: "3fa81c0e", pid: 4242, kind: "tmp" }
 */
export function parseOwnedFileName(name: string): OwnedFile | undefined {
  const match = OWNED_FILE.exec(name);
  if (match) return { owned: true, host: match[1]!, pid: Number(match[2]), kind: match[4] as OwnedFileKind };
  return UNOWNED_FILE.test(name) ? { owned: false } : undefined;
}
