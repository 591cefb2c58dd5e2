import { type Backend, type FillRule, generateRuleValues, type RandomKey } from "@initlib/initializers";
import { InitlibError } from "@initlib/registry";

/**
 * A tensor-parallel slice of a parameter: indices `[start, end)` along `dim`. Megatron's
 * column-parallel linear layers hold a range of rows of the torch weight `[out, in]` (dim 0, the
 * output features); row-parallel ones hold a range of columns (dim 1, the input features).
 */
export interface ParameterSlice {
  readonly dim: 0 | 1;
  readonly start: number;
  readonly end: number;
}

/** One contiguous run of the full tensor's row-major elements: `[start, start + length)`. */
export interface ElementRun {
  readonly start: number;
  readonly length: number;
}

/**
 * Shape of the slice of a tensor of shape `shape`.
 * @throws InitlibError `INITLIB_BAD_SHAPE` for a dim the tensor lacks or a range outside it.
 * @example
 * sliceShape([4096, 1024], { dim: 0, start: 1024, end: 2048 }); // [1024, 1024]
 */
export function sliceShape(shape: readonly number[], slice: ParameterSlice, path = "slice"): number[] {
  const { dim, start, end } = slice;
  if ((dim !== 0 && dim !== 1) || dim >= shape.length) {
    throw new InitlibError("INITLIB_BAD_SHAPE", `a slice along dim ${String(dim)} of a ${shape.length}-D tensor`, {
      path,
      received: { shape, dim },
      expected: "dim 0 (rows, column-parallel) or dim 1 (columns, row-parallel) of a tensor that has it",
    });
  }
  const size = shape[dim]!;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end > size || start > end) {
    throw new InitlibError("INITLIB_BAD_SHAPE", `slice [${start}, ${end}) is outside dim ${dim} of size ${size}`, {
      path,
      received: { start, end },
      expected: `whole numbers 0 <= start <= end <= ${size}`,
    });
  }
  return shape.map((extent, axis) => (axis === dim ? end - start : extent));
}

/**
 * The runs of the full tensor's flat (row-major) indices that make up a slice, in the slice's own
 * row-major order: one run for a slice along dim 0, one per row along dim 1; the whole tensor
 * without a slice.
 * @example
 * [...sliceRuns([2, 4], { dim: 1, start: 1, end: 3 })]; // [{ start: 1, length: 2 }, { start: 5, length: 2 }]
 */
export function* sliceRuns(shape: readonly number[], slice?: ParameterSlice): Generator<ElementRun> {
  const count = shape.reduce((product, extent) => product * extent, 1);
  if (slice === undefined) {
    if (count > 0) yield { start: 0, length: count };
    return;
  }
  const sliced = sliceShape(shape, slice);
  if (sliced.includes(0)) return;
  const inner = shape.slice(slice.dim + 1).reduce((product, extent) => product * extent, 1);
  if (slice.dim === 0) {
    yield { start: slice.start * inner, length: (slice.end - slice.start) * inner };
    return;
  }
  const rowStride = shape[1]! * inner;
  for (let row = 0; row < shape[0]!; row++) yield { start: row * rowStride + slice.start * inner, length: (slice.end - slice.start) * inner };
}

/**
 * Exactly the slice of the values `rule` gives the whole parameter, generated without the rest
 * of it: the counter-based generator produces any element from its index, so a tensor-parallel
 * rank initializes its shard alone and agrees bit for bit with a full init. A `values` rule
 * (Pretrained, Orthogonal, ...) loads the whole tensor once and copies the slice out.
 * @example
 * const shard = await generateParameterSlice({ kind: "normal", mean: 0, std: 0.02 }, { seed: 0, path: "mlp.fc1.weight" }, [4096, 1024], { dim: 0, start: 0, end: 2048 });
 */
export async function generateParameterSlice(rule: FillRule, key: RandomKey, shape: readonly number[], slice: ParameterSlice): Promise<Float32Array> {
  const out = new Float32Array(sliceShape(shape, slice).reduce((product, extent) => product * extent, 1));
  let full: Float32Array | undefined;
  if (rule.kind === "values") {
    full = await rule.load(key);
    const count = shape.reduce((product, extent) => product * extent, 1);
    if (!(full instanceof Float32Array) || full.length !== count) {
      throw new InitlibError("INITLIB_BAD_SHAPE", `values from ${rule.source} do not match the parameter`, { path: key.path, received: full?.length, expected: `${count} float32 values` });
    }
  }
  let offset = 0;
  for (const run of sliceRuns(shape, slice)) {
    const target = out.subarray(offset, offset + run.length);
    if (full) target.set(full.subarray(run.start, run.start + run.length));
    else generateRuleValues(rule as Exclude<FillRule, { kind: "values" }>, key, run.start, target);
    offset += run.length;
  }
  return out;
}

/**
 * Allocates storage of the slice's shape on `backend` and writes the slice of the full
 * parameter's values into it through the backend contract (`allocate`, `write`), so every
 * backend holds the same bits a full init gives that range.
 * @example
 * const storage = await writeParameterSlice(createTfjsCpuBackend(), [4096, 1024], rule, { seed: 0, path: "fc.weight" }, { dim: 1, start: 0, end: 512 });
 */
export async function writeParameterSlice<Storage>(
  backend: Backend<Storage>,
  shape: readonly number[],
  rule: FillRule,
  key: RandomKey,
  slice: ParameterSlice,
): Promise<Storage> {
  const storage = await backend.allocate(sliceShape(shape, slice));
  try {
    const values = await generateParameterSlice(rule, key, shape, slice);
    if (values.length > 0) await backend.write(storage, values, 0);
  } catch (error) {
    await backend.dispose(storage);
    throw error;
  }
  return storage;
}
