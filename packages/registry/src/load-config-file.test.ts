import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InitlibError } from "./initlib-error";
import { loadConfigFile } from "./load-config-file";

async function rejected(promise: Promise<unknown>): Promise<InitlibError> {
  try {
    await promise;
  } catch (error) {
    if (InitlibError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a rejection");
}

let directory = "";

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "initlib-config-"));
  await mkdir(join(directory, "_base_", "models"), { recursive: true });
  await writeFile(join(directory, "_base_", "runtime.json"), JSON.stringify({ seed: 0, log_level: "INFO" }));
  await writeFile(
    join(directory, "_base_", "models", "retinanet.yaml"),
    [
      "model:",
      "  type: RetinaNet",
      "  init_cfg:",
      "    type: Normal",
      "    layer: Conv2d",
      "    std: 0.01",
      "    override:",
      "      type: Normal",
      "      name: retina_cls",
      "      std: 0.01",
      "      bias_prob: 0.01",
    ].join("\n"),
  );
  await writeFile(
    join(directory, "experiment.yml"),
    ["_base_:", "  - ./_base_/models/retinanet.yaml", "  - _base_/runtime.json", "model:", "  init_cfg:", "    std: 0.02", "seed: 42"].join("\n"),
  );
  await writeFile(join(directory, "inline-base.json"), JSON.stringify({ _base_: [{ seed: 7 }, "_base_/models/retinanet.yaml"] }));
  await writeFile(join(directory, "list.yaml"), "- type: Kaiming\n  layer: Conv2d\n- type: Constant\n  val: 1\n  bias_prob: 0.1\n");
  await writeFile(join(directory, "cycle-a.json"), JSON.stringify({ _base_: "cycle-b.json", a: 1 }));
  await writeFile(join(directory, "cycle-b.json"), JSON.stringify({ _base_: ["cycle-a.json"], b: 1 }));
  await writeFile(join(directory, "missing-base.json"), JSON.stringify({ _base_: ["nowhere.yaml"] }));
  await writeFile(join(directory, "broken.json"), '{ "type": "Normal", }');
  await writeFile(join(directory, "broken.yaml"), "type: [Normal\n");
  await writeFile(join(directory, "config.py"), "model = dict(type='RetinaNet')\n");
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("loadConfigFile", () => {
  it("reads YAML and JSON bases relative to the including file and merges them as MMEngine does", async () => {
    expect(await loadConfigFile(join(directory, "experiment.yml"))).toEqual({
      model: {
        type: "RetinaNet",
        initCfg: {
          type: "Normal",
          layer: "Conv2d",
          std: 0.02,
          override: { type: "Normal", name: "retina_cls", std: 0.01, biasProb: 0.01 },
        },
      },
      seed: 42,
      logLevel: "INFO",
    });
  });

  it("accepts config objects and files mixed in _base_", async () => {
    const resolved = (await loadConfigFile(join(directory, "inline-base.json"))) as Record<string, unknown>;
    expect(resolved.seed).toBe(7);
    expect((resolved.model as { type: string }).type).toBe("RetinaNet");
  });

  it("reads a YAML list of initCfg entries with keys converted", async () => {
    expect(await loadConfigFile(join(directory, "list.yaml"))).toEqual([
      { type: "Kaiming", layer: "Conv2d" },
      { type: "Constant", val: 1, biasProb: 0.1 },
    ]);
  });

  it("detects files that include each other", async () => {
    const error = await rejected(loadConfigFile(join(directory, "cycle-a.json")));
    expect(error.code).toBe("INITLIB_CONFIG_CYCLE");
    expect(error.message).toContain("cycle-a.json → cycle-b.json → cycle-a.json");
  });

  it("names the including file and the _base_ entry when a base is missing", async () => {
    const error = await rejected(loadConfigFile(join(directory, "missing-base.json")));
    expect(error.path).toBe(`${join(directory, "missing-base.json")}#_base_[0]`);
    expect(error.message).toContain("'nowhere.yaml' cannot be read: the config file does not exist");
    expect(InitlibError.isInstance(error.cause)).toBe(true);
  });

  it("reports a missing file, invalid JSON or YAML, and unsupported extensions", async () => {
    const missing = await rejected(loadConfigFile(join(directory, "absent.json")));
    expect(missing.summary).toBe("the config file does not exist");
    expect((missing.cause as { code?: string }).code).toBe("ENOENT");
    const brokenJson = await rejected(loadConfigFile(join(directory, "broken.json")));
    expect(brokenJson.code).toBe("INITLIB_PARSE_ERROR");
    expect(brokenJson.summary).toMatch(/^the config file is not valid JSON \(line \d+, column \d+\)/);
    expect((await rejected(loadConfigFile(join(directory, "broken.yaml")))).summary).toMatch(/^the config file is not valid YAML/);
    const python = await rejected(loadConfigFile(join(directory, "config.py")));
    expect(python.hint).toContain("convert it to YAML or JSON");
    expect((await rejected(loadConfigFile(""))).code).toBe("INITLIB_BAD_ARGUMENT");
  });
});
