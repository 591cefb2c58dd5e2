import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openCheckpoint, writeSafetensors } from "@initlib/checkpoint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReportFile } from "../src/commands/init-command";
import { runInitlib } from "./run-cli";

const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));
const KAIMING = "KaimingInit: a=0, mode=fan_out, nonlinearity=relu, distribution =normal, bias=0";
const XAVIER = "XavierInit: gain=1, distribution=normal, bias=0";
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "initlib-cli-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A fresh folder inside the test's temporary folder. */
function folder(name: string): string {
  const path = join(work, name);
  mkdirSync(path, { recursive: true });
  return path;
}

async function readTensors(path: string): Promise<Map<string, { shape: readonly number[]; values: Float32Array }>> {
  const reader = await openCheckpoint(path);
  try {
    const tensors = new Map<string, { shape: readonly number[]; values: Float32Array }>();
    for (const key of reader.keys()) tensors.set(key, { shape: reader.entry(key).shape, values: await reader.read(key) });
    return tensors;
  } finally {
    await reader.close();
  }
}

/** Population standard deviation. */
const std = (values: Float32Array): number => {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length);
};

// Every test spawns the real CLI (tsx + tfjs start-up each time); on a busy 2-core machine that
// takes seconds per process, so the budget per test is generous.
describe.concurrent("initlib CLI", { timeout: 180_000 }, () => {
  it("prints its usage with --help and rejects unknown options with exit code 2", async () => {
    const [help, wrong] = await Promise.all([
      runInitlib(["--help"], work),
      runInitlib(["init", join(fixtures, "toynet-kaiming-xavier.json"), "--sede", "3"], work),
    ]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage:\n {2}initlib \[tour\]/);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/Unknown option '--sede'[\s\S]*initlib --help/);
  });

  it("initializes a JSON ModuleSpec and writes the weights and MMEngine's infos to the report", async () => {
    const dir = folder("json");
    const run = await runInitlib(["init", join(fixtures, "toynet-kaiming-xavier.json"), "--out", "out/w.safetensors", "--report", "r.json", "--seed", "7"], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/initialized ToyNet: 4 parameters \(4 values\) on host \(\d+ threads\), seed 7/);
    const report = JSON.parse(readFileSync(join(dir, "r.json"), "utf8")) as ReportFile;
    expect(report.parameters.map(({ name, shape, info }) => ({ name, shape, info: info.trim() }))).toEqual([
      { name: "linear.weight", shape: [1, 1], info: XAVIER },
      { name: "linear.bias", shape: [1], info: XAVIER },
      { name: "conv.weight", shape: [1, 1, 1, 1], info: KAIMING },
      { name: "conv.bias", shape: [1], info: KAIMING },
    ]);
    for (const parameter of report.parameters) expect(parameter.history.at(-1)?.trim()).toBe(parameter.info.trim());
    expect(report.warnings).toEqual([]);
    // --out in a folder that does not exist yet: the folder is created.
    const tensors = await readTensors(join(dir, "out", "w.safetensors"));
    expect([...tensors.keys()]).toEqual(["linear.weight", "linear.bias", "conv.weight", "conv.bias"]);
    expect(tensors.get("conv.weight")!.shape).toEqual([1, 1, 1, 1]);
    expect(Array.from(tensors.get("linear.bias")!.values)).toEqual([0]);
    expect(tensors.get("linear.weight")!.values[0]).not.toBe(0);
  });

  it("accepts YAML in MMEngine's snake_case spelling, and a seed reproduces the weights exactly", async () => {
    const dir = folder("yaml");
    const model = join(fixtures, "toynet-override.yaml");
    const [first, again, other] = await Promise.all([
      runInitlib(["init", model, "--out", "a.safetensors", "--report", "a.json", "--seed", "3"], dir),
      runInitlib(["init", model, "--out", "b.safetensors", "--seed", "3"], dir),
      runInitlib(["init", model, "--out", "c.safetensors", "--seed", "4"], dir),
    ]);
    for (const run of [first, again, other]) expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, "a.json"), "utf8")) as ReportFile;
    const info = Object.fromEntries(report.parameters.map((p) => [p.name, p.info.trim()]));
    expect(info["conv1.weight"]).toBe(KAIMING);
    // Exact provenance: Xavier's bias_prob=0.01 is the last writer of conv2.bias.
    expect(info["conv2.weight"]).toBe("XavierInit: gain=1, distribution=normal, bias=-4.59511985013459");
    expect(info["conv2.bias"]).toBe(info["conv2.weight"]);
    const tensors = await readTensors(join(dir, "a.safetensors"));
    // Kaiming fan_out = 4·3·3 = 36 → std √(2/36); Xavier fans 36 + 36 → std √(2/72); 144 samples each.
    expect(std(tensors.get("conv1.weight")!.values)).toBeGreaterThan(0.75 * Math.sqrt(2 / 36));
    expect(std(tensors.get("conv1.weight")!.values)).toBeLessThan(1.25 * Math.sqrt(2 / 36));
    expect(std(tensors.get("conv2.weight")!.values)).toBeGreaterThan(0.75 * Math.sqrt(2 / 72));
    expect(std(tensors.get("conv2.weight")!.values)).toBeLessThan(1.25 * Math.sqrt(2 / 72));
    for (const value of tensors.get("conv2.bias")!.values) expect(value).toBeCloseTo(-4.59511985013459, 5);
    expect(readFileSync(join(dir, "b.safetensors"))).toEqual(readFileSync(join(dir, "a.safetensors")));
    expect(readFileSync(join(dir, "c.safetensors"))).not.toEqual(readFileSync(join(dir, "a.safetensors")));
  });

  it("loads Pretrained checkpoints relative to the model file, as safetensors or tfjs weights", async () => {
    const models = folder("pretrained/models");
    const elsewhere = folder("pretrained/elsewhere");
    copyFileSync(join(fixtures, "toynet-pretrained.json"), join(models, "toynet.json"));
    await writeSafetensors(join(models, "pretrained.safetensors"), {
      "conv1.weight": { data: new Float32Array([0.5]), shape: [1, 1] },
      "conv1.bias": { data: new Float32Array([-0.25]), shape: [1] },
    });
    const run = await runInitlib(["init", "../models/toynet.json", "--out", "w.safetensors", "--report", "r.json"], elsewhere);
    expect(run.code, run.stderr).toBe(0);
    const tensors = await readTensors(join(elsewhere, "w.safetensors"));
    expect(Array.from(tensors.get("conv1.weight")!.values)).toEqual([0.5]);
    expect(Array.from(tensors.get("conv1.bias")!.values)).toEqual([-0.25]);
    const report = JSON.parse(readFileSync(join(elsewhere, "r.json"), "utf8")) as ReportFile;
    expect(report.parameters.map((p) => p.info.trim())).toEqual(["PretrainedInit: load from pretrained.safetensors", "PretrainedInit: load from pretrained.safetensors"]);

    // The same weights as a tfjs model.json + shard.
    const tfjs = folder("pretrained/tfjs");
    const spec = JSON.parse(readFileSync(join(fixtures, "toynet-pretrained.json"), "utf8"));
    spec.init_cfg.checkpoint = "weights/model.json";
    writeFileSync(join(tfjs, "toynet.json"), JSON.stringify(spec));
    mkdirSync(join(tfjs, "weights"));
    writeFileSync(
      join(tfjs, "weights", "model.json"),
      JSON.stringify({ format: "layers-model", weightsManifest: [{ paths: ["group1-shard1of1.bin"], weights: [{ name: "conv1.weight", shape: [1, 1], dtype: "float32" }, { name: "conv1.bias", shape: [1], dtype: "float32" }] }] }),
    );
    writeFileSync(join(tfjs, "weights", "group1-shard1of1.bin"), new Uint8Array(new Float32Array([1.5, 2.5]).buffer));
    const fromTfjs = await runInitlib(["init", "toynet.json", "--out", "w.safetensors"], tfjs);
    expect(fromTfjs.code, fromTfjs.stderr).toBe(0);
    const loaded = await readTensors(join(tfjs, "w.safetensors"));
    expect(Array.from(loaded.get("conv1.weight")!.values)).toEqual([1.5]);
    expect(Array.from(loaded.get("conv1.bias")!.values)).toEqual([2.5]);
  });

  it("loads a PyTorch DDP checkpoint (state_dict wrapper, module. prefix) written by torch.save", async () => {
    const dir = folder("torch");
    const run = await runInitlib(["init", join(fixtures, "toynet-torch-checkpoint.yaml"), "--out", "w.safetensors", "--report", "r.json"], dir);
    expect(run.code, run.stderr).toBe(0);
    const expected = JSON.parse(readFileSync(join(fixtures, "torch-ddp-checkpoint.expected.json"), "utf8")) as Record<string, number[]>;
    const tensors = await readTensors(join(dir, "w.safetensors"));
    expect(Array.from(tensors.get("linear.weight")!.values)).toEqual(expected["linear.weight"]);
    expect(Array.from(tensors.get("linear.bias")!.values)).toEqual(expected["linear.bias"]);
    expect(Array.from(tensors.get("conv.weight")!.values.subarray(0, 4))).toEqual(expected["conv.weight[0:4]"]);
    expect(Array.from(tensors.get("conv.bias")!.values)).toEqual(expected["conv.bias"]);
    const report = JSON.parse(readFileSync(join(dir, "r.json"), "utf8")) as ReportFile;
    expect(new Set(report.parameters.map((p) => p.info.trim()))).toEqual(new Set(["PretrainedInit: load from torch-ddp-checkpoint.pth"]));
    expect(report.loadReports[0]).toMatchObject({ missing: [], unexpected: [] });
  });

  it("runs user-defined init_weights and records them as MMEngine does", async () => {
    const dir = folder("user-init");
    const run = await runInitlib(["init", join(fixtures, "toynet-custom-init-weights.json"), "--report", "r.json"], dir);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, "r.json"), "utf8")) as ReportFile;
    const custom = report.parameters.filter((p) => p.name.startsWith("custom_conv."));
    expect(custom.map((p) => p.info)).toEqual(["Initialized by user-defined `init_weights` in ToyConv ", "Initialized by user-defined `init_weights` in ToyConv "]);
  });

  it("fails on a missing checkpoint without writing either file or touching earlier outputs", async () => {
    const dir = folder("missing");
    writeFileSync(join(dir, "w.safetensors"), "previous weights");
    const run = await runInitlib(["init", join(fixtures, "toynet-missing-checkpoint.json"), "--out", "w.safetensors", "--report", "r.json"], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/INITLIB_CHECKPOINT/);
    expect(run.stderr).toMatch(/does-not-exist\.safetensors/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(readFileSync(join(dir, "w.safetensors"), "utf8")).toBe("previous weights");
    expect(existsSync(join(dir, "r.json"))).toBe(false);
    expect(execFileSync("ls", ["-A", dir], { encoding: "utf8" }).trim()).toBe("w.safetensors");
  });

  it("names the config path of a bad override, with the stack only under --verbose", async () => {
    const dir = folder("bad-override");
    const [run, verbose] = await Promise.all([
      runInitlib(["init", join(fixtures, "toynet-bad-override.json"), "--out", "w.safetensors", "--report", "r.json"], dir),
      runInitlib(["init", join(fixtures, "toynet-bad-override.json"), "--verbose"], dir),
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/INITLIB_MISSING_MODULE/);
    expect(run.stderr).toMatch(/initCfg\[0\]\.override(\[0\])?\.name/);
    expect(run.stderr).toMatch(/conv3/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(join(dir, "w.safetensors")) || existsSync(join(dir, "r.json"))).toBe(false);
    expect(verbose.code).toBe(1);
    expect(verbose.stderr).toMatch(/^\s+at /m);
  });

  it("suggests the registered name for a misspelled initializer type", async () => {
    const run = await runInitlib(["init", join(fixtures, "toynet-unknown-type.yaml")], work);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/INITLIB_UNKNOWN_TYPE/);
    expect(run.stderr).toMatch(/initCfg\[1\]/);
    expect(run.stderr).toMatch(/Xavierr[\s\S]*did you mean[\s\S]*Xavier/);
  });

  it("explains the plan without writing anything", async () => {
    const dir = folder("explain");
    const run = await runInitlib(["explain", join(fixtures, "toynet-override.yaml")], dir);
    expect(run.code, run.stderr).toBe(0);
    for (const name of ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias"]) expect(run.stdout).toContain(name);
    expect(run.stdout).toMatch(/Kaiming/);
    expect(run.stdout).toMatch(/Xavier/);
    expect(run.stdout).toMatch(/36/);
    expect(execFileSync("ls", ["-A", dir], { encoding: "utf8" }).trim()).toBe("");
  });

  it("explains what each params rule matched and what no rule touched, as text, as JSON and under --strict", async () => {
    const dir = folder("explain-params");
    const model = join(fixtures, "toynet-params.yaml");
    const text = await runInitlib(["explain", model], dir);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain("rules, in the order they run (a later rule overwrites an earlier one):");
    expect(text.stdout).toMatch(/ToyNet\.initCfg\[1\]: ConstantInit: val=0, bias=0\.1 \[params=\*\*\.bias\]\n {4}'\*\*\.bias' matches 3: conv1\.bias, conv2\.bias, norm\.bias/);
    expect(text.stdout).toContain("'re:^conv2\\.w' matches 1: conv2.weight");
    expect(text.stdout).toContain("'conv3.weight' matches nothing");
    expect(text.stdout).toContain("untouched by any rule (default values): 1: norm.weight");
    expect(text.stdout).toMatch(/warning: ToyNet\.initCfg\[2\]\.params\[1\] 'conv3\.weight' matches no parameter/);
    const json = await runInitlib(["explain", model, "--json"], dir);
    expect(json.code, json.stderr).toBe(0);
    const plan = JSON.parse(json.stdout) as { rules: { path: string; matched: string[] }[]; untouched: string[] };
    expect(plan.rules.map((rule) => [rule.path, rule.matched])).toEqual([
      ["ToyNet.initCfg[0]", ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias"]],
      ["ToyNet.initCfg[1]", ["conv1.bias", "conv2.bias", "norm.bias"]],
      ["ToyNet.initCfg[2]", ["conv2.weight"]],
    ]);
    expect(plan.untouched).toEqual(["norm.weight"]);
    const strict = await runInitlib(["explain", model, "--strict"], dir);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/INITLIB_BAD_CONFIG/);
    expect(strict.stderr).toMatch(/conv3\.weight/);
    expect(execFileSync("ls", ["-A", dir], { encoding: "utf8" }).trim()).toBe("");
  });

  it("writes per rule what it matched and the untouched parameters into the init report file", async () => {
    const dir = folder("init-params");
    const run = await runInitlib(["init", join(fixtures, "toynet-params.yaml"), "--report", "r.json", "--quiet"], dir);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, "r.json"), "utf8")) as ReportFile;
    expect(report.rules.map((rule) => [rule.path, rule.selection, rule.matched.length])).toEqual([
      ["ToyNet.initCfg[0]", "layer=Conv2d", 4],
      ["ToyNet.initCfg[1]", "params=**.bias", 3],
      ["ToyNet.initCfg[2]", "params=re:^conv2\\.w, conv3.weight", 1],
    ]);
    expect(report.rules[2]!.patterns).toEqual([
      { pattern: "re:^conv2\\.w", matched: ["conv2.weight"] },
      { pattern: "conv3.weight", matched: [] },
    ]);
    expect(report.untouched).toEqual(["norm.weight"]);
    expect(report.parameters.find((parameter) => parameter.name === "conv1.bias")!.info).toBe("ConstantInit: val=0, bias=0.1");
  });

  it("explains that the node-gpu backend needs tfjs-node-gpu's native binding", async () => {
    const run = await runInitlib(["init", join(fixtures, "toynet-kaiming-xavier.json"), "--backend", "node-gpu"], work);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/tfjs-node-gpu/);
    expect(run.stderr).toMatch(/install/i);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it("walks through MMEngine's five documentation examples by default", async () => {
    const run = await runInitlib([], work);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.match(/^── \d\. /gm)).toHaveLength(5);
    expect(run.stdout).toContain("conv1.weight - torch.Size([1, 1]): \nPretrainedInit: load from");
    expect(run.stdout).toContain(`conv.weight - torch.Size([1, 1, 1, 1]): \n${KAIMING} \n`);
    expect(run.stdout).toContain(`linear.weight - torch.Size([1, 1]): \n${XAVIER} \n`);
    expect(run.stdout).toContain("custom_conv.custom_weight - torch.Size([1, 1, 1, 1]): \nInitialized by user-defined `init_weights` in ToyConv  \n");
  });
});

