import { describe, expect, it } from "vitest";
import { INIT_PRESETS, PRESET_IDS, parseCustomConfig } from "./presets";

describe("INIT_PRESETS", () => {
  it("has one preset per id, each covering Linear and Conv2d", () => {
    expect(Object.keys(INIT_PRESETS).sort()).toEqual([...PRESET_IDS].sort());
    for (const id of PRESET_IDS) {
      expect(INIT_PRESETS[id].id).toBe(id);
      for (const entry of INIT_PRESETS[id].initCfg) expect(entry.layer).toEqual(["Linear", "Conv2d"]);
    }
  });
});

describe("parseCustomConfig", () => {
  it("accepts one entry or a list of entries", () => {
    expect(parseCustomConfig('{"type": "Kaiming", "layer": "Linear"}')).toEqual({ ok: true, initCfg: [{ type: "Kaiming", layer: "Linear" }] });
    const list = parseCustomConfig('[{"type": "Normal", "std": 0.1, "layer": "Linear"}, {"type": "Constant", "val": 1, "layer": "Conv2d"}]');
    expect(list.ok && list.initCfg.length).toBe(2);
  });

  it("names the line and column of a JSON syntax error", () => {
    const parsed = parseCustomConfig('{\n  "type": "Kaiming",,\n}');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(/^initCfg: not valid JSON \(.* at line 2, column 21\)$/);
  });

  it("names the line and column where the parser's message has no position (an unexpected token)", () => {
    const parsed = parseCustomConfig('[\n  {"type": "Xavier",\n   "layer": Linear}\n]');
    expect(!parsed.ok && parsed.message).toMatch(/^initCfg: not valid JSON \(.* at line 3, column 13\)$/);
    expect(!parsed.ok && parsed.message).not.toMatch(/is not valid JSON|position/);
  });

  it("rejects entries that are not objects, with their path", () => {
    const parsed = parseCustomConfig('[{"type": "Xavier"}, 3]');
    expect(!parsed.ok && parsed.message).toMatch(/^initCfg\[1\]: each entry must be an object .* received 3$/);
    expect(parseCustomConfig('"Kaiming"')).toEqual({ ok: false, message: expect.stringMatching(/^initCfg: each entry must be an object/) });
    expect(parseCustomConfig("   ").ok).toBe(false);
  });
});
