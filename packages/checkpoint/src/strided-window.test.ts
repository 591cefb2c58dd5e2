import { describe, expect, it } from "vitest";
import { copyStrided } from "./copy-strided";
import { gatherStridedWindow, type StridedView } from "./strided-window";

/** A linear source of distinct values that records every read. */
function recordingSource(length: number) {
  const values = Float32Array.from({ length }, (_, index) => index * 0.5 - 7);
  const reads: { position: number; length: number }[] = [];
  const read = async (position: number, out: Float32Array) => {
    expect(position).toBeGreaterThanOrEqual(0);
    expect(position + out.length).toBeLessThanOrEqual(length);
    reads.push({ position, length: out.length });
    out.set(values.subarray(position, position + out.length));
  };
  return { values, reads, read };
}

function wholeView(values: Float32Array, view: StridedView): Float32Array {
  const out = new Float32Array(view.shape.reduce((total, size) => total * size, 1));
  copyStrided(values.subarray(view.offset), view.shape, view.strides, out);
  return out;
}

const rowMajorStrides = (shape: readonly number[]) => shape.map((_, axis) => shape.slice(axis + 1).reduce((total, size) => total * size, 1));

describe("gatherStridedWindow", () => {
  it("gives every window of permuted, strided and broadcast views exactly as a whole strided copy", async () => {
    const cases: StridedView[] = [
      { offset: 0, shape: [5, 7], strides: [1, 5] }, // the transpose of [7, 5]
      { offset: 3, shape: [4, 3, 6], strides: [1, 24, 4] },
      { offset: 0, shape: [3, 2, 5, 4], strides: [1, 3, 24, 6] }, // HWIO [5, 4, 2, 3] read as OIHW
      { offset: 2, shape: [6, 5], strides: [11, 2] }, // a strided slice with gaps
      { offset: 1, shape: [4, 3, 5], strides: [0, 5, 1] }, // broadcast (expand) along axis 0
      { offset: 0, shape: [7], strides: [3] },
      { offset: 4, shape: [], strides: [] },
    ];
    let windows = 0;
    for (const view of cases) {
      const span = view.shape.reduce((total, size, axis) => total + (size - 1) * view.strides[axis]!, view.offset + 1);
      const { values, read } = recordingSource(span);
      const whole = wholeView(values, view);
      for (const scratch of [1, 5, 13, 64, 1 << 16]) {
        for (const size of [1, 3, 7, whole.length]) {
          for (let start = 0; start + size <= whole.length; start += Math.max(1, Math.floor(whole.length / 9))) {
            const out = new Float32Array(size).fill(Number.NaN);
            await gatherStridedWindow(read, view, start, out, scratch);
            expect(Array.from(out), `${JSON.stringify(view)} [${start}, +${size}) scratch ${scratch}`).toEqual(Array.from(whole.subarray(start, start + size)));
            windows += 1;
          }
        }
      }
    }
    expect(windows).toBeGreaterThan(300);
  });

  it("reads a transposed Linear weight one contiguous run per source row and output window", async () => {
    // stored [in, out] = [40, 5000], read as [out, in]: a window of r whole output rows is 40 runs
    // of r (runs closer than a few thousand elements would be read together, in fewer reads).
    const [inputs, outputs] = [40, 5000];
    const view: StridedView = { offset: 0, shape: [outputs, inputs], strides: [1, outputs] };
    const { values, reads, read } = recordingSource(inputs * outputs);
    const whole = wholeView(values, view);
    const rows = 100;
    const window = rows * inputs;
    const gathered = new Float32Array(whole.length);
    for (let start = 0; start < whole.length; start += window) await gatherStridedWindow(read, view, start, gathered.subarray(start, start + window), window);
    expect(Array.from(gathered)).toEqual(Array.from(whole));
    expect(reads.length).toBe(inputs * Math.ceil(outputs / rows));
    expect(reads.every((item) => item.length === rows)).toBe(true);
  });

  it("reads each box in increasing source order and never more than the scratch allows", async () => {
    const shape = [6, 10, 7];
    const view: StridedView = { offset: 0, shape: [7, 6, 10], strides: [1, 70, 7] };
    const { values, reads, read } = recordingSource(shape.reduce((total, size) => total * size));
    const whole = wholeView(values, view);
    const out = new Float32Array(60);
    await gatherStridedWindow(read, view, 120, out, 60);
    expect(Array.from(out)).toEqual(Array.from(whole.subarray(120, 180)));
    expect(reads.every((item) => item.length <= 60)).toBe(true);
    expect(reads.map((item) => item.position)).toEqual([...reads.map((item) => item.position)].sort((a, b) => a - b));
  });

  it("reads a row-major window straight into the destination in one read", async () => {
    const shape = [5, 9];
    const { values, reads, read } = recordingSource(45);
    const out = new Float32Array(17);
    await gatherStridedWindow(read, { offset: 0, shape, strides: rowMajorStrides(shape) }, 11, out, 4);
    expect(Array.from(out)).toEqual(Array.from(values.subarray(11, 28)));
    expect(reads).toHaveLength(3); // a partial row, one whole row, a partial row
  });
});
