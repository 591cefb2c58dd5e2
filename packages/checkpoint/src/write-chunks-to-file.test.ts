import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { currentFileOwner } from "./file-owner";
import { writeChunksToFile } from "./write-chunks-to-file";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "write-chunks-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("writeChunksToFile", () => {
  it("writes every chunk in order, leaves only the target, and removes partial files of killed writers first", async () => {
    const deadPid = Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);
    const stale = `.initlib-${currentFileOwner().host}-${deadPid}-000000000001.part`;
    writeFileSync(join(dir, stale), "half a file");
    writeFileSync(join(dir, "model.safetensors"), "earlier");
    await writeChunksToFile(join(dir, "model.safetensors"), [Uint8Array.of(1, 2), Uint8Array.of(), Uint8Array.of(3)]);
    expect(readdirSync(dir)).toEqual(["model.safetensors"]);
    expect([...readFileSync(join(dir, "model.safetensors"))]).toEqual([1, 2, 3]);
  });

  it("leaves the earlier file as it was and no temporary file when writing fails", async () => {
    writeFileSync(join(dir, "model.safetensors"), "earlier");
    const hostile = { length: 4 } as unknown as Uint8Array; // not a byte array: the write throws
    await expect(writeChunksToFile(join(dir, "model.safetensors"), [Uint8Array.of(1), hostile])).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(["model.safetensors"]);
    expect(readFileSync(join(dir, "model.safetensors"), "utf8")).toBe("earlier");
  });
});
