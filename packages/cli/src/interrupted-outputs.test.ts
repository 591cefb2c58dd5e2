import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recoverInterruptedOutputs, writeCommitJournal } from "./interrupted-outputs";
import { currentFileOwner, ownedFileName, parseOwnedFileName } from "@initlib/checkpoint/internal";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "interrupted-outputs-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has exited (reaped), so no process has it now. */
const deadPid = (() => {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
})();
let counter = 0;
const nameOf = (pid: number, kind: "tmp" | "bak" | "journal", host = currentFileOwner().host) => `.initlib-${host}-${pid}-${(++counter).toString(16).padStart(12, "0")}.${kind}`;
const put = (name: string, text: string) => writeFileSync(join(dir, name), text);
const read = (name: string) => readFileSync(join(dir, name), "utf8");
const journal = (pid: number, entries: unknown, format = "initlib-commit-journal/1") => {
  const name = nameOf(pid, "journal");
  put(name, `${format}\n${JSON.stringify(entries)}\n`);
  return name;
};

describe("recoverInterruptedOutputs", () => {
  it("removes the temporary files of stopped runs and keeps those of live runs, other machines and older versions", async () => {
    const stale = nameOf(deadPid, "tmp");
    const live = nameOf(process.ppid, "tmp");
    const otherHost = nameOf(deadPid, "tmp", "deadbeef" === currentFileOwner().host ? "feedface" : "deadbeef");
    put(stale, "partial");
    put(live, "being written");
    put(otherHost, "another machine");
    put(".initlib-0123456789ab.tmp", "older initlib");
    put("model.safetensors", "weights");
    const notes = await recoverInterruptedOutputs(dir);
    expect(notes).toEqual([`removed 1 temporary file left in ${dir} by stopped initlib runs`]);
    expect(readdirSync(dir).sort()).toEqual([".initlib-0123456789ab.tmp", live, otherHost, "model.safetensors"].sort());
  });

  it("puts the earlier files back when the run stopped before every new file was in place", async () => {
    const [tmpA, bakA, tmpB, bakB] = [nameOf(deadPid, "tmp"), nameOf(deadPid, "bak"), nameOf(deadPid, "tmp"), nameOf(deadPid, "bak")];
    // a.json was replaced already; b.json was moved aside, its new file not yet placed; c.json is new and placed.
    put("a.json", "new A");
    put(bakA, "old A");
    put(tmpB, "new B");
    put(bakB, "old B");
    put("c.json", "new C");
    const tmpC = nameOf(deadPid, "tmp");
    journal(deadPid, [
      { target: "a.json", temporary: tmpA, backup: bakA },
      { target: "b.json", temporary: tmpB, backup: bakB },
      { target: "c.json", temporary: tmpC, backup: null },
    ]);
    const notes = await recoverInterruptedOutputs(dir);
    expect(notes[0]).toMatch(/put back the earlier a\.json, b\.json, c\.json/);
    expect(readdirSync(dir).sort()).toEqual(["a.json", "b.json"]);
    expect([read("a.json"), read("b.json")]).toEqual(["old A", "old B"]);
  });

  it("treats a new file whose temporary was removed by a signal handler (target absent) as not placed", async () => {
    const [tmpA, bakA] = [nameOf(deadPid, "tmp"), nameOf(deadPid, "bak")];
    put(bakA, "old A");
    journal(deadPid, [{ target: "a.json", temporary: tmpA, backup: bakA }]);
    await recoverInterruptedOutputs(dir);
    expect(readdirSync(dir)).toEqual(["a.json"]);
    expect(read("a.json")).toBe("old A");
  });

  it("finishes the commit when every new file was in place: the earlier files go", async () => {
    const [tmpA, bakA, tmpB] = [nameOf(deadPid, "tmp"), nameOf(deadPid, "bak"), nameOf(deadPid, "tmp")];
    put("a.json", "new A");
    put(bakA, "old A");
    put("b.json", "new B");
    journal(deadPid, [
      { target: "a.json", temporary: tmpA, backup: bakA },
      { target: "b.json", temporary: tmpB, backup: null },
    ]);
    const notes = await recoverInterruptedOutputs(dir);
    expect(notes[0]).toMatch(/completed the commit of a\.json, b\.json/);
    expect(readdirSync(dir).sort()).toEqual(["a.json", "b.json"]);
    expect([read("a.json"), read("b.json")]).toEqual(["new A", "new B"]);
  });

  it("acts on no journal that is incomplete, foreign or points outside its folder, and never deletes an earlier file moved aside", async () => {
    const bak = nameOf(deadPid, "bak");
    put(bak, "old A");
    put("outside.json", "keep me");
    const hostile = [
      journal(deadPid, [{ target: "../outside.json", temporary: nameOf(deadPid, "tmp"), backup: bak }]),
      journal(deadPid, [{ target: "a.json", temporary: nameOf(deadPid, "tmp"), backup: nameOf(process.ppid, "bak") }]),
      journal(deadPid, [{ target: ".initlib-0123456789ab.tmp", temporary: nameOf(deadPid, "tmp"), backup: null }]),
      journal(deadPid, { target: "a.json" }),
      journal(deadPid, [], "something else"),
    ];
    const half = nameOf(deadPid, "journal");
    put(half, "initlib-commit-journal/1\n[{\"target\":\"a.js");
    const notes = await recoverInterruptedOutputs(dir);
    expect(notes.filter((note) => /is not a complete commit journal/.test(note))).toHaveLength(hostile.length + 1);
    expect(readdirSync(dir).sort()).toEqual([bak, "outside.json"].sort());
    expect(read(bak)).toBe("old A");
    expect(existsSync(join(dir, "a.json"))).toBe(false);
  });

  it("writes journals the recovery reads (round trip through a stopped owner's name)", async () => {
    const path = await writeCommitJournal(dir, [{ target: "a.json", temporary: ownedFileName("tmp"), backup: null }]);
    expect(parseOwnedFileName(path.slice(dir.length + 1))).toMatchObject({ owned: true, pid: process.pid, kind: "journal" });
    // This process is alive: its journal is not touched.
    expect(await recoverInterruptedOutputs(dir)).toEqual([]);
    expect(existsSync(path)).toBe(true);
  });

  it("returns nothing for a folder that does not exist", async () => {
    expect(await recoverInterruptedOutputs(join(dir, "absent"))).toEqual([]);
  });
});
