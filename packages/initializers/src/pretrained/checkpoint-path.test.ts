import { isAbsolute, join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveCheckpointPath as inBrowser } from "./checkpoint-path-browser";
import { resolveCheckpointPath as inNode } from "./checkpoint-path";

describe("#checkpoint-path", () => {
  it("in Node resolves a relative path against baseDirectory, else the working directory", async () => {
    expect(await inNode("weights/a.safetensors", "/work")).toBe(join("/work", "weights/a.safetensors"));
    expect(await inNode("/models/a.safetensors", "/work")).toBe("/models/a.safetensors");
    const fromWorkingDirectory = await inNode("a.safetensors", undefined);
    expect(isAbsolute(fromWorkingDirectory)).toBe(true);
    expect(fromWorkingDirectory).toBe(join(process.cwd(), "a.safetensors"));
  });

  it("outside Node keeps the path as written (there is no working directory)", async () => {
    expect(await inBrowser("weights/a.safetensors", "/work")).toBe("weights/a.safetensors");
  });
});
