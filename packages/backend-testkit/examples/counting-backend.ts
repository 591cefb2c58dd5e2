/**
 * A custom initlib backend written only against the public contract, as a user would write one:
 * values live in fixed-size pages of `Float32Array`s (so a write may span several pages), and the
 * backend counts what initlib asks of it. It passes `@initlib/backend-testkit` and initializes models
 * through `initWeights({ backend })` (see test/counting-backend.test.ts).
 */
import { BACKEND_SPEC_VERSION, type Backend } from "@initlib/initializers";
import { InitlibError } from "@initlib/registry";

/** What the backend has been asked to do so far. */
export interface BackendCounts {
  allocations: number;
  liveAllocations: number;
  /** `write` calls, and the page-sized pieces they were split into. */
  writes: number;
  pageWrites: number;
  fills: number;
  reads: number;
}

/** A parameter: its size and its pages (`null` once disposed). */
export interface PagedStorage {
  readonly size: number;
  pages: Float32Array[] | null;
}

export interface CountingBackend extends Backend<PagedStorage> {
  readonly counts: BackendCounts;
}

/** Options of {@link createCountingBackend}. */
export interface CountingBackendOptions {
  /** Elements per page. @default 1000 */
  readonly pageElements?: number;
}

function badArgument(summary: string, path: string, received: unknown, expected: string): InitlibError {
  return new InitlibError("INITLIB_BAD_ARGUMENT", `counting backend: ${summary}`, { path, received, expected });
}

/**
 * Creates the paged, counting backend.
 * @example
 * const backend = createCountingBackend({ pageElements: 4096 });
 * await model.initWeights({ backend, seed: 0 });
 * console.log(backend.counts.writes);
 */
export function createCountingBackend(options: CountingBackendOptions = {}): CountingBackend {
  const pageElements = options.pageElements ?? 1000;
  const counts: BackendCounts = { allocations: 0, liveAllocations: 0, writes: 0, pageWrites: 0, fills: 0, reads: 0 };

  const pagesOf = (storage: PagedStorage, operation: string): Float32Array[] => {
    if (storage.pages === null) {
      throw new InitlibError("INITLIB_DISPOSED", `counting backend: ${operation}() on a disposed parameter`, {
        path: "storage",
        received: `parameter of ${storage.size} elements`,
        hint: "allocate a new parameter",
      });
    }
    return storage.pages;
  };

  return {
    name: "counting",
    specVersion: BACKEND_SPEC_VERSION,
    counts,
    allocate(shape) {
      if (!Array.isArray(shape) || !shape.every((size) => Number.isInteger(size) && size >= 0)) {
        throw new InitlibError("INITLIB_BAD_SHAPE", "counting backend: a shape is a list of non-negative integers", {
          path: "shape",
          received: shape,
          expected: "e.g. [64, 3, 3, 3], or [] for a scalar",
        });
      }
      const size = shape.reduce((product, length) => product * length, 1);
      const pages: Float32Array[] = [];
      for (let start = 0; start < size; start += pageElements) pages.push(new Float32Array(Math.min(pageElements, size - start)));
      counts.allocations += 1;
      counts.liveAllocations += 1;
      return { size, pages };
    },
    write(storage, values, offset) {
      const pages = pagesOf(storage, "write");
      if (!(values instanceof Float32Array)) throw badArgument("write() takes a Float32Array", "values", values, "a Float32Array");
      if (!Number.isInteger(offset) || offset < 0) throw badArgument("bad write offset", "offset", offset, "an integer >= 0");
      if (offset + values.length > storage.size) {
        throw new InitlibError("INITLIB_BAD_SHAPE", `counting backend: ${values.length} values at offset ${offset} do not fit in ${storage.size} elements`, {
          path: "values",
          received: { offset, length: values.length },
          expected: `offset + length <= ${storage.size}`,
        });
      }
      counts.writes += 1;
      // Split the write at page boundaries: chunking that differs from initlib's own.
      for (let done = 0; done < values.length; ) {
        const element = offset + done;
        const page = pages[Math.floor(element / pageElements)]!;
        const within = element % pageElements;
        const length = Math.min(page.length - within, values.length - done);
        page.set(values.subarray(done, done + length), within);
        counts.pageWrites += 1;
        done += length;
      }
    },
    async read(storage) {
      const pages = pagesOf(storage, "read");
      counts.reads += 1;
      const out = new Float32Array(storage.size);
      pages.forEach((page, index) => out.set(page, index * pageElements));
      return out;
    },
    fill(storage, value) {
      counts.fills += 1;
      for (const page of pagesOf(storage, "fill")) page.fill(value);
    },
    dispose(storage) {
      pagesOf(storage, "dispose");
      storage.pages = null;
      counts.liveAllocations -= 1;
    },
  };
}
