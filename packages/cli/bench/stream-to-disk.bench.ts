// `pnpm bench`: time and peak resident memory of streamed init to disk (`--max-memory 512MB`)
// for 10M and 100M parameters, and 1B with INITLIB_BENCH_1B=1 (4 GB written); a 100k-parameter
// run first gives the runtime's own footprint. Each size runs in a process of its own
// (bench/stream-child.ts) so its peak RSS is its alone. Time includes fsync of every file.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { linearStackSpec } from "./linear-stack-spec";

const child = fileURLToPath(new URL("./stream-child.ts", import.meta.url));
const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const work = mkdtempSync(join(process.env.INITLIB_BENCH_DIR ?? tmpdir(), "initlib-stream-bench-"));
const sizes: [string, number, number][] = [
  ["100k (runtime)", 1e5, 128],
  ["10M", 10e6, 1024],
  ["100M", 100e6, 4096],
];
if (process.env.INITLIB_BENCH_1B === "1") sizes.push(["1B", 1e9, 4096]);

console.log(`streamed init to disk, --max-memory 512MB, --max-shard-size 5GB, in ${work}`);
console.log(["parameters".padEnd(16), "bytes".padStart(14), "files".padStart(6), "time".padStart(10), "M params/s".padStart(11), "MB/s".padStart(8), "peak RSS".padStart(10)].join(" "));
try {
  for (const [label, parameters, width] of sizes) {
    const model = join(work, `${label}.json`);
    writeFileSync(model, JSON.stringify(linearStackSpec(parameters, width)));
    const out = join(work, `out-${parameters}`);
    const stdout = execFileSync(process.execPath, ["--conditions=@initlib/source", "--import", "tsx", child, model, out, "512MB", "5GB"], { cwd: packageRoot, encoding: "utf8" });
    const result = JSON.parse(stdout.trim().split("\n").at(-1)!) as { milliseconds: number; maxRssBytes: number; totalSize: number; files: number };
    const seconds = result.milliseconds / 1000;
    console.log(
      [
        label.padEnd(16),
        String(result.totalSize).padStart(14),
        String(result.files).padStart(6),
        `${seconds.toFixed(2)} s`.padStart(10),
        (result.totalSize / 4 / 1e6 / seconds).toFixed(1).padStart(11),
        (result.totalSize / 1e6 / seconds).toFixed(0).padStart(8),
        `${(result.maxRssBytes / 2 ** 20).toFixed(0)} MiB`.padStart(10),
      ].join(" "),
    );
    rmSync(out, { recursive: true, force: true });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
