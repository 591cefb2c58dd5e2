import { readFileSync } from "node:fs";
import { modelFileJsonSchema } from "@initlib/core";
import { describe, expect, it } from "vitest";

describe("model-file.schema.json, shipped in the package for editors", () => {
  it("is the schema initlib schema prints (regenerate: pnpm initlib schema > packages/cli/model-file.schema.json)", () => {
    const shipped = JSON.parse(readFileSync(new URL("../model-file.schema.json", import.meta.url), "utf8")) as unknown;
    expect(shipped).toEqual(modelFileJsonSchema());
  });
});
