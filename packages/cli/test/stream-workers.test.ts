import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linearStackSpec } from "../bench/linear-stack-spec";
import { runInitlib } from "./run-cli";
import { filesOf, writeMixedModel } from "./stream-models";

const bin = fileURLToPath(new URL("../bin/initlib.mjs", import.meta.url));
let work: string;
let modelPath: string;
const files = (directory: string) => filesOf(directory, readdirSync, (path) => new Uint8Array(readFileSync(path)));
const temporaryFiles = (directory: string) => readdirSync(directory).filter((name) => name.startsWith(".initlib-"));
// No job runner's variables leak in from the machine running the tests.
const clean = { JOB_COMPLETION_INDEX: undefined, SLURM_ARRAY_TASK_ID: undefined, SLURM_ARRAY_TASK_COUNT: undefined, SLURM_ARRAY_TASK_MIN: undefined };

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "initlib-workers-"));
  modelPath = await writeMixedModel(work);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("initlib init --out DIR/ across processes", { timeout: 240_000 }, () => {
  it("three workers of a Slurm array, and of a Kubernetes Indexed Job, write together the bytes one process writes", async () => {
    const args = (out: string) => ["init", modelPath, "--out", `${out}/`, "--max-shard-size", "25KB", "--max-memory", "1MB", "--seed", "5"];
    const one = await runInitlib(args(join(work, "one")), work, clean);
    expect(one.code, one.stderr).toBe(0);
    expect(readdirSync(join(work, "one")).length).toBeGreaterThan(4);
    const slurm = await Promise.all(
      [0, 1, 2].map((id) => runInitlib([...args(join(work, "slurm")), "--shard", "auto"], work, { ...clean, SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_COUNT: "3", SLURM_ARRAY_TASK_MIN: "0" })),
    );
    for (const run of slurm) expect(run.code, run.stderr).toBe(0);
    expect(slurm.map((run) => /part (\d) of 3/.exec(run.stdout)?.[1])).toEqual(["1", "2", "3"]);
    expect(files(join(work, "slurm"))).toEqual(files(join(work, "one")));
    const kubernetes = await Promise.all(
      [0, 1, 2].map((index) => runInitlib([...args(join(work, "kubernetes")), "--shard", "auto", "--shard-count", "3"], work, { ...clean, JOB_COMPLETION_INDEX: String(index) })),
    );
    for (const run of kubernetes) expect(run.code, run.stderr).toBe(0);
    expect(files(join(work, "kubernetes"))).toEqual(files(join(work, "one")));
  });

  it("refuses --shard 3/2, 0/2, a/b, auto outside a job runner and --max-memory below a chunk with coded errors, writing nothing", async () => {
    const cases = [["--shard", "3/2"], ["--shard", "0/2"], ["--shard", "a/b"], ["--shard", "auto"], ["--max-memory", "64KB"]];
    const runs = await Promise.all(cases.map((extra, position) => runInitlib(["init", modelPath, "--out", join(work, `bad${position}/`), ...extra], work, clean)));
    runs.forEach((run, position) => {
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toContain("[INITLIB_BAD_ARGUMENT]");
      expect(run.stderr).toContain(cases[position]![0] === "--shard" ? "--shard" : "--max-memory");
      expect(existsSync(join(work, `bad${position}`))).toBe(false);
    });
  });

  /**
   * Writes an earlier output to `directory`, then starts a large streamed init into it and waits
   * until its first temporary file exists: the run is mid-write.
   */
  async function startRunOverEarlierOutput(name: string) {
    const directory = join(work, name);
    const earlier = await runInitlib(["init", modelPath, "--out", `${directory}/`], work, clean);
    expect(earlier.code, earlier.stderr).toBe(0);
    const before = files(directory);
    const big = join(work, `big-${name}.json`);
    writeFileSync(big, JSON.stringify(linearStackSpec(60e6, 2048)));
    const launcher = spawn(process.execPath, [bin, "init", big, "--out", `${directory}/`, "--max-memory", "1MB"], { cwd: work, stdio: "ignore" });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => launcher.once("exit", (_code, signal) => resolve(signal)));
    for (let attempt = 0; attempt < 3000 && temporaryFiles(directory).length === 0; attempt++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(temporaryFiles(directory)).toHaveLength(1);
    return { directory, before, launcher, exited };
  }

  it("a worker stopped mid-write (SIGTERM) removes its temporary files and leaves the earlier output as it was", async () => {
    const { directory, before, launcher, exited } = await startRunOverEarlierOutput("stopped");
    launcher.kill("SIGTERM");
    expect(await exited).toBe("SIGTERM");
    expect(temporaryFiles(directory)).toEqual([]);
    expect(files(directory)).toEqual(before);
  });

  it("a worker killed outright (SIGKILL, no handler runs) leaves the earlier output intact, and the next run removes what it left", async () => {
    const { directory, before, launcher, exited } = await startRunOverEarlierOutput("killed");
    // The CLI runs behind a launcher; kill the process that writes.
    const writers = execFileSync("ps", ["-o", "pid=", "--ppid", String(launcher.pid)], { encoding: "utf8" }).split("\n").map(Number).filter((pid) => pid > 0);
    expect(writers).toHaveLength(1);
    process.kill(writers[0]!, "SIGKILL");
    await exited;
    expect(temporaryFiles(directory)).toHaveLength(1);
    expect(new Map([...files(directory)].filter(([name]) => !name.startsWith(".initlib-")))).toEqual(before);
    const next = await runInitlib(["init", modelPath, "--out", `${directory}/`, "--seed", "1"], work, clean);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toContain("removed 1 temporary file");
    expect(temporaryFiles(directory)).toEqual([]);
    expect([...files(directory).keys()]).toEqual([...before.keys()]);
  });

  it("a real full disk (a 2 MB tmpfs, where the tests may mount one) is INITLIB_WRITE_FAILED with nothing left behind", async (context) => {
    const mountPoint = join(work, "tiny");
    mkdirSync(mountPoint);
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", mountPoint], { stdio: "ignore" });
    } catch {
      context.skip("mounting a tmpfs needs root (the in-process test injects ENOSPC instead)");
    }
    try {
      const earlier = await runInitlib(["init", modelPath, "--out", join(mountPoint, "out/")], work, clean);
      expect(earlier.code, earlier.stderr).toBe(0);
      const before = files(join(mountPoint, "out"));
      const big = join(work, "fill.json");
      writeFileSync(big, JSON.stringify(linearStackSpec(1e6, 256)));
      const full = await runInitlib(["init", big, "--out", join(mountPoint, "out/"), "--max-shard-size", "600KB", "--max-memory", "1MB"], work, clean);
      expect(full.code).toBe(1);
      expect(full.stderr).toContain("[INITLIB_WRITE_FAILED]");
      expect(full.stderr).toContain("ENOSPC");
      expect(files(join(mountPoint, "out"))).toEqual(before);
    } finally {
      execFileSync("umount", [mountPoint]);
    }
  });
});
