import { describe, expect, it } from "vitest";
import { loadReportEntries } from "./load-report-view";

describe("loadReportEntries", () => {
  it("lists each kind of key, converted keys with their dtype and mismatches with both shapes", () => {
    const entries = loadReportEntries({
      checkpoint: "model.safetensors.index.json",
      loaded: ["layers.0.weight", "layers.6.weight"],
      missing: ["layers.8.weight"],
      unexpected: ["classifier.bias"],
      converted: [{ key: "layers.6.weight", dtype: "float64" }],
      shapeMismatched: [{ key: "layers.2.weight", checkpointShape: [4, 4], modelShape: [8, 4] }],
    });
    expect(entries).toEqual({
      matched: ["layers.0.weight", "layers.6.weight"],
      missing: ["layers.8.weight"],
      unexpected: ["classifier.bias"],
      converted: ["layers.6.weight (float64)"],
      "shape mismatched": ["layers.2.weight (checkpoint [4, 4], model [8, 4])"],
    });
  });
});
