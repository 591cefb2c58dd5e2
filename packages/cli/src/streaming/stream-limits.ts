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
 * whole (Orthogonal, Dirac, Sparse, or a Pretrained tensor of a custom reader without ranged reads)
 * is held whole once, so it must fit the budget too; a Pretrained tensor with a ranged load
 * (`loadRange`: every built-in checkpoint format, transposed or not) streams in chunks like a
 * random one. A ranged load that transposes gathers through one more buffer of up to a chunk (at
 * least 256 KiB), so with such tensors in the plan the budget holds three chunks, not two (above
 * 768 KiB; at the least budget the scratch's 256 KiB floor goes about 20% over it).
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
        hint: `raise --max-memory to ${formatByteSize(bytes)} or more (Orthogonal, Dirac and Sparse values, and checkpoint tensors of readers without ranged reads, are held whole)`,
      });
    }
  }
  const largest = tensors.reduce((most, tensor) => Math.max(most, tensor.elementCount), 1);
  // Two chunk buffers of float32; a ranged load (a checkpoint tensor, maybe transposed) a third.
  const buffers = tensors.some((tensor) => tensor.rule.kind === "values" && tensor.rule.loadRange !== undefined) ? 3 : 2;
  return Math.max(1, Math.min(Math.floor(maxMemory / (4 * buffers)), MAX_CHUNK_ELEMENTS, largest));
}
