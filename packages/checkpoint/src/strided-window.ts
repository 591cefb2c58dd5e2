/** Reads `out.length` contiguous elements of a linear source, starting at element `position`, into `out`. */
export type RunReader = (position: number, out: Float32Array) => Promise<void>;

/** A strided view of a linear source: element `i` (a multi-index) sits at `offset + Σ i[d] · strides[d]`. */
export interface StridedView {
  readonly offset: number;
  readonly shape: readonly number[];
  /** Per-axis steps in elements, all `>= 0`. */
  readonly strides: readonly number[];
}

/** Elements the scratch buffer may hold at least, whatever the window's size (256 KiB of float32). */
export const MIN_GATHER_SCRATCH = 65_536;

/** Elements a read may span beyond four times the elements it gathers before it is split further. */
const SPAN_SLACK = 4096;

interface Box {
  base: number;
  shape: number[];
  strides: number[];
  targetBase: number;
  targetStrides: number[];
}

/**
 * Reads elements `start` to `start + out.length` (row-major) of a strided view into `out`, through
 * reads of contiguous source runs with memory bounded by `out` and one scratch buffer of
 * `max(out.length, minScratch)` elements. The window is cut into boxes (a partial row, whole rows, a
 * partial row, on each axis); a box whose source span is dense enough is read in one run and
 * gathered locally, else it is split along its axis of largest stride; the reads of all boxes are
 * made in increasing source position (for non-overlapping views), so a forward-only source such as a
 * deflated member serves a window in one pass.
 *
 * A transposed tensor is a strided view of its stored layout: for a Linear weight stored `[in, out]`
 * and read as `[out, in]`, a window of `r` whole output rows costs `in` reads of `r` elements each
 * (one contiguous run per source row), `in · ceil(out / r)` reads for the whole tensor; runs closer
 * than a few thousand elements (`out` small) are read together, in fewer, longer reads.
 * @example
 * // the transpose of a row-major [2, 3] tensor, elements 1 to 4
 * await gatherStridedWindow(read, { offset: 0, shape: [3, 2], strides: [1, 3] }, 1, new Float32Array(4));
 */
export async function gatherStridedWindow(read: RunReader, view: StridedView, start: number, out: Float32Array, minScratch = MIN_GATHER_SCRATCH): Promise<void> {
  if (out.length === 0) return;
  const scratchLimit = Math.max(out.length, minScratch, 1);
  let scratch: Float32Array | undefined;
  const scratchOf = (length: number) => {
    if (!scratch || scratch.length < length) scratch = new Float32Array(Math.min(scratchLimit, Math.max(length, scratch ? scratch.length * 2 : 0)));
    return scratch.subarray(0, length);
  };
  for (const { box, span, direct } of mergedLeaves(windowBoxes(view, start, out.length), scratchLimit)) {
    if (direct) {
      await read(box.base, out.subarray(box.targetBase, box.targetBase + span));
      continue;
    }
    const window = scratchOf(span);
    await read(box.base, window);
    copyBetween(window, box, out);
  }
}

/** The boxes (a fixed prefix, one axis ranged, the rest whole) that tile a row-major window, in order. */
function windowBoxes(view: StridedView, start: number, count: number): Box[] {
  const { shape, strides } = view;
  const rank = shape.length;
  const rowSizes = new Array<number>(rank + 1).fill(1);
  for (let axis = rank - 1; axis >= 0; axis -= 1) rowSizes[axis] = rowSizes[axis + 1]! * shape[axis]!;
  const boxes: Box[] = [];
  const rowMajor = (from: number) => shape.slice(from).map((_, axis) => rowSizes[from + axis + 1]!);
  const visit = (axis: number, base: number, from: number, to: number, targetBase: number): void => {
    if (from >= to) return;
    if (axis === rank) {
      boxes.push({ base, shape: [], strides: [], targetBase, targetStrides: [] });
      return;
    }
    const row = rowSizes[axis + 1]!;
    const stride = strides[axis]!;
    let first = Math.floor(from / row);
    const last = Math.floor((to - 1) / row);
    if (first === last) {
      visit(axis + 1, base + first * stride, from - first * row, to - first * row, targetBase);
      return;
    }
    if (from % row !== 0) {
      visit(axis + 1, base + first * stride, from % row, row, targetBase);
      targetBase += row - (from % row);
      first += 1;
    }
    const end = to % row === 0 ? last + 1 : last;
    if (end > first) {
      boxes.push({
        base: base + first * stride,
        shape: [end - first, ...shape.slice(axis + 1)],
        strides: strides.slice(axis),
        targetBase,
        targetStrides: rowMajor(axis),
      });
      targetBase += (end - first) * row;
    }
    if (to % row !== 0) visit(axis + 1, base + last * stride, 0, to % row, targetBase);
  };
  visit(0, view.offset, start, start + count, 0);
  return boxes;
}

