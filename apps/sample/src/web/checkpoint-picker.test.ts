import { describe, expect, it } from "vitest";
import { checkpointUrl } from "./checkpoint-picker";

describe("checkpointUrl", () => {
  const base = "http://127.0.0.1:8000/app/index.html";
  it("takes http(s) URLs, paths relative to the page and hf:// as they are meant", () => {
    expect(checkpointUrl(" http://127.0.0.1:9000/ckpt/model.safetensors.index.json ", base)).toEqual({ url: "http://127.0.0.1:9000/ckpt/model.safetensors.index.json" });
    expect(checkpointUrl("weights/model.safetensors", base)).toEqual({ url: "http://127.0.0.1:8000/app/weights/model.safetensors" });
    expect(checkpointUrl("hf://owner/repo@main/model.safetensors", base)).toEqual({ url: "hf://owner/repo@main/model.safetensors" });
  });

  it("says what is wrong with an empty field or a URL the page cannot fetch", () => {
    expect(checkpointUrl("  ", base)).toEqual({ problem: expect.stringMatching(/type a URL, or choose or drop/) });
    expect(checkpointUrl("file:///tmp/model.safetensors", base)).toEqual({ problem: expect.stringMatching(/file: URLs cannot be fetched .* choose the file from disk/) });
    expect(checkpointUrl("http://[::1", base)).toEqual({ problem: expect.stringMatching(/is not a URL/) });
  });
});
