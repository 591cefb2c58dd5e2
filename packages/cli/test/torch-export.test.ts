import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openCheckpoint } from "@initlib/checkpoint";
import { afterAll, describe, expect, it } from "vitest";
import { runInitlib } from "./run-cli";

// Debian's python3-torch provides torch to the system Python (.ci/run installs it).
const python = "/usr/bin/python3";
const probe = spawnSync(python, ["-c", "import torch; print(torch.__version__)"], { encoding: "utf8" });
const torchVersion = probe.status === 0 ? probe.stdout.trim() : undefined;
const suite = torchVersion ? `export from PyTorch ${torchVersion}` : `export from PyTorch, skipped: ${python} cannot import torch (apt-get install python3-torch)`;
const buildModels = fileURLToPath(new URL("../../../tools/torch-export/test/build_models.py", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "initlib-torch-export-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(!torchVersion)(suite, () => {
  it("exports a ResNet-like CNN, a ViT-like transformer and nested containers whose initlib weights match state_dict()", { timeout: 120_000 }, async () => {
    const exported = spawnSync(python, [buildModels, work], { encoding: "utf8" });
    expect(exported.status, exported.stderr).toBe(0);
    for (const name of ["resnet", "vit", "nested"]) {
      const run = await runInitlib(["init", `${name}.json`, "--out", `${name}.safetensors`], work);
      expect(run.code, `${name}: ${run.stderr}`).toBe(0);
      const expected = JSON.parse(readFileSync(join(work, `${name}.state.json`), "utf8")) as Record<string, number[]>;
      const reader = await openCheckpoint(join(work, `${name}.safetensors`));
      const written = Object.fromEntries(reader.keys().map((key) => [key, [...reader.entry(key).shape]]));
      await reader.close();
      expect(written, name).toEqual(expected);
      expect(Object.keys(written), name).toEqual(Object.keys(expected));
    }
  });
});
