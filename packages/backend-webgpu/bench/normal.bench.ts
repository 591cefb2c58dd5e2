// 64M normals on tfjs's webgpu backend: initlib's device-side sampler against tf.randomNormal
// (generated on the host, then uploaded), plus the host generator + write path initlib falls back
// to without a device sampler. Every method is timed twice in the same run: to the read of one
// element (the cheapest sync: all earlier GPU work has finished), then on to a tf.sum over the whole
// tensor and its one-value read (which also checks the mean).
//
// Runs on whatever WebGPU adapter Dawn finds; when none is found and VK_ICD_FILENAMES is unset, it
// re-runs itself on SwiftShader (Debian's chromium). Options: --elements N (default 2^26), --runs R.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { generateRuleValues } from "@initlib/initializers";
import { createWebGpuBackend } from "../src/index";

const SWIFTSHADER_ICD = "/usr/lib/chromium/vk_swiftshader_icd.json";

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

const elements = option("elements", 2 ** 26);
const runs = option("runs", 3);
process.env.XDG_RUNTIME_DIR ??= mkdtempSync(join(tmpdir(), "initlib-xdg-"));

const webgpu = await import("webgpu");
Object.assign(globalThis, webgpu.globals);
const gpu = webgpu.create([]);
const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
if (adapter === null) {
  if (process.env.VK_ICD_FILENAMES === undefined && existsSync(SWIFTSHADER_ICD)) {
    console.log(`no GPU adapter; re-running on SwiftShader (VK_ICD_FILENAMES=${SWIFTSHADER_ICD})`);
    const child = spawnSync(process.execPath, process.argv.slice(1), {
      stdio: "inherit",
      env: { ...process.env, VK_ICD_FILENAMES: SWIFTSHADER_ICD },
    });
    process.exit(child.status ?? 1);
  }
  console.error("no WebGPU adapter: install libvulkan1 and chromium (SwiftShader), or run on a machine with a GPU");
  process.exit(1);
}
Object.defineProperty(globalThis, "navigator", { value: { gpu }, configurable: true, writable: true });

const tf = await import("@tensorflow/tfjs-core");
await import("@tensorflow/tfjs-backend-webgpu");
tf.env().set("IS_TEST", true);
const backend = await createWebGpuBackend({ tf, setBackend: true });
const kernelBackend = tf.backend() as unknown as { device: { limits: { maxBufferSize: number; maxStorageBufferBindingSize: number } } };
const limit = Math.min(kernelBackend.device.limits.maxBufferSize, kernelBackend.device.limits.maxStorageBufferBindingSize) / 4;
if (elements > limit) {
  console.error(`--elements ${elements} exceeds this device's largest buffer (${limit} float32 values)`);
  process.exit(1);
}

const rule = { kind: "normal", mean: 0, std: 1 } as const;

/** Reads one element back: waits for every earlier GPU submission (the generation) to finish. */
async function firstElement(tensor: import("@tensorflow/tfjs-core").Tensor): Promise<void> {
  const head = tf.slice(tf.reshape(tensor, [-1]), [0], [1]);
  await head.data();
  head.dispose();
}

/** Sums on the device and reads one value back. */
async function reduce(tensor: import("@tensorflow/tfjs-core").Tensor): Promise<number> {
  const total = tf.sum(tensor);
  const [value] = await total.data();
  total.dispose();
  return value!;
}

const parameter = await backend.allocate([elements]);
/** Each method produces the values and returns the tensor that holds them, plus a clean-up. */
const methods: Array<{ name: string; run: (seed: number) => Promise<{ tensor: import("@tensorflow/tfjs-core").Tensor; done: () => void }> }> = [
  {
    name: "initlib sample() on the device",
    run: async (seed) => {
      await backend.sample(parameter, { rule, key: { seed, path: "bench.weight" } });
      return { tensor: parameter.variable, done: () => {} };
    },
  },
  {
    name: "tf.randomNormal (host + upload)",
    run: async (seed) => {
      const tensor = tf.randomNormal([elements], 0, 1, "float32", seed);
      return { tensor, done: () => tensor.dispose() };
    },
  },
  {
    name: "initlib host generator + write()",
    run: async (seed) => {
      const values = new Float32Array(elements);
      generateRuleValues(rule, { seed, path: "bench.weight" }, 0, values);
      await backend.write(parameter, values, 0);
      return { tensor: parameter.variable, done: () => {} };
    },
  },
];

const median = (times: number[]): number => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;

// Warm-up: compiles every pipeline and touches the allocations once.
for (const method of methods) {
  const { tensor, done } = await method.run(0);
  await firstElement(tensor);
  await reduce(tensor);
  done();
}

const toFirst = new Map<string, number>();
const toSum = new Map<string, number>();
for (const method of methods) {
  const first: number[] = [];
  const summed: number[] = [];
  for (let run = 1; run <= runs; run += 1) {
    const start = performance.now();
    const { tensor, done } = await method.run(run);
    await firstElement(tensor);
    first.push((performance.now() - start) / 1000);
    const sum = await reduce(tensor);
    summed.push((performance.now() - start) / 1000);
    done();
    // |mean| of N standard normals is ~1/sqrt(N); a broken generator shows here.
    if (!(Math.abs(sum / elements) < 6 / Math.sqrt(elements))) throw new Error(`${method.name}: mean ${sum / elements} is off`);
  }
  toFirst.set(method.name, median(first));
  toSum.set(method.name, median(summed));
}

// The shared tail on its own: tf.sum + a one-value read of values already on the device.
{
  const times: number[] = [];
  for (let run = 0; run <= runs; run += 1) {
    const start = performance.now();
    await reduce(parameter.variable);
    if (run > 0) times.push((performance.now() - start) / 1000);
  }
  toSum.set("(tf.sum + read alone, in the right-hand columns)", median(times));
}

const peerFirst = toFirst.get("tf.randomNormal (host + upload)")!;
const peerSum = toSum.get("tf.randomNormal (host + upload)")!;
const info = adapter.info;
console.log(`\n${elements.toLocaleString("en-US")} normals, median of ${runs} runs after a warm-up; each run timed to a one-element read, then on to tf.sum + a one-value read`);
console.log(`adapter: ${info.vendor} ${info.architecture} ${info.description}`.trimEnd());
console.log(`host: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}\n`);
const rows = [...toSum].map(([name, summed]) => {
  const first = toFirst.get(name);
  return [
    name,
    first === undefined ? "" : first.toFixed(3),
    first === undefined ? "" : (elements / first / 1e6).toFixed(1),
    first === undefined ? "" : `${(peerFirst / first).toFixed(2)}×`,
    summed.toFixed(3),
    `${(peerSum / summed).toFixed(2)}×`,
  ];
});
const header = ["method", "s to 1-element read", "M values/s", "vs tf.randomNormal", "s to tf.sum + read", "vs tf.randomNormal "];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(" | ")} |`;
console.log(line(header));
console.log(`| ${widths.map((width) => "-".repeat(width)).join(" | ")} |`);
for (const row of rows) console.log(line(row));
backend.dispose(parameter);
