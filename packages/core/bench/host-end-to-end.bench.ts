// Benchmark: end-to-end initWeights() on the default (host) backend against the generator alone,
// with 1 and 2 threads (and every core when there are more), for Normal, Uniform and TruncNormal
// init_cfg on a stack of Linear(4096, 4096) layers.
//
// - generator only: host.sample() into storage that exists and was written before (no allocation,
//   no first touch), for every parameter of the model: the generator's own rate.
// - generator into fresh storage: host.allocate() then host.sample(), parameter by parameter: the
//   generator plus the memory a new model needs, which the kernel maps and zeroes page by page on
//   first touch. Every framework pays this once per process (torch.empty(...).normal_() does).
// - end to end: model.initWeights() on a new model: allocation, staging, generation, commit.
// The ratio end-to-end / fresh-storage generator is what the framework adds; the ratio
// fresh / touched is the kernel's share. Each figure is the best of BENCH_REPEATS runs after a
// warm-up; CPU time (user + system, all threads) is printed next to wall time because a shared
// machine inflates wall time: system time is mostly the kernel zeroing fresh pages.
// Run with `pnpm --filter @initlib/core bench` (BENCH_LAYERS, BENCH_REPEATS to change the size).
import { availableParallelism, cpus } from "node:os";
import { createHostBackend, type FillRule } from "@initlib/initializers";
import { BaseModule, Linear, ModuleList, silentLogger } from "../src/index";
import type { ModuleInitCfg } from "../src/index";

const LAYERS = Number(process.env.BENCH_LAYERS ?? 8);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const WIDTH = 4096;

class LinearLayers extends BaseModule {
  static override readonly typeName = "LinearLayers";
  layers: ModuleList;
  constructor(initCfg: ModuleInitCfg) {
    super(initCfg);
    this.layers = new ModuleList(Array.from({ length: LAYERS }, () => new Linear({ inFeatures: WIDTH, outFeatures: WIDTH })));
  }
}

const cases: { name: string; initCfg: ModuleInitCfg; weight: Extract<FillRule, { kind: "uniform" | "normal" | "truncNormal" }> }[] = [
  { name: "Normal(std=0.02)", initCfg: { type: "Normal", std: 0.02, layer: "Linear" }, weight: { kind: "normal", mean: 0, std: 0.02 } },
  { name: "Uniform(-0.1, 0.1)", initCfg: { type: "Uniform", a: -0.1, b: 0.1, layer: "Linear" }, weight: { kind: "uniform", low: -0.1, high: 0.1 } },
  {
    name: "TruncNormal(std=0.02)",
    initCfg: { type: "TruncNormal", std: 0.02, layer: "Linear" },
    weight: { kind: "truncNormal", mean: 0, std: 0.02, low: -2, high: 2 },
  },
];

interface Timing {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly systemMs: number;
}

// With --expose-gc the previous run's model is collected before each timed run, so no run pays for
// freeing the memory of another.
const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function best(run: () => Promise<void>): Promise<Timing> {
  await run(); // warm-up: compiles, starts the worker threads
  let result: Timing = { wallMs: Number.POSITIVE_INFINITY, cpuMs: 0, systemMs: 0 };
  for (let i = 0; i < REPEATS; i++) {
    collect();
    const cpuBefore = process.cpuUsage();
    const before = performance.now();
    await run();
    const wallMs = performance.now() - before;
    const cpu = process.cpuUsage(cpuBefore);
    if (wallMs < result.wallMs) result = { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, systemMs: cpu.system / 1000 };
  }
  return result;
}

const values = LAYERS * (WIDTH * WIDTH + WIDTH);
const rate = (timing: Timing): string => `${(values / timing.wallMs / 1e3).toFixed(0)} M/s`;
const threadCounts = [...new Set([1, 2, availableParallelism()])];
const rows: string[][] = [];
const scaling: string[] = [];

for (const { name, initCfg, weight } of cases) {
  const wallByThreads = new Map<number, { generator: number; endToEnd: number }>();
  for (const threads of threadCounts) {
    const host = createHostBackend({ threads });
    // Generator only: every parameter of the model sampled into storage written before.
    const weights = Array.from({ length: LAYERS }, () => host.allocate([WIDTH, WIDTH]).fill(1));
    const biases = Array.from({ length: LAYERS }, () => host.allocate([WIDTH]).fill(1));
    const generator = await best(async () => {
      for (const [index, storage] of weights.entries()) await host.sample(storage, { rule: weight, key: { seed: 0, path: `layers.${index}.weight` } });
      for (const storage of biases) host.fill(storage, 0);
    });
    weights.length = 0;
    biases.length = 0;
    const fresh = await best(async () => {
      for (let index = 0; index < LAYERS; index++) {
        await host.sample(host.allocate([WIDTH, WIDTH]), { rule: weight, key: { seed: 0, path: `layers.${index}.weight` } });
        host.fill(host.allocate([WIDTH]), 0);
      }
    });
    const endToEnd = await best(async () => {
      const model = new LinearLayers(initCfg);
      await model.initWeights({ backend: host, logger: silentLogger, seed: 0 });
    });
    host.close();
    wallByThreads.set(threads, { generator: generator.wallMs, endToEnd: endToEnd.wallMs });
    const format = (timing: Timing) => [`${timing.wallMs.toFixed(0)} ms`, `${timing.cpuMs.toFixed(0)} ms`, `${timing.systemMs.toFixed(0)} ms`];
    const ratio = (over: number, under: number) => `${(over / under).toFixed(2)}×`;
    rows.push([
      name,
      String(threads),
      ...format(generator),
      rate(generator),
      ...format(fresh),
      ...format(endToEnd),
      rate(endToEnd),
      ratio(endToEnd.wallMs, fresh.wallMs),
      ratio(endToEnd.cpuMs, fresh.cpuMs),
      ratio(endToEnd.wallMs, generator.wallMs),
    ]);
  }
  const one = wallByThreads.get(1)!;
  for (const threads of threadCounts.slice(1)) {
    const many = wallByThreads.get(threads)!;
    scaling.push(`${name}: ${threads} threads vs 1: generator ${(one.generator / many.generator).toFixed(2)}×, end to end ${(one.endToEnd / many.endToEnd).toFixed(2)}×`);
  }
}

const header = [
  "init_cfg",
  "threads",
  "gen wall",
  "CPU",
  "sys",
  "gen rate",
  "gen+fresh wall",
  "CPU",
  "sys",
  "e2e wall",
  "CPU",
  "sys",
  "e2e rate",
  "e2e/fresh wall",
  "e2e/fresh CPU",
  "e2e/gen wall",
];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(" | ")} |`;
console.log(`host backend, ${LAYERS} × Linear(${WIDTH}, ${WIDTH}) = ${values.toLocaleString("en-US")} values, best of ${REPEATS} after a warm-up`);
console.log(`Node ${process.version}, ${cpus()[0]?.model ?? "unknown CPU"}, ${availableParallelism()} cores`);
console.log(line(header));
console.log(line(widths.map((width) => "-".repeat(width))));
for (const row of rows) console.log(line(row));
for (const entry of scaling) console.log(entry);
console.log("gen: generator into touched storage; gen+fresh: allocate then generate (pages zeroed by the kernel on first touch); e2e: model.initWeights()");
