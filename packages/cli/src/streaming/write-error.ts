import { InitlibError } from "@initlib/registry";

const HINTS: Readonly<Record<string, string>> = {
  ENOSPC: "free space on that disk or choose another --out; nothing of this run was left behind",
  EDQUOT: "the disk quota is exhausted: free space or choose another --out",
  EACCES: "the directory is not writable by this user: choose another --out",
  EROFS: "the file system is read-only: choose another --out",
  EIO: "the disk reported an I/O error: check it, then run again",
};

/**
 * A file-system failure while writing the output, as a coded error naming the file and the system
 * code (`ENOSPC` for a full disk); InitlibErrors and other coded errors pass through unchanged.
 * @example
 * throw asWriteError(error, "out/model-00001-of-00002.safetensors");
 */
export function asWriteError(error: unknown, path: string): unknown {
  if (InitlibError.isInstance(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || !/^E[A-Z]+$/.test(code)) return error;
  return new InitlibError("INITLIB_WRITE_FAILED", `writing ${path} failed (${code})`, {
    path,
    received: error instanceof Error ? error.message : String(error),
    expected: "a writable directory with room for the output",
    hint: HINTS[code] ?? "check the disk and the directory's permissions, then run again",
    cause: error,
  });
}
