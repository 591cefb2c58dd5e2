import type { TfjsNamespace, TfjsVariable } from "../tfjs-namespace";
import { backendFailure, TfjsStorage } from "../tfjs-storage";

/**
 * @internal A tfjs storage whose zeros variable is only created when something reads it.
 *
 * `initWeights()` allocates a fresh storage per parameter and then replaces its whole content
 * (`sample`, `fill`); creating a zeros variable first would allocate, and for large models page in,
 * as many bytes again as the model only to drop them. Until it is created, {@link DeferredStorage.install}
 * takes a variable that already holds the values. Any other access to `variable` (reads, writes
 * at offsets, `variableOf`) creates the zeros variable first, so callers see an ordinary storage.
 */
export class DeferredStorage extends TfjsStorage {
  #variable: TfjsVariable | null | undefined;

  constructor(tf: TfjsNamespace, backendName: string, shape: readonly number[], size: number) {
    // The variable is an accessor defined below; the base class' field is replaced right away.
    super(tf, backendName, shape, size, undefined as unknown as TfjsVariable);
    Object.defineProperty(this, "variable", {
      configurable: true,
      enumerable: true,
      get: (): TfjsVariable | null => {
        if (this.#variable === undefined) {
          try {
            this.#variable = tf.tidy(() => tf.variable(tf.zeros(shape as number[], "float32"), true));
          } catch (error) {
            throw backendFailure(backendName, "allocate", error);
          }
        }
        return this.#variable;
      },
      set: (variable: TfjsVariable | null) => {
        this.#variable = variable;
      },
    });
  }

  /** True until a variable exists (created on first access, or taken by `install`). */
  get deferred(): boolean {
    return this.#variable === undefined;
  }

  /** Takes `variable`, just created to hold this storage's values, instead of creating the zeros one. */
  install(variable: TfjsVariable): void {
    this.#variable = variable;
    this.writes.replaced();
  }

  /** Marks a storage that never got a variable as disposed; nothing was allocated. */
  release(): void {
    this.#variable = null;
    this.writes.clear();
  }
}

/** Whether `storage` is a {@link DeferredStorage} whose variable does not exist yet. */
export function isDeferred(storage: unknown): storage is DeferredStorage {
  return storage instanceof DeferredStorage && storage.deferred;
}