const product = (values: readonly number[]) => values.reduce((total, value) => total * value, 1);
const spanOf = (box: Box) => box.shape.reduce((span, size, axis) => span + (size - 1) * box.strides[axis]!, 1);

/** One read of a box: straight into the destination when both sides are row-major, else via the scratch. */
interface Leaf {
  readonly box: Box;
  readonly span: number;
  readonly direct: boolean;
}

/**
 * The reads of one box, in increasing source position: the whole box when its span is dense and fits
 * the scratch, else the leaves of its parts split along its axis of largest stride, in groups whose
 * span still fits and stays dense. Planning reads nothing, so boxes' leaves can be merged by position.
 */
function* leavesOf(box: Box, scratchLimit: number): Generator<Leaf> {
  const count = product(box.shape);
  if (count === 0) return;
  const span = spanOf(box);
  if (span === count && isRowMajor(box.shape, box.strides) && isRowMajor(box.shape, box.targetStrides)) {
    yield { box, span, direct: true };
    return;
  }
  if (span <= scratchLimit && span <= 4 * count + SPAN_SLACK) {
    yield { box, span, direct: false };
    return;
  }
  let axis = -1;
  for (let candidate = 0; candidate < box.shape.length; candidate += 1) {
    if (box.shape[candidate]! > 1 && (axis < 0 || box.strides[candidate]! > box.strides[axis]!)) axis = candidate;
  }
  const size = box.shape[axis]!;
  const stride = box.strides[axis]!;
  const innerCount = count / size;
  const innerSpan = span - (size - 1) * stride;
  let group = 1;
  if (innerSpan <= scratchLimit && stride > 0) {
    group = Math.max(1, Math.min(size - 1, Math.floor((scratchLimit - innerSpan) / stride) + 1));
    while (group > 1 && (group - 1) * stride + innerSpan > 4 * group * innerCount + SPAN_SLACK) group = Math.floor(group / 2);
  }
  for (let first = 0; first < size; first += group) {
    const shape = [...box.shape];
    shape[axis] = Math.min(group, size - first);
    yield* leavesOf({ base: box.base + first * stride, shape, strides: box.strides, targetBase: box.targetBase + first * box.targetStrides[axis]!, targetStrides: box.targetStrides }, scratchLimit);
  }
}

/**
 * The leaves of all boxes merged by source position (each box's leaves already increase), so a
 * forward-only source (a deflated member) serves a window in one pass where its boxes interleave.
 */
function* mergedLeaves(boxes: readonly Box[], scratchLimit: number): Generator<Leaf> {
  const heads = boxes.map((box) => leavesOf(box, scratchLimit)).map((leaves) => ({ leaves, next: leaves.next() }));
  for (;;) {
    let best: (typeof heads)[number] | undefined;
    for (const head of heads) if (!head.next.done && (!best || head.next.value.box.base < best.next.value!.box.base)) best = head;
    if (!best) return;
    yield best.next.value!;
    best.next = best.leaves.next();
  }
}

function isRowMajor(shape: readonly number[], strides: readonly number[]): boolean {
  let expected = 1;
  for (let axis = shape.length - 1; axis >= 0; axis -= 1) {
    if (shape[axis]! > 1 && strides[axis] !== expected) return false;
    expected *= shape[axis]!;
  }
  return true;
}

/** Copies a box from `window` (its source span, first element at 0) to its place in `out`. */
function copyBetween(window: Float32Array, box: Box, out: Float32Array): void {
  const { shape, strides, targetStrides } = box;
  const rank = shape.length;
  const index = new Array<number>(rank).fill(0);
  const count = product(shape);
  let position = 0;
  let target = box.targetBase;
  for (let done = 0; done < count; done += 1) {
    out[target] = window[position]!;
    for (let axis = rank - 1; axis >= 0; axis -= 1) {
      index[axis]! += 1;
      position += strides[axis]!;
      target += targetStrides[axis]!;
      if (index[axis]! < shape[axis]!) break;
      position -= strides[axis]! * shape[axis]!;
      target -= targetStrides[axis]! * shape[axis]!;
      index[axis] = 0;
    }
  }
}
