// Benchmark: `initlib init` through the CLI against PyTorch filling the same model, in the same run,
// both on every core: 32 × Linear(4096, 4096) (537M values) with Normal, Uniform and TruncNormal
// init_cfg. Each side runs in its own process, one after the other:
//
// - initlib: `node bin/initlib.mjs init model.json --out weights.safetensors` with INITLIB_THREADS set
//   to the core count. "init" is the time the CLI reports for initWeights (allocation and
//   generation); "process" is the whole command, start-up and the safetensors file included.
// - torch: torch.empty + nn.init.normal_ / uniform_ / trunc_normal_ on the weights and zeros_ on the
//   biases, with torch.set_num_threads(cores); "process" includes torch.save of the state dict.
//   "refill" fills the same tensors a second time: storage the process has touched already, so
//   torch init / refill is what fresh memory (the kernel zeroing pages on first touch) costs torch.
//
// The ratio is torch time / initlib time (above 1: initlib is faster). Needs python3 with torch
// (TORCH_PYTHON names the interpreter; the bench says so and stops when torch is missing).
// BENCH_LAYERS changes the layer count. Run with `pnpm --filter @initlib/cli bench`.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const LAYERS = Number(process.env.BENCH_LAYERS ?? 32);
const WIDTH = 4096;
const cores = availableParallelism();
// Debian's python3-torch installs torch for the system Python (.ci/run installs it).
const python = process.env.TORCH_PYTHON ?? "/usr/bin/python3";
const cli = fileURLToPath(new URL("../bin/initlib.mjs", import.meta.url));

const cases = [
  { name: "Normal", initCfg: { type: "Normal", layer: "Linear", std: 0.02 }, torch: "nn.init.normal_(w, 0.0, 0.02)" },
  { name: "Uniform", initCfg: { type: "Uniform", layer: "Linear", a: -0.1, b: 0.1 }, torch: "nn.init.uniform_(w, -0.1, 0.1)" },
  { name: "TruncNormal", initCfg: { type: "TruncNormal", layer: "Linear", std: 0.02 }, torch: "nn.init.trunc_normal_(w, 0.0, 0.02, -2.0, 2.0)" },
];

function torchScript(fill: string, out: string): string {
  return [
    "import time, torch",
    "from torch import nn",
    "started = time.perf_counter()",
    `torch.set_num_threads(${cores})`,
    "state = {}",
    "with torch.no_grad():",
    `    for i in range(${LAYERS}):`,
    `        w = torch.empty(${WIDTH}, ${WIDTH})`,
    `        ${fill}`,
    `        b = torch.empty(${WIDTH})`,
    "        nn.init.zeros_(b)",
    "        state[f'{i}.weight'] = w",
    "        state[f'{i}.bias'] = b",
    "init = time.perf_counter() - started",
    "started = time.perf_counter()",
    "with torch.no_grad():",
    `    for i in range(${LAYERS}):`,
    "        w = state[f'{i}.weight']",
    `        ${fill}`,
    "        nn.init.zeros_(state[f'{i}.bias'])",
    "refill = time.perf_counter() - started",
    `torch.save(state, ${JSON.stringify(out)})`,
    "print(f'{init * 1000:.0f} {refill * 1000:.0f}')",
  ].join("\n");
}

function timed(command: string, args: string[], env: NodeJS.ProcessEnv): { ms: number; stdout: string } {
  const started = performance.now();
  const result = spawnSync(command, args, { env, encoding: "utf8", maxBuffer: 1 << 24 });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status}): ${result.stderr}`);
  return { ms, stdout: result.stdout };
}

function torchVersion(): string | undefined {
  try {
    return execFileSync(python, ["-c", "import torch; print(torch.__version__)"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}

const version = torchVersion();
if (version === undefined) {
  console.log(`torch comparison skipped: ${python} cannot import torch (set TORCH_PYTHON to an interpreter that can)`);
  process.exit(0);
}

const directory = mkdtempSync(join(tmpdir(), "initlib-torch-bench-"));
const rows: string[][] = [];
try {
  for (const { name, initCfg, torch } of cases) {
    const model = {
      class: "LinearStack",
      base: "BaseModule",
      init_cfg: initCfg,
      children: Array.from({ length: LAYERS }, (_, index) => ({
        name: String(index),
        module: { class: "Linear", base: "nn.Linear", args: { in_features: WIDTH, out_features: WIDTH } },
      })),
    };
    const modelPath = join(directory, `${name}.json`);
    writeFileSync(modelPath, JSON.stringify(model));
    const initlibOut = join(directory, `${name}.safetensors`);
    const initlib = timed(process.execPath, [cli, "init", modelPath, "--out", initlibOut], { ...process.env, INITLIB_THREADS: String(cores) });
    const initlibInitMs = Number(/ in (\d+) ms/.exec(initlib.stdout)?.[1] ?? Number.NaN);
    rmSync(initlibOut, { force: true });
    const torchOut = join(directory, `${name}.pt`);
    const torchRun = timed(python, ["-c", torchScript(torch, torchOut)], { ...process.env });
    const [torchInitMs, torchRefillMs] = torchRun.stdout.trim().split("\n").at(-1)!.split(" ").map(Number) as [number, number];
    rmSync(torchOut, { force: true });
    rows.push([
      name,
      `${initlibInitMs.toFixed(0)} ms`,
      `${torchInitMs.toFixed(0)} ms`,
      `${(torchInitMs / initlibInitMs).toFixed(2)}×`,
      `${initlib.ms.toFixed(0)} ms`,
      `${torchRun.ms.toFixed(0)} ms`,
      `${(torchRun.ms / initlib.ms).toFixed(2)}×`,
      `${torchRefillMs.toFixed(0)} ms`,
      `${(torchInitMs / torchRefillMs).toFixed(2)}×`,
    ]);
  }
} finally {
  rmSync(directory, { recursive: true, force: true });
}

const values = LAYERS * (WIDTH * WIDTH + WIDTH);
const header = ["init_cfg", "initlib init", "torch init", "torch/initlib", "initlib process", "torch process", "torch/initlib", "torch refill", "torch init/refill"];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(" | ")} |`;
console.log(`CLI (default backend) vs torch ${version}, ${LAYERS} × Linear(${WIDTH}, ${WIDTH}) = ${values.toLocaleString("en-US")} values, ${cores} threads each`);
console.log(`Node ${process.version}, ${cpus()[0]?.model ?? "unknown CPU"}, ${cores} cores, load average ${loadavg()[0]!.toFixed(1)} at the end`);
console.log(line(header));
console.log(line(widths.map((width) => "-".repeat(width))));
for (const row of rows) console.log(line(row));
