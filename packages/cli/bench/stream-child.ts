// One streamed init in a process of its own, so its peak resident memory can be read:
// `node --conditions=@initlib/source --import tsx bench/stream-child.ts <model.json> <outDir> <maxMemory> [maxShardSize]`
// prints one JSON line: { milliseconds, maxRssBytes, totalSize, files }.
import { loadModelFile } from "../src/load-model-file";
import { initToSafetensors } from "../src/streaming/init-to-safetensors";

const [modelPath, outDir, maxMemory, maxShardSize = "5GB"] = process.argv.slice(2);
if (modelPath === undefined || outDir === undefined || maxMemory === undefined) {
  process.stderr.write("usage: stream-child.ts <model.json> <outDir> <maxMemory> [maxShardSize]\n");
  process.exit(2);
}
const { model } = await loadModelFile(modelPath);
const started = performance.now();
const output = await initToSafetensors(model, { outDir, maxMemory, maxShardSize, seed: 0 });
const milliseconds = performance.now() - started;
// resourceUsage().maxRSS is in kibibytes.
process.stdout.write(`${JSON.stringify({ milliseconds, maxRssBytes: process.resourceUsage().maxRSS * 1024, totalSize: output.totalSize, files: output.layoutFiles.length })}\n`);
