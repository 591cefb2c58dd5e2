/**
 * Loading a 1 GiB checkpoint of float32 tensors into preallocated host arrays, against a plain
 * `fs.readFile` of the same file measured in the same run. Each measurement runs in its own child
 * process so its peak RSS is its own. Run with `pnpm bench` (writes ~2 GiB to the temp directory,
 * deleted afterwards).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openCheckpoint, writeSafetensors, type SafetensorsTensor } from "../src/index";

const TENSORS = 64;
const ELEMENTS = 4 * 2 ** 20; // 16 MiB per tensor, 1 GiB in all
const ROUNDS = 3;

interface Measurement {
  seconds: number;
  peakRssMiB: number;
  baselineRssMiB: number;
}

/** Child mode: run one measurement and print it as JSON. */
async function child(method: string, path: string): Promise<void> {
  const baselineRssMiB = process.memoryUsage().rss / 2 ** 20;
  const started = performance.now();
  if (method === "readFile") {
    const bytes = await readFile(path);
    if (bytes.length === 0) throw new Error("empty");
  } else {
    const reader = await openCheckpoint(path);
    const keys = reader.keys();
    // The parameters: allocated up front, as a model's host storage would be.
    const parameters = keys.map((key) => new Float32Array(reader.entry(key).elementCount));
    for (const [index, key] of keys.entries()) await reader.read(key, { into: parameters[index] });
    await reader.close();
    if (parameters[TENSORS - 1]![ELEMENTS - 1] !== (TENSORS - 1) * 1000 + 7) throw new Error(`wrong value in ${path}`);
  }
  const seconds = (performance.now() - started) / 1000;
  const measurement: Measurement = { seconds, peakRssMiB: process.resourceUsage().maxRSS / 1024, baselineRssMiB };
  process.stdout.write(JSON.stringify(measurement));
}

function measure(method: string, path: string): Measurement {
  const result = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--child", method, path], { encoding: "utf8", maxBuffer: 1 << 20 });
  if (result.status !== 0) throw new Error(`${method} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Measurement;
}

function pythonWithTorch(): string | undefined {
  for (const candidate of ["/usr/bin/python3", "python3"]) {
    try {
      execFileSync(candidate, ["-c", "import torch"], { stdio: "ignore" });
      return candidate;
    } catch {
      // try the next interpreter
    }
  }
  return undefined;
}

async function main(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), "initlib-bench-"));
  try {
    const safetensorsPath = join(directory, "bench.safetensors");
    const tensors: Record<string, SafetensorsTensor> = {};
    for (let index = 0; index < TENSORS; index += 1) {
      const data = new Float32Array(ELEMENTS).fill(index);
      data[ELEMENTS - 1] = index * 1000 + 7;
      tensors[`layers.${index}.weight`] = { data, shape: [2048, 2048] };
    }
    await writeSafetensors(safetensorsPath, tensors);
    const files: { format: string; path: string }[] = [{ format: "safetensors", path: safetensorsPath }];
    const python = pythonWithTorch();
    if (python) {
      const pthPath = join(directory, "bench.pth");
      execFileSync(python, [
        "-c",
        `import torch\nfrom collections import OrderedDict\nd=OrderedDict()\nfor i in range(${TENSORS}):\n  t=torch.full((2048,2048), float(i))\n  t.view(-1)[-1]=i*1000+7\n  d[f"layers.{i}.weight"]=t\ntorch.save(d, ${JSON.stringify(pthPath)})`,
      ]);
      files.push({ format: ".pth (torch.save)", path: pthPath });
    } else {
      console.log("python3 with torch not found: the .pth row is skipped");
    }
    const parameterMiB = (TENSORS * ELEMENTS * 4) / 2 ** 20;
    console.log(`machine: ${cpus().length}× ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}`);
    console.log(`parameters: ${TENSORS} float32 tensors, ${parameterMiB} MiB; best of ${ROUNDS} rounds, each in a fresh process\n`);
    const rows: string[][] = [["file", "method", "seconds", "MiB/s", "vs readFile", "peak RSS MiB", "RSS − parameters − baseline MiB"]];
    for (const { format, path } of files) {
      const sizeMiB = statSync(path).size / 2 ** 20;
      const best: Record<string, Measurement> = {};
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const method of ["readFile", "openCheckpoint"]) {
          const result = measure(method, path);
          if (!best[method] || result.seconds < best[method].seconds) best[method] = result;
        }
      }
      const base = best.readFile!;
      for (const method of ["readFile", "openCheckpoint"]) {
        const result = best[method]!;
        const overhead = result.peakRssMiB - result.baselineRssMiB - (method === "readFile" ? sizeMiB : parameterMiB);
        rows.push([
          format,
          method === "readFile" ? "fs.readFile" : "openCheckpoint → read(into)",
          result.seconds.toFixed(3),
          (sizeMiB / result.seconds).toFixed(0),
          (base.seconds / result.seconds).toFixed(2),
          result.peakRssMiB.toFixed(0),
          overhead.toFixed(0),
        ]);
      }
    }
    const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
    for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join("  "));
    console.log("\n'vs readFile' is readFile's time divided by the method's time (higher is faster).");
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") await child(process.argv[3]!, process.argv[4]!);
else await main();
