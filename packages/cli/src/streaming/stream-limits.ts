import { InitlibError } from "@initlib/registry";
import { formatByteSize } from "./byte-size";
import type { PlannedStateTensor } from "./plan-state-tensors";

/** Elements of the smallest chunk a streamed init generates at a time (256 KiB of float32). */
export const MIN_CHUNK_ELEMENTS = 65536;
/** Elements of the largest chunk: more memory than this buys no speed. */
export const MAX_CHUNK_ELEMENTS = 4 * 2 ** 20;
/** The least `--max-memory` accepted: two chunk buffers (one filled while the other is written). */
export const MIN_MAX_MEMORY = 2 * MIN_CHUNK_ELEMENTS * 4;

/**
 * The chunk size a memory budget allows: two float32 buffers within `maxMemory`, at most
 * {@link MAX_CHUNK_ELEMENTS} and no larger than the largest tensor. A tensor a `values` rule fills
 * whole (Orthogonal, Dirac, Sparse, a Pretrained tensor that is transposed or sits in a compressed
 * or strided torch storage) is held whole once, so it must fit the budget too; a Pretrained tensor
 * with a ranged load (`loadRange`) streams in chunks like a random one.
 * @throws InitlibError `INITLIB_BAD_ARGUMENT` when the budget is below one pair of chunks or below such a tensor.
 * @example
 * chunkElementsFor(2e9, plan.tensors); // 4194304
 */
export function chunkElementsFor(maxMemory: number, tensors: readonly PlannedStateTensor[]): number {
  if (maxMemory < MIN_MAX_MEMORY) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", `--max-memory ${formatByteSize(maxMemory)} is below what one chunk needs`, {
      path: "--max-memory",
      received: maxMemory,
      expected: `at least ${MIN_MAX_MEMORY} bytes (512 KiB: two chunks of ${MIN_CHUNK_ELEMENTS} float32 values, one generated while the other is written)`,
      hint: "e.g. --max-memory 512MB",
    });
  }
  for (const tensor of tensors) {
    const bytes = tensor.elementCount * 4;
    if (tensor.rule.kind === "values" && tensor.rule.loadRange === undefined && bytes > maxMemory) {
      throw new InitlibError("INITLIB_BAD_ARGUMENT", `--max-memory ${formatByteSize(maxMemory)} cannot hold ${tensor.name}, whose values (${tensor.rule.source}) are loaded whole`, {
        path: "--max-memory",
        received: maxMemory,
        expected: `at least ${bytes} bytes, the size of ${tensor.name} [${tensor.shape.join(", ")}]`,
        hint: `raise --max-memory to ${formatByteSize(bytes)} or more (a checkpoint tensor streams in chunks only when it is stored in the parameter's layout, in safetensors or an uncompressed torch file)`,
      });
    }
  }
  const largest = tensors.reduce((most, tensor) => Math.max(most, tensor.elementCount), 1);
  return Math.max(1, Math.min(Math.floor(maxMemory / 8), MAX_CHUNK_ELEMENTS, largest));
}