const swiftshader = process.env.VK_ICD_FILENAMES ?? "";
const webgpuAvailable = swiftshader !== "" && existsSync(swiftshader);
if (!webgpuAvailable && process.env.REQUIRE_WEBGPU !== "1") {
  console.warn("cli.test.ts: --backend webgpu check skipped: no Vulkan ICD (install chromium + libvulkan1 and set VK_ICD_FILENAMES; REQUIRE_WEBGPU=1 makes this a failure)");
}

describe.runIf(webgpuAvailable || process.env.REQUIRE_WEBGPU === "1")("initlib CLI on WebGPU (Dawn)", { timeout: 180_000 }, () => {
  it("writes the same weights with --backend webgpu as on the CPU", async () => {
    const dir = folder("webgpu");
    const model = join(fixtures, "toynet-override.yaml");
    const [gpu, cpu] = await Promise.all([
      runInitlib(["init", model, "--backend", "webgpu", "--out", "gpu.safetensors", "--seed", "5"], dir, { XDG_RUNTIME_DIR: undefined }),
      runInitlib(["init", model, "--out", "cpu.safetensors", "--seed", "5"], dir),
    ]);
    expect(gpu.code, gpu.stderr).toBe(0);
    expect(gpu.stdout).toMatch(/on webgpu \(/);
    // SwiftShader's complaint about a missing XDG_RUNTIME_DIR is kept off the user's terminal.
    expect(gpu.stderr).toBe("");
    expect(cpu.code, cpu.stderr).toBe(0);
    const onGpu = await readTensors(join(dir, "gpu.safetensors"));
    const onCpu = await readTensors(join(dir, "cpu.safetensors"));
    expect([...onGpu.keys()]).toEqual([...onCpu.keys()]);
    // Normals agree within float32 rounding of the transcendental functions (docs/rng.md).
    for (const [key, { values }] of onCpu) {
      const other = onGpu.get(key)!.values;
      for (let i = 0; i < values.length; i++) expect(Math.abs(other[i]! - values[i]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(values[i]!)));
    }
  });
});
