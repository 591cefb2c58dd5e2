import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeSafetensors } from "@initlib/checkpoint";
import { afterAll, describe, expect, it } from "vitest";
import { runInitlib } from "./run-cli";

const work = mkdtempSync(join(tmpdir(), "initlib-cli-inspect-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("initlib inspect, schema and mistyped command lines", () => {
  it("inspect lists a checkpoint's tensors, as text and as JSON", async () => {
    writeFileSync(join(work, "w.safetensors"), encodeSafetensors({ "fc.weight": { data: new Float32Array(6), shape: [2, 3] }, "fc.bias": { data: new Float32Array(2), shape: [2] } }));
    const text = await runInitlib(["inspect", "w.safetensors"], work);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/safetensors, 2 tensors, 32 bytes/);
    expect(text.stdout).toMatch(/fc\.weight\s+float32\s+\[2, 3\]\s+24/);
    const json = await runInitlib(["inspect", "w.safetensors", "--json"], work);
    expect(JSON.parse(json.stdout)).toMatchObject({ format: "safetensors", tensors: [{ key: "fc.weight", shape: [2, 3], bytes: 24 }, { key: "fc.bias", shape: [2] }] });
  });

  it("inspect of a sharded index lists its keys without opening a shard", async () => {
    writeFileSync(join(work, "model.safetensors.index.json"), JSON.stringify({ weight_map: { a: "model-00001-of-00002.safetensors", b: "model-00002-of-00002.safetensors" } }));
    const run = await runInitlib(["inspect", "model.safetensors.index.json", "--json"], work);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ sharded: true, tensors: [{ key: "a" }, { key: "b" }] });
  });

  it("schema prints the model-file JSON Schema, and a model file naming it builds", async () => {
    const schema = await runInitlib(["schema"], work);
    expect(schema.code).toBe(0);
    expect(JSON.parse(schema.stdout)).toMatchObject({ title: "initlib model file", $ref: "#/$defs/module" });
    writeFileSync(
      join(work, "model.json"),
      JSON.stringify({ $schema: "./model-file.schema.json", class: "Net", base: "BaseModule", init_cfg: { type: "Constant", val: 1, layer: "Linear" }, children: [{ name: "fc", module: { class: "Linear", base: "nn.Linear", args: { in_features: 2, out_features: 2 } } }] }),
    );
    expect((await runInitlib(["explain", "model.json"], work)).code).toBe(0);
  });

  it("suggests the command or option meant", async () => {
    const command = await runInitlib(["inpsect", "w.safetensors"], work);
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/did you mean "inspect"\?/);
    const option = await runInitlib(["init", "model.json", "--sed", "3"], work);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/did you mean --seed\?/);
  });
});

describe("initlib --version, --json and --quiet", () => {
  it("prints the version, and machine-readable init and explain results", async () => {
    const version = await runInitlib(["--version"], work);
    expect(version.code).toBe(0);
    const { version: released } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
    expect(version.stdout).toBe(`initlib ${released}\n`);
    writeFileSync(
      join(work, "net.json"),
      JSON.stringify({ class: "Net", base: "BaseModule", init_cfg: { type: "Constant", val: 2, layer: "Linear" }, children: [{ name: "fc", module: { class: "Linear", base: "nn.Linear", args: { in_features: 2, out_features: 1 } } }] }),
    );
    const init = await runInitlib(["init", "net.json", "--json", "--out", "net.safetensors"], work);
    expect(init.code, init.stderr).toBe(0);
    expect(JSON.parse(init.stdout)).toMatchObject({ seed: 0, parameters: [{ name: "fc.weight", info: "ConstantInit: val=2, bias=0" }, { name: "fc.bias" }] });
    const explain = await runInitlib(["explain", "net.json", "--json"], work);
    expect(JSON.parse(explain.stdout)).toMatchObject({ topClass: "Net", parameters: [{ name: "fc.weight", shape: [1, 2] }, { name: "fc.bias" }] });
    const quiet = await runInitlib(["init", "net.json", "--quiet"], work);
    expect(quiet).toMatchObject({ code: 0, stdout: "", stderr: "" });
  });
});

