import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runInitlib } from "./run-cli";
import { filesOf, writeMixedModel } from "./stream-models";

const bin = fileURLToPath(new URL("../bin/initlib.mjs", import.meta.url));
const scaling = readFileSync(fileURLToPath(new URL("../../../docs/scaling.md", import.meta.url)), "utf8");
const clean = { JOB_COMPLETION_INDEX: undefined, SLURM_ARRAY_TASK_ID: undefined, SLURM_ARRAY_TASK_COUNT: undefined, SLURM_ARRAY_TASK_MIN: undefined };
let work: string;
let modelPath: string;
let reference: Map<string, Uint8Array>;
const files = (directory: string) => filesOf(directory, readdirSync, (path) => new Uint8Array(readFileSync(path)));

/** The fenced block that follows `<!-- marker -->` in docs/scaling.md. */
function block(marker: string): string {
  const match = new RegExp(`<!-- ${marker} -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\`\`\``).exec(scaling);
  if (!match) throw new Error(`docs/scaling.md has no block after <!-- ${marker} -->`);
  return match[1]!;
}

// The documents' commands write 5 GB shards; the test model is small, so they run with 20 KB ones.
const SHARD_SIZE = "20KB";

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "initlib-scaling-docs-"));
  modelPath = await writeMixedModel(work);
  const one = await runInitlib(["init", modelPath, "--out", join(work, "one/"), "--max-shard-size", SHARD_SIZE, "--max-memory", "2GB", "--seed", "0"], work, clean);
  expect(one.code, one.stderr).toBe(0);
  reference = files(join(work, "one"));
  expect(reference.size).toBeGreaterThan(4);
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("docs/scaling.md", { timeout: 240_000 }, () => {
  it("the Kubernetes Indexed Job's command, run once per completion index, writes the bytes of one process", async () => {
    const job = parse(block("kubernetes-job")) as {
      kind: string;
      spec: { completionMode: string; completions: number; template: { spec: { containers: { command: string[] }[] } } };
    };
    expect(job.kind).toBe("Job");
    expect(job.spec.completionMode).toBe("Indexed");
    const [program, ...args] = job.spec.template.spec.containers[0]!.command;
    expect(program).toBe("initlib");
    expect(args[args.indexOf("--shard-count") + 1]).toBe(String(job.spec.completions));
    const out = join(work, "kubernetes");
    const localArgs = args.map((arg) => (arg === "/config/model.json" ? modelPath : arg === "/weights/llama-7b/" ? `${out}/` : arg === "5GB" ? SHARD_SIZE : arg));
    const runs = await Promise.all(Array.from({ length: job.spec.completions }, (_, index) => runInitlib(localArgs, work, { ...clean, JOB_COMPLETION_INDEX: String(index) })));
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(files(out)).toEqual(reference);
  });

  it("the sbatch script, run under bash once per array task, writes the bytes of one process", async () => {
    const script = block("sbatch").replace("--max-shard-size 5GB", `--max-shard-size ${SHARD_SIZE}`);
    const range = /#SBATCH --array=(\d+)-(\d+)/.exec(script)!;
    const [first, last] = [Number(range[1]), Number(range[2])];
    const scriptPath = join(work, "init-weights.sbatch");
    writeFileSync(scriptPath, script);
    const shims = join(work, "bin");
    mkdirSync(shims, { recursive: true });
    writeFileSync(join(shims, "initlib"), `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`);
    chmodSync(join(shims, "initlib"), 0o755);
    const out = join(work, "slurm");
    const task = (id: number) =>
      new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
        const environment: Record<string, string> = {};
        for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !key.startsWith("SLURM_") && key !== "JOB_COMPLETION_INDEX") environment[key] = value;
        Object.assign(environment, {
          PATH: `${shims}:${process.env.PATH ?? ""}`,
          MODEL: modelPath,
          OUT: out,
          SLURM_ARRAY_TASK_ID: String(id),
          SLURM_ARRAY_TASK_MIN: String(first),
          SLURM_ARRAY_TASK_MAX: String(last),
          SLURM_ARRAY_TASK_COUNT: String(last - first + 1),
        });
        const child = spawn("bash", [scriptPath], { cwd: work, env: environment, stdio: ["ignore", "ignore", "pipe"] });
        let stderr = "";
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stderr }));
      });
    const runs = await Promise.all(Array.from({ length: last - first + 1 }, (_, offset) => task(first + offset)));
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(files(out)).toEqual(reference);
  });
});
