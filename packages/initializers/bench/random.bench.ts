// pnpm bench: fills a 16M-element float32 parameter with initlib's host generator (WebAssembly SIMD
// and pure-JS engines) and with tfjs-core's cpu-backend samplers in the same run, and prints a table
// of throughputs with ratios against the tfjs peer of the same distribution.
//
// Each figure is the best of several timed calls after a warm-up call. "values/s" is wall-clock;
// "CPU values/s" divides by the process's CPU time over the call, which is what one core delivers
// when other processes share the machine.
import { availableParallelism, cpus } from "node:os";
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { createHostBackend, type FillRule } from "../src/index";

const ELEMENTS = 16 * 1024 * 1024;
const shape = [4096, 4096];
const key = { seed: 42, path: "bench.weight" };

type RandomRule = Extract<FillRule, { kind: "uniform" | "normal" | "truncNormal" }>;
const distributions: { name: string; rule: RandomRule; tfjs: () => tf.Tensor }[] = [
  { name: "uniform U(0, 1)", rule: { kind: "uniform", low: 0, high: 1 }, tfjs: () => tf.randomUniform([ELEMENTS], 0, 1, "float32", 42) },
  { name: "normal N(0, 1)", rule: { kind: "normal", mean: 0, std: 1 }, tfjs: () => tf.randomNormal([ELEMENTS], 0, 1, "float32", 42) },
  {
    name: "truncated normal [-2σ, 2σ]",
    rule: { kind: "truncNormal", mean: 0, std: 1, low: -2, high: 2 },
    tfjs: () => tf.truncatedNormal([ELEMENTS], 0, 1, "float32", 42),
  },
];

interface Measurement {
  readonly seconds: number;
  readonly cpuSeconds: number;
}

function measure(run: () => void, repeats: number): Measurement {
  run(); // warm-up: compiles and tiers up the code paths
  let seconds = Number.POSITIVE_INFINITY;
  let cpuSeconds = Number.POSITIVE_INFINITY;
  for (let i = 0; i < repeats; i++) {
    const cpuBefore = process.cpuUsage();
    const before = performance.now();
    run();
    seconds = Math.min(seconds, (performance.now() - before) / 1000);
    const cpu = process.cpuUsage(cpuBefore);
    cpuSeconds = Math.min(cpuSeconds, (cpu.user + cpu.system) / 1e6);
  }
  return { seconds, cpuSeconds };
}

await tf.setBackend("cpu");
const repeats = Number(process.env.BENCH_REPEATS ?? 5);
const rows: string[][] = [];
const format = (valuesPerSecond: number) => `${(valuesPerSecond / 1e6).toFixed(0)} M/s`;

for (const { name, rule, tfjs } of distributions) {
  const peer = measure(() => {
    const tensor = tfjs();
    tensor.dataSync();
    tensor.dispose();
  }, repeats);
  const peerRate = ELEMENTS / peer.seconds;
  rows.push([name, "tfjs-core cpu", `${(peer.seconds * 1000).toFixed(1)} ms`, format(peerRate), format(ELEMENTS / peer.cpuSeconds), "1.00×"]);
  for (const engine of ["webassembly", "javascript"] as const) {
    const host = createHostBackend({ engine, threads: 1 });
    const storage = host.allocate(shape);
    const result = measure(() => host.sample(storage, { rule, key }), engine === "javascript" ? Math.min(repeats, 2) : repeats);
    host.dispose(storage);
    const rate = ELEMENTS / result.seconds;
    rows.push([
      name,
      `initlib host (${engine === "webassembly" ? "WASM SIMD" : "pure JS"})`,
      `${(result.seconds * 1000).toFixed(1)} ms`,
      format(rate),
      format(ELEMENTS / result.cpuSeconds),
      `${(rate / peerRate).toFixed(2)}×`,
    ]);
  }
}

const header = ["distribution", "generator", "best time / 16M", "values/s", "CPU values/s", "vs tfjs (wall)"];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(" | ")} |`;
console.log(`initlib random engine, ${ELEMENTS} float32 values per call, best of ${repeats} after a warm-up (pure JS: best of ${Math.min(repeats, 2)})`);
console.log(`Node ${process.version}, ${cpus()[0]?.model ?? "unknown CPU"}, ${availableParallelism()} cores, one thread`);
console.log(line(header));
console.log(line(widths.map((width) => "-".repeat(width))));
for (const row of rows) console.log(line(row));
