import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InitlibError } from "./initlib-error";
import { jsonErrorOffset } from "./json-error-offset";
import { loadConfigFile } from "./load-config-file";

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "initlib-hostile-config-"));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const rejected = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(InitlibError.isInstance(error), String(error)).toBe(true);
  return error as InitlibError;
};

/** `l{i}` has bases `a{i}` and `b{i}` (`b` with `_delete_`), both based on `l{i+1}`. */
async function writeDiamond(levels: number): Promise<void> {
  for (let level = 0; level < levels; level += 1) {
    await writeFile(join(directory, `l${level}.json`), JSON.stringify({ _base_: [`a${level}.json`, `b${level}.json`] }));
    await writeFile(join(directory, `a${level}.json`), JSON.stringify({ _base_: [`l${level + 1}.json`], [`a${level}`]: level }));
    await writeFile(join(directory, `b${level}.json`), JSON.stringify({ _base_: [`l${level + 1}.json`], _delete_: true, [`b${level}`]: level }));
  }
  await writeFile(join(directory, `l${levels}.json`), JSON.stringify({ leaf: true }));
}

describe("hostile config files", () => {
  it("loads a 25-level _base_ diamond by reading each file once", { timeout: 10_000 }, async () => {
    await writeDiamond(25);
    const config = (await loadConfigFile(join(directory, "l0.json"))) as Record<string, unknown>;
    expect(config).toMatchObject({ a0: 0, b0: 0, a1: 1, leaf: true });
  });

  it("caps the number of files and the include depth, each configurable", async () => {
    await writeDiamond(25);
    expect((await rejected(loadConfigFile(join(directory, "l0.json"), { maxIncludedFiles: 10 }))).code).toBe("INITLIB_CONFIG_LIMIT");
    expect((await rejected(loadConfigFile(join(directory, "l0.json"), { maxIncludeDepth: 8 }))).code).toBe("INITLIB_CONFIG_LIMIT");
  });

  it("refuses nesting deeper than the cap without overflowing the stack", async () => {
    await writeFile(join(directory, "deep.json"), `${"[".repeat(100_000)}${"]".repeat(100_000)}`);
    await writeFile(join(directory, "deep.yaml"), `${"[".repeat(5_000)}${"]".repeat(5_000)}`);
    for (const file of ["deep.json", "deep.yaml"]) {
      const error = await rejected(loadConfigFile(join(directory, file)));
      expect(["INITLIB_CONFIG_LIMIT", "INITLIB_PARSE_ERROR"]).toContain(error.code);
    }
  });

  it("gives the line and column of a JSON or YAML syntax error", async () => {
    await writeFile(join(directory, "bad.json"), '{\n  "type": "Normal",\n  "std": ,\n}');
    await writeFile(join(directory, "bad.yaml"), "type: Normal\nstd: [0.1\n");
    expect((await rejected(loadConfigFile(join(directory, "bad.json")))).summary).toContain("(line 3, column 10)");
    expect((await rejected(loadConfigFile(join(directory, "bad.yaml")))).summary).toMatch(/\(line \d+, column \d+\)/);
  });

  it("refuses a YAML alias bomb", async () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let level = 1; level < 10; level += 1) lines.push(`${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(9).fill(`*${String.fromCharCode(96 + level)}`).join(",")}]`);
    await writeFile(join(directory, "bomb.yaml"), lines.join("\n"));
    expect((await rejected(loadConfigFile(join(directory, "bomb.yaml")))).code).toBe("INITLIB_PARSE_ERROR");
  });

  it("refuses a path that is not a regular file", async () => {
    await mkdir(join(directory, "folder.json"));
    const error = await rejected(loadConfigFile(join(directory, "folder.json")));
    expect(error.summary).toBe("the config path is not a regular file");
  });
});

describe("jsonErrorOffset", () => {
  it.each([
    ['{"a": }', 6],
    ['{"a": 1,}', 8],
    ["[1, 2", 5],
    ['{"a": tru}', 6],
    ["[1] x", 4],
  ])("locates the error in %s at %i", (text, offset) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonErrorOffset(text)).toBe(offset);
  });
});