describe("initlib convert", () => {
  it("rewrites a torch checkpoint as safetensors, keeping only keys under --prefix and renaming prefixes", async () => {
    const { copyFileSync } = await import("node:fs");
    const { fileURLToPath } = await import("node:url");
    copyFileSync(fileURLToPath(new URL("./fixtures/torch-ddp-checkpoint.pth", import.meta.url)), join(work, "ddp.pth"));
    const inspect = JSON.parse((await runInitlib(["inspect", "ddp.pth", "--json"], work)).stdout) as { tensors: { key: string }[] };
    const keys = inspect.tensors.map((tensor) => tensor.key);
    const prefix = keys[0]!.slice(0, keys[0]!.indexOf(".") + 1);
    const run = await runInitlib(["convert", "ddp.pth", "out.safetensors", "--prefix", prefix, "--rename", `${keys[0]!.slice(prefix.length).split(".")[0]}.=renamed.`], work);
    expect(run.code, run.stderr).toBe(0);
    const converted = JSON.parse((await runInitlib(["inspect", "out.safetensors", "--json"], work)).stdout) as { format: string; tensors: { key: string }[] };
    expect(converted.format).toBe("safetensors");
    expect(converted.tensors.length).toBe(keys.filter((key) => key.startsWith(prefix)).length);
    expect(converted.tensors.some((tensor) => tensor.key.startsWith("renamed."))).toBe(true);
    expect(converted.tensors.every((tensor) => !tensor.key.startsWith(prefix))).toBe(true);
  });

  it("refuses a prefix no key has, and writes nothing", async () => {
    writeFileSync(join(work, "small.safetensors"), encodeSafetensors({ w: { data: new Float32Array(2), shape: [2] } }));
    const run = await runInitlib(["convert", "small.safetensors", "none.safetensors", "--prefix", "backbone."], work);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/INITLIB_CHECKPOINT/);
    const { existsSync } = await import("node:fs");
    expect(existsSync(join(work, "none.safetensors"))).toBe(false);
  });
});

describe("initlib init --log-level", () => {
  it("shows MMEngine's INFO lines when asked, and nothing but errors at error", async () => {
    writeFileSync(
      join(work, "logged.json"),
      JSON.stringify({ class: "Net", base: "BaseModule", init_cfg: { type: "Constant", val: 2, layer: "Linear" }, children: [{ name: "fc", module: { class: "Linear", base: "nn.Linear", args: { in_features: 2, out_features: 1 } } }] }),
    );
    const info = await runInitlib(["init", "logged.json", "--log-level", "info"], work);
    expect(info.code).toBe(0);
    expect(info.stderr).toMatch(/fc\.weight - torch\.Size\(\[1, 2\]\)/);
    const errorsOnly = await runInitlib(["init", "logged.json", "--log-level", "error"], work);
    expect(errorsOnly.stderr).toBe("");
  });
});

describe("model files read as MMEngine configs", () => {
  it("follow _base_ (relative to the including file) and _delete_", async () => {
    const { mkdirSync } = await import("node:fs");
    mkdirSync(join(work, "bases"), { recursive: true });
    writeFileSync(
      join(work, "bases", "net.json"),
      JSON.stringify({ class: "Net", base: "BaseModule", init_cfg: { type: "Constant", val: 1, layer: "Linear" }, children: [{ name: "fc", module: { class: "Linear", base: "nn.Linear", args: { in_features: 2, out_features: 1 } } }] }),
    );
    writeFileSync(join(work, "derived.yaml"), "_base_: [bases/net.json]\ninit_cfg:\n  _delete_: true\n  type: Normal\n  std: 0.5\n  layer: Linear\n");
    const run = await runInitlib(["explain", "derived.yaml", "--json"], work);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).parameters[0]).toMatchObject({ name: "fc.weight", std: 0.5 });
  });

  it("report a syntax error with line and column, and a cycle or a missing base with its file", async () => {
    writeFileSync(join(work, "broken.json"), '{\n  "class": "Net",\n  "base": ,\n}');
    const broken = await runInitlib(["explain", "broken.json"], work);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/INITLIB_PARSE_ERROR[\s\S]*line 3, column 11/);
    writeFileSync(join(work, "a.json"), JSON.stringify({ _base_: ["b.json"] }));
    writeFileSync(join(work, "b.json"), JSON.stringify({ _base_: ["a.json"] }));
    expect((await runInitlib(["explain", "a.json"], work)).stderr).toMatch(/INITLIB_CONFIG_CYCLE[\s\S]*a\.json → b\.json → a\.json/);
    writeFileSync(join(work, "orphan.json"), JSON.stringify({ _base_: ["nowhere.json"] }));
    expect((await runInitlib(["explain", "orphan.json"], work)).stderr).toMatch(/nowhere\.json/);
  });
});
