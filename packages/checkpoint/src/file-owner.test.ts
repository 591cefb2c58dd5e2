import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { currentFileOwner, ownedFileName, ownerIsGone, removeFilesOfStoppedWriters } from "./file-owner";
import { parseOwnedFileName } from "./owned-file-name";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "file-owner-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has exited (reaped), so no process has it now. */
const deadPid = Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);
const otherHost = () => (currentFileOwner().host === "deadbeef" ? "feedface" : "deadbeef");
let counter = 0;
const nameOf = (pid: number, kind: string, host = currentFileOwner().host) => `.initlib-${host}-${pid}-${(++counter).toString(16).padStart(12, "0")}.${kind}`;

describe("owned file names", () => {
  it("carry this machine's host tag and this process's pid, and parse back", () => {
    for (const kind of ["tmp", "part", "bak", "journal"] as const) {
      const name = ownedFileName(kind);
      expect(name).toMatch(new RegExp(`^\\.initlib-[0-9a-f]{8}-${process.pid}-[0-9a-f]{12}\\.${kind}$`));
      expect(parseOwnedFileName(name)).toEqual({ owned: true, host: currentFileOwner().host, pid: process.pid, kind });
    }
    expect(ownedFileName("tmp")).not.toBe(ownedFileName("tmp"));
    expect(parseOwnedFileName(".initlib-0123456789ab.tmp")).toEqual({ owned: false });
    expect(parseOwnedFileName("model.safetensors")).toBeUndefined();
    expect(parseOwnedFileName(".initlib-zzzzzzzz-1-000000000000.tmp")).toBeUndefined();
    expect(parseOwnedFileName(".initlib-01234567-0-000000000000.tmp")).toBeUndefined();
    expect(parseOwnedFileName(".initlib-01234567-12-000000000000.exe")).toBeUndefined();
  });

  it("call a writer gone only when it ran here and its pid is free", () => {
    expect(ownerIsGone(parseOwnedFileName(nameOf(deadPid, "tmp"))!)).toBe(true);
    expect(ownerIsGone(parseOwnedFileName(nameOf(process.pid, "tmp"))!)).toBe(false);
    expect(ownerIsGone(parseOwnedFileName(nameOf(process.ppid, "tmp"))!)).toBe(false);
    expect(ownerIsGone(parseOwnedFileName(nameOf(deadPid, "tmp", otherHost()))!)).toBe(false);
    expect(ownerIsGone({ owned: false })).toBe(false);
  });
});

describe("removeFilesOfStoppedWriters", () => {
  it("removes the files of the given kinds whose writer is gone, and nothing else", async () => {
    const names = {
      stalePart: nameOf(deadPid, "part"),
      staleTmp: nameOf(deadPid, "tmp"),
      livePart: nameOf(process.ppid, "part"),
      otherHost: nameOf(deadPid, "part", otherHost()),
      older: ".initlib-0123456789ab.tmp",
      plain: "model.safetensors",
    };
    for (const name of Object.values(names)) writeFileSync(join(dir, name), "x");
    expect(await removeFilesOfStoppedWriters(dir, ["part"])).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(Object.values(names).filter((name) => name !== names.stalePart).sort());
    expect(await removeFilesOfStoppedWriters(dir, ["tmp", "part"])).toBe(1);
    expect(readdirSync(dir)).not.toContain(names.staleTmp);
    expect(await removeFilesOfStoppedWriters(join(dir, "absent"), ["part"])).toBe(0);
  });
});
