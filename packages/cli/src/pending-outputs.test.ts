import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { currentFileOwner } from "@initlib/checkpoint/internal";
import { createPendingOutputs, requireFilePath } from "./pending-outputs";

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
    expect(a.temporaryPath.startsWith(join(dir, ".initlib-"))).toBe(true);
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

  it("keeps every earlier output when a later target cannot be replaced (nothing lost on failure)", async () => {
    writeFileSync(join(dir, "w.safetensors"), "old weights");
    mkdirSync(join(dir, "report.json"));
    writeFileSync(join(dir, "report.json", "keep"), "x");
    const outputs = createPendingOutputs();
    const weights = outputs.add(join(dir, "w.safetensors"));
    const report = outputs.add(join(dir, "report.json"));
    await outputs.writeText(weights, "new weights");
    await outputs.writeText(report, "{}");
    await expect(outputs.commit()).rejects.toMatchObject({ code: "INITLIB_UNSAFE_OUTPUT" });
    expect(readFileSync(join(dir, "w.safetensors"), "utf8")).toBe("old weights");
    expect(readdirSync(dir).sort()).toEqual(["report.json", "w.safetensors"]);
  });

  it("restores the earlier files when a rename fails midway", async () => {
    writeFileSync(join(dir, "a.json"), "old a");
    const outputs = createPendingOutputs();
    const a = outputs.add(join(dir, "a.json"));
    outputs.add(join(dir, "never-written.json"));
    await outputs.writeText(a, "new a");
    await expect(outputs.commit()).rejects.toThrow(/ENOENT/);
    expect(readFileSync(join(dir, "a.json"), "utf8")).toBe("old a");
    expect(readdirSync(dir)).toEqual(["a.json"]);
  });

  it("never replaces a symbolic link, a FIFO or a directory", async () => {
    writeFileSync(join(dir, "target"), "keep");
    symlinkSync(join(dir, "target"), join(dir, "link"));
    execFileSync("mkfifo", [join(dir, "fifo")]);
    mkdirSync(join(dir, "folder"));
    for (const name of ["link", "fifo", "folder"]) {
      const outputs = createPendingOutputs();
      outputs.add(join(dir, name));
      await expect(outputs.check()).rejects.toMatchObject({ code: "INITLIB_UNSAFE_OUTPUT" });
    }
    expect(readFileSync(join(dir, "target"), "utf8")).toBe("keep");
  });

  it("refuses a directory-looking path and keeps temporary names short for long file names", () => {
    expect(() => requireFilePath("newdir/", "--out")).toThrow(/names a directory/);
    const outputs = createPendingOutputs();
    const long = outputs.add(join(dir, `${"w".repeat(250)}.safetensors`));
    // "/" and .initlib-<8 hex>-<pid, at most 10 digits>-<12 hex>.tmp
    expect(long.temporaryPath.length - dir.length).toBeLessThanOrEqual(1 + 48);
  });

  it("check() first finishes what a killed run left in a target's folder and says so; a commit leaves no journal", async () => {
    const deadPid = Number(execFileSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }));
    const owned = (suffix: string, kind: string) => `.initlib-${currentFileOwner().host}-${deadPid}-${suffix.padStart(12, "0")}.${kind}`;
    writeFileSync(join(dir, owned("b", "bak")), "old weights");
    writeFileSync(join(dir, owned("a", "tmp")), "half-written");
    writeFileSync(join(dir, owned("c", "journal")), `initlib-commit-journal/1\n${JSON.stringify([{ target: "w.safetensors", temporary: owned("a", "tmp"), backup: owned("b", "bak") }])}\n`);
    const outputs = createPendingOutputs();
    const weights = outputs.add(join(dir, "w.safetensors"));
    const notes = await outputs.check();
    expect(notes.join("\n")).toMatch(/put back the earlier w\.safetensors/);
    expect(readdirSync(dir).sort()).toEqual(["w.safetensors"]);
    expect(readFileSync(join(dir, "w.safetensors"), "utf8")).toBe("old weights");
    await outputs.writeText(weights, "new weights");
    await outputs.commit();
    expect(readdirSync(dir)).toEqual(["w.safetensors"]);
    expect(readFileSync(join(dir, "w.safetensors"), "utf8")).toBe("new weights");
  });
});
