import { InitlibError, describeValue } from "@initlib/registry";
import { ChunkedWriteStaging } from "./chunked-write-staging";
import type { TfjsNamespace, TfjsVariable } from "./tfjs-namespace";

const STORAGE_MARKER = Symbol.for("@initlib/backend-tfjs/storage");

/**
 * A parameter held by a tfjs backend: a `tf.Variable`, plus a host staging array while writes at
 * offsets are being collected (they reach the variable in one upload; see `flushStorage`).
 * Opaque to callers; use {@link variableOf} for the variable.
 */
export class TfjsStorage {
  readonly [STORAGE_MARKER] = true;
  /** The live variable; `null` once disposed. */
  variable: TfjsVariable | null;
  /** Writes at offsets collected on the host until the parameter is complete or used. */
  readonly writes: ChunkedWriteStaging;
  /**
   * True when the variable belongs to someone else (a tfjs-layers model): disposing the storage
   * drops the reference and leaves the variable to its owner.
   */
  borrowed = false;

  constructor(
    readonly tf: TfjsNamespace,
    readonly backendName: string,
    readonly shape: readonly number[],
    readonly size: number,
    variable: TfjsVariable | null,
  ) {
    this.variable = variable;
    this.writes = new ChunkedWriteStaging(size);
  }

  /** The staged host copy, or `null` when the variable is current. */
  get staging(): Float32Array | null {
    return this.writes.values;
  }
}

/**
 * Whether `value` is a storage made by `@initlib/backend-tfjs` (any copy of the package).
 * @example
 * if (isTfjsStorage(param.storage)) variableOf(param.storage).print();
 */
export function isTfjsStorage(value: unknown): value is TfjsStorage {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[STORAGE_MARKER] === true;
}

/** Wraps a tfjs failure during `operation` as `INITLIB_BACKEND_FAILURE`, keeping the cause. */
export function backendFailure(backendName: string, operation: string, cause: unknown): InitlibError {
  if (InitlibError.isInstance(cause)) return cause;
  const reason = cause instanceof Error ? cause.message : describeValue(cause);
  return new InitlibError("INITLIB_BACKEND_FAILURE", `tfjs backend "${backendName}" failed during ${operation}: ${reason}`, {
    path: operation,
    hint: "the tfjs backend reported an error (device lost, out of memory, kernel missing); see the cause",
    cause,
  });
}

/** Returns the live storage behind `storage`, or throws `INITLIB_DISPOSED` / `INITLIB_BAD_ARGUMENT`. */
export function openStorage(storage: unknown, operation: string): TfjsStorage & { variable: TfjsVariable } {
  if (!isTfjsStorage(storage)) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", `${operation} needs a storage allocated by @initlib/backend-tfjs`, {
      path: "storage",
      received: storage,
      expected: "the value returned by allocate() of a tfjs backend",
    });
  }
  if (storage.variable === null || storage.variable.isDisposed) {
    throw new InitlibError("INITLIB_DISPOSED", `${operation} on a disposed parameter of tfjs backend "${storage.backendName}"`, {
      path: "storage",
      received: `parameter of shape [${storage.shape.join(", ")}]`,
      expected: "a parameter that has not been disposed",
      hint: "allocate a new parameter; disposed tfjs variables cannot be used again",
    });
  }
  return storage as TfjsStorage & { variable: TfjsVariable };
}

/** Uploads pending staged writes into the variable (one tensor, handed over without a copy). */
export function flushStorage(storage: TfjsStorage & { variable: TfjsVariable }, operation: string): void {
  const staged = storage.writes.values;
  if (staged === null) return;
  const { tf, variable } = storage;
  try {
    tf.tidy(() => {
      variable.assign(tf.tensor(staged, storage.shape as number[], "float32"));
    });
  } catch (error) {
    throw backendFailure(storage.backendName, operation, error);
  } finally {
    // Uploaded or failed: either way the staged writes are over (a failed upload leaves the old values).
    storage.writes.settle(staged);
  }
}

/**
 * The `tf.Variable` behind a storage of a tfjs backend, for interop (pass it to tfjs-layers, run ops
 * on it). Pending writes are uploaded first. Changing the variable changes the parameter.
 * @throws InitlibError `INITLIB_DISPOSED` once the storage is disposed.
 * @example
 * const storage = await backend.allocate([3, 2]);
 * await backend.fill(storage, 1);
 * variableOf(storage).print();
 */
export function variableOf(storage: unknown): TfjsVariable {
  const open = openStorage(storage, "variableOf");
  flushStorage(open, "variableOf");
  // The caller may assign to the variable: it can no longer be assumed to hold zeros.
  open.writes.pristine = false;
  return open.variable;
}
