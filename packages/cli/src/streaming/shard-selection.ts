import { InitlibError } from "@initlib/registry";

/** Which of `count` disjoint parts of the output this process writes: `index` is 1-based (1..count). */
export interface ShardSelection {
  readonly index: number;
  readonly count: number;
}

/** The variables `--shard auto` reads. */
export type ShardEnvironment = Readonly<Record<string, string | undefined>>;

const positiveInteger = (text: string): number | undefined => (/^\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : undefined);

function badShard(received: unknown, summary: string, hint: string): InitlibError {
  return new InitlibError("INITLIB_BAD_ARGUMENT", summary, { path: "--shard", received, expected: "k/n with whole numbers 1 <= k <= n (k counts from 1), or auto", hint });
}

/**
 * Reads `--shard`: `k/n` (k counts from 1: `1/3`, `2/3`, `3/3` are the three parts of a 3-way
 * split), or `auto`, which takes the part from the job runner: a Kubernetes Indexed Job
 * (`JOB_COMPLETION_INDEX`, counting from 0, with the count given by `count`, the Job's
 * `completions`) or a Slurm job array (`SLURM_ARRAY_TASK_ID` minus `SLURM_ARRAY_TASK_MIN`, with
 * `SLURM_ARRAY_TASK_COUNT` tasks).
 * @throws InitlibError `INITLIB_BAD_ARGUMENT` for `0/2`, `3/2`, `a/b`, or `auto` without the variables.
 * @example
 * parseShardSelection("2/3", {}); // { index: 2, count: 3 }
 * parseShardSelection("auto", { JOB_COMPLETION_INDEX: "0" }, 4); // { index: 1, count: 4 }
 */
export function parseShardSelection(text: string, environment: ShardEnvironment, count?: number): ShardSelection {
  if (text === "auto") return fromEnvironment(environment, count);
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? positiveInteger(match[1]!) : undefined;
  const total = match ? positiveInteger(match[2]!) : undefined;
  if (index === undefined || total === undefined) throw badShard(text, "--shard is not k/n", "e.g. --shard 2/4 for the second of four parts, or --shard auto in a Kubernetes Indexed Job or Slurm array");
  if (total < 1) throw badShard(text, "--shard needs at least one part", "n counts the processes, e.g. --shard 1/1");
  if (index < 1 || index > total) throw badShard(text, `--shard ${text}: part ${index} does not exist in a ${total}-way split`, `k counts from 1 to ${total}: --shard 1/${total} … --shard ${total}/${total}`);
  return { index, count: total };
}

function fromEnvironment(environment: ShardEnvironment, count: number | undefined): ShardSelection {
  const kubernetes = environment.JOB_COMPLETION_INDEX;
  if (kubernetes !== undefined) {
    const zeroBased = positiveInteger(kubernetes);
    if (zeroBased === undefined) throw badShard(kubernetes, "JOB_COMPLETION_INDEX is not a whole number", "run in a Kubernetes Job with completionMode: Indexed");
    if (count === undefined) {
      throw new InitlibError("INITLIB_BAD_ARGUMENT", "--shard auto in a Kubernetes Indexed Job needs the number of parts", {
        path: "--shard-count",
        expected: "--shard-count N, the Job's completions",
        hint: "add --shard-count with the value of spec.completions",
      });
    }
    return checkedAuto(zeroBased + 1, count, `JOB_COMPLETION_INDEX=${kubernetes}`);
  }
  const slurm = environment.SLURM_ARRAY_TASK_ID;
  if (slurm !== undefined) {
    const id = positiveInteger(slurm);
    const minimum = positiveInteger(environment.SLURM_ARRAY_TASK_MIN ?? "0");
    const total = positiveInteger(environment.SLURM_ARRAY_TASK_COUNT ?? "");
    if (id === undefined || minimum === undefined || total === undefined) {
      throw badShard(
        { SLURM_ARRAY_TASK_ID: slurm, SLURM_ARRAY_TASK_MIN: environment.SLURM_ARRAY_TASK_MIN, SLURM_ARRAY_TASK_COUNT: environment.SLURM_ARRAY_TASK_COUNT },
        "the Slurm array variables are not whole numbers",
        "submit with sbatch --array=0-(N-1)",
      );
    }
    if (count !== undefined && count !== total) throw badShard(count, `--shard-count ${count} differs from SLURM_ARRAY_TASK_COUNT=${total}`, "leave --shard-count out under Slurm");
    return checkedAuto(id - minimum + 1, total, `SLURM_ARRAY_TASK_ID=${slurm}`);
  }
  throw badShard("auto", "--shard auto found no job runner's index", "set JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT (Slurm array), or give --shard k/n");
}

function checkedAuto(index: number, count: number, source: string): ShardSelection {
  if (!Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw badShard(source, `${source} gives part ${index} of ${count}`, "the index must fall within the count: check --shard-count or the array's range (a contiguous range such as --array=0-3)");
  }
  return { index, count };
}

/**
 * Which part writes each file: the largest file first, each to the part with the fewest bytes so
 * far (the lower part on a tie), so parts get even shares of bytes and every process derives the
 * same assignment from the plan alone. Returns the 1-based part of each file.
 * @example
 * assignFilesToShards([100, 100, 10], 2); // [1, 2, 1]
 */
export function assignFilesToShards(fileBytes: readonly number[], count: number): number[] {
  const load = new Array<number>(count).fill(0);
  const assignment = new Array<number>(fileBytes.length).fill(0);
  const order = fileBytes.map((bytes, file) => ({ bytes, file })).sort((a, b) => b.bytes - a.bytes || a.file - b.file);
  for (const { bytes, file } of order) {
    let least = 0;
    for (let part = 1; part < count; part++) if (load[part]! < load[least]!) least = part;
    load[least]! += bytes;
    assignment[file] = least + 1;
  }
  return assignment;
}
