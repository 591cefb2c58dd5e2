import { describe, expect, it } from "vitest";
import { assignFilesToShards, parseShardSelection } from "./shard-selection";

describe("parseShardSelection", () => {
  it("reads k/n with k counting from 1", () => {
    expect(parseShardSelection("1/1", {})).toEqual({ index: 1, count: 1 });
    expect(parseShardSelection("3/3", {})).toEqual({ index: 3, count: 3 });
  });

  it.each(["3/2", "0/2", "a/b", "1/0", "-1/2", "1/2/3", "", "2"])("refuses %j with INITLIB_BAD_ARGUMENT naming --shard", (text) => {
    expect(() => parseShardSelection(text, {})).toThrow(expect.objectContaining({ code: "INITLIB_BAD_ARGUMENT", path: "--shard" }));
  });

  it("takes the part from a Kubernetes Indexed Job (0-based index, count given)", () => {
    expect(parseShardSelection("auto", { JOB_COMPLETION_INDEX: "0" }, 4)).toEqual({ index: 1, count: 4 });
    expect(parseShardSelection("auto", { JOB_COMPLETION_INDEX: "3" }, 4)).toEqual({ index: 4, count: 4 });
    expect(() => parseShardSelection("auto", { JOB_COMPLETION_INDEX: "4" }, 4)).toThrow(/part 5 of 4/);
    expect(() => parseShardSelection("auto", { JOB_COMPLETION_INDEX: "1" })).toThrow(expect.objectContaining({ path: "--shard-count" }));
  });

  it("takes the part from a Slurm array, offset by its first task id", () => {
    expect(parseShardSelection("auto", { SLURM_ARRAY_TASK_ID: "2", SLURM_ARRAY_TASK_COUNT: "3" })).toEqual({ index: 3, count: 3 });
    expect(parseShardSelection("auto", { SLURM_ARRAY_TASK_ID: "5", SLURM_ARRAY_TASK_COUNT: "3", SLURM_ARRAY_TASK_MIN: "4" })).toEqual({ index: 2, count: 3 });
    expect(() => parseShardSelection("auto", { SLURM_ARRAY_TASK_ID: "x", SLURM_ARRAY_TASK_COUNT: "3" })).toThrow(/not whole numbers/);
    expect(() => parseShardSelection("auto", { SLURM_ARRAY_TASK_ID: "1", SLURM_ARRAY_TASK_COUNT: "3" }, 2)).toThrow(/differs/);
  });

  it("refuses auto outside a job runner", () => {
    expect(() => parseShardSelection("auto", {})).toThrow(/found no job runner/);
  });
});

describe("assignFilesToShards", () => {
  it("gives every file to one part, balancing bytes, the same way every time", () => {
    expect(assignFilesToShards([100, 100, 10], 2)).toEqual([1, 2, 1]);
    expect(assignFilesToShards([5, 50, 20, 20], 3)).toEqual([2, 1, 2, 3]);
    expect(assignFilesToShards([1, 1], 4)).toEqual([1, 2]);
  });

  it("keeps every part within the largest file of the mean", () => {
    const sizes = Array.from({ length: 40 }, (_, index) => ((index * 7919) % 97) + 1);
    for (const count of [1, 2, 3, 5, 8]) {
      const assignment = assignFilesToShards(sizes, count);
      const loads = new Array<number>(count).fill(0);
      assignment.forEach((part, file) => (loads[part - 1]! += sizes[file]!));
      const mean = sizes.reduce((a, b) => a + b, 0) / count;
      for (const load of loads) expect(Math.abs(load - mean)).toBeLessThanOrEqual(Math.max(...sizes));
    }
  });
});
