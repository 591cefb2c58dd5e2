import { CheckpointError } from "./checkpoint-error";

/**
 * `error` restated so that it names the tensor `key` it stopped (a failed range, a missing shard):
 * same code, file, received, expected and hint, the original as `cause`, the summary prefixed by
 * `what` (default `reading tensor "<key>"`). Errors that are not `CheckpointError`s, or that name
 * the key already, are returned unchanged.
 * @example
 * try { await tensor.load(out); } catch (error) { throw errorForKey(error, "fc.weight"); }
 */
export function errorForKey(error: unknown, key: string, what = `reading tensor "${key}"`): unknown {
  if (!CheckpointError.isInstance(error) || error.message.includes(`"${key}"`)) return error;
  const firstLine = error.message.split("\n")[0] ?? "";
  const summary = error.file !== undefined && firstLine.startsWith(`${error.file}: `) ? firstLine.slice(error.file.length + 2) : firstLine;
  return new CheckpointError(error.code, `${what}: ${summary}`, {
    ...(error.file === undefined ? {} : { file: error.file }),
    ...(error.received === undefined ? {} : { received: error.received }),
    ...(error.expected === undefined ? {} : { expected: error.expected }),
    ...(error.hint === undefined ? {} : { hint: error.hint }),
    cause: error,
  });
}
