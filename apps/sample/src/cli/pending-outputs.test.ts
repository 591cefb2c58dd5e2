import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPendingOutputs } from "./pending-outputs";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "pending-outputs-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("createPendingOutputs", () => {
  it("writes under hidden temporary names and renames on commit", async () => {
    const outputs = createPendingOutputs();
    const a = outputs.add(join(dir, "a.json"));
    const b = outputs.add(join(dir, "sub", "b.txt"));
    await outputs.writeText(a, "A");
    await outputs.writeText(b, "B");
    expect(existsSync(a.path)).toBe(false);
    expect(a.temporaryPath.startsWith(join(dir, ".a.json."))).toBe(true);
    await outputs.commit();
    expect(readFileSync(a.path, "utf8")).toBe("A");
    expect(readFileSync(b.path, "utf8")).toBe("B");
    expect(readdirSync(dir).sort()).toEqual(["a.json", "sub"]);
  });

  it("discards temporary files and leaves earlier outputs untouched", async () => {
    writeFileSync(join(dir, "a.json"), "old");
    const outputs = createPendingOutputs();
    const a = outputs.add(join(dir, "a.json"));
    await outputs.writeText(a, "new");
    await outputs.discard();
    expect(readdirSync(dir)).toEqual(["a.json"]);
    expect(readFileSync(join(dir, "a.json"), "utf8")).toBe("old");
  });

  it("takes back renamed files when a later rename fails", async () => {
    const outputs = createPendingOutputs();
    const a = outputs.add(join(dir, "a.json"));
    outputs.add(join(dir, "never-written.json"));
    await outputs.writeText(a, "A");
    await expect(outputs.commit()).rejects.toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("refuses the same file as two outputs", () => {
    const outputs = createPendingOutputs();
    outputs.add(join(dir, "x"));
    expect(() => outputs.add(join(dir, ".", "x"))).toThrow(/two different outputs/);
  });
});
