import { openCheckpoint, redactUrl } from "@initlib/checkpoint";
import type { CliIo } from "../cli-io";
import type { CliCommand } from "../parse-arguments";

/**
 * `initlib inspect <checkpoint> [--json]`: the tensors of a checkpoint (key, dtype, shape, bytes)
 * and its metadata, read from the header alone: safetensors, torch `.pth`, tfjs `model.json`, a
 * sharded `*.index.json` (keys only; no shard is opened), a URL or `hf://owner/repo/file`.
 * @example
 * await runInspectCommand({ kind: "inspect", checkpoint: "w.safetensors", json: false, verbose: false }, io);
 */
export async function runInspectCommand(command: Extract<CliCommand, { kind: "inspect" }>, io: CliIo): Promise<void> {
  const source = /^[a-z]+:\/\//i.test(command.checkpoint) ? command.checkpoint : io.resolvePath(command.checkpoint);
  const reader = await openCheckpoint(source, { progress: false, rangeRequests: true });
  try {
    const sharded = typeof reader.prepare === "function";
    const tensors = reader.keys().map((key) => {
      if (sharded) return { key };
      const entry = reader.entry(key);
      return { key, dtype: entry.dtype, shape: [...entry.shape], bytes: entry.byteLength, ...(entry.layout ? { layout: entry.layout } : {}) };
    });
    const summary = { checkpoint: redactUrl(command.checkpoint), format: reader.format, sharded, tensors, metadata: reader.metadata };
    if (command.json) {
      io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      return;
    }
    const rows = tensors.map((tensor) => ("dtype" in tensor ? [tensor.key, tensor.dtype, `[${tensor.shape.join(", ")}]`, String(tensor.bytes)] : [tensor.key, "", "", ""]));
    const header = ["tensor", "dtype", "shape", "bytes"];
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
    const line = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd();
    const total = tensors.reduce((sum, tensor) => sum + ("bytes" in tensor ? (tensor.bytes ?? 0) : 0), 0);
    io.stdout.write(`${summary.checkpoint}: ${reader.format}${sharded ? " (sharded; shards are not opened)" : ""}, ${tensors.length} tensors${sharded ? "" : `, ${total} bytes`}\n`);
    io.stdout.write(`${[line(header), ...rows.map(line)].join("\n")}\n`);
    if (Object.keys(reader.metadata).length > 0) io.stdout.write(`metadata: ${JSON.stringify(reader.metadata)}\n`);
  } finally {
    await reader.close();
  }
}
