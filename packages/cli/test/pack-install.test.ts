import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// The packages the published command needs, packed as `pnpm publish` would pack them.
const PACKAGES = ["registry", "checkpoint", "initializers", "core", "backend-tfjs", "backend-webgpu", "backend-node-gpu", "cli"];
const repository = fileURLToPath(new URL("../../..", import.meta.url));
const project = mkdtempSync(join(tmpdir(), "initlib-installed-"));
afterAll(() => rmSync(project, { recursive: true, force: true }));

const initlib = (args: readonly string[]) => spawnSync(join(project, "node_modules", ".bin", "initlib"), args, { cwd: project, encoding: "utf8" });

describe("@initlib/cli installed from its packed tarballs into a project outside the workspace", () => {
  it("installs, and runs --version, schema, explain (good and misspelled) and init", { timeout: 300_000 }, () => {
    for (const name of PACKAGES) {
      execFileSync("npx", ["--yes", "pnpm@12.4.2", "pack", "--pack-destination", project], { cwd: join(repository, "packages", name), stdio: "pipe" });
    }
    const tarballs = readdirSync(project).filter((file) => file.endsWith(".tgz"));
    expect(tarballs).toHaveLength(PACKAGES.length);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "uses-initlib", private: true, type: "module" }));
    execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", ...tarballs.map((file) => `./${file}`)], { cwd: project, stdio: "pipe" });

    const version = initlib(["--version"]);
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout).toMatch(/^initlib \d+\.\d+\.\d+/);
    expect(JSON.parse(initlib(["schema"]).stdout)).toMatchObject({ title: "initlib model file" });

    const good = { class: "Net", base: "BaseModule", init_cfg: { type: "Kaiming", layer: "Linear" }, children: [{ name: "fc", module: { class: "Linear", base: "nn.Linear", args: { in_features: 4, out_features: 2 } } }] };
    writeFileSync(join(project, "good.json"), JSON.stringify(good));
    writeFileSync(join(project, "typo.json"), JSON.stringify({ ...good, init_cgf: good.init_cfg }));
    expect(initlib(["explain", "good.json"]).status).toBe(0);
    const typo = initlib(["explain", "typo.json"]);
    expect(typo.status).not.toBe(0);
    expect(typo.stderr).toMatch(/did you mean 'init_cfg'\?/);

    const init = initlib(["init", "good.json", "--out", "w.safetensors"]);
    expect(init.status, init.stderr).toBe(0);
    expect(readdirSync(project)).toContain("w.safetensors");

    // Streamed to a directory by the command, and by the library entry @initlib/cli/streaming.
    const streamed = initlib(["init", "good.json", "--out", "streamed/", "--max-memory", "1MB"]);
    expect(streamed.status, streamed.stderr).toBe(0);
    expect(readdirSync(join(project, "streamed"))).toEqual(["model.safetensors"]);
    writeFileSync(
      join(project, "script.mjs"),
      'import { initToSafetensors, loadModelFile } from "@initlib/cli/streaming";\n' +
        'const { model } = await loadModelFile("good.json");\n' +
        'const output = await initToSafetensors(model, { outDir: "scripted/", maxShardSize: 20 });\n' +
        "console.log(output.layoutFiles.join(','));\n",
    );
    const scripted = spawnSync(process.execPath, ["script.mjs"], { cwd: project, encoding: "utf8" });
    expect(scripted.status, scripted.stderr).toBe(0);
    expect(scripted.stdout.trim()).toBe("model-00001-of-00002.safetensors,model-00002-of-00002.safetensors,model.safetensors.index.json");
  });
});
