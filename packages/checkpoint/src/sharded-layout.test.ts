import { describe, expect, it } from "vitest";
import { formatShardedIndex, planShardedLayout } from "./sharded-layout";

// The reference: huggingface_hub.split_state_dict_into_shards_factory, transcribed.
function hubSplit(tensors: readonly { name: string; byteLength: number }[], max: number): string[][] {
  const shards: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const { name, byteLength } of tensors) {
    if (byteLength > max) {
      shards.push([name]);
      continue;
    }
    if (size + byteLength > max) {
      shards.push(current);
      current = [];
      size = 0;
    }
    current.push(name);
    size += byteLength;
  }
  if (current.length > 0) shards.push(current);
  return shards;
}

describe("planShardedLayout", () => {
  it("writes one model.safetensors without an index when everything fits", () => {
    const layout = planShardedLayout([{ name: "a", byteLength: 10 }, { name: "b", byteLength: 20 }], 100);
    expect(layout.files).toEqual([{ name: "model.safetensors", tensors: ["a", "b"], dataBytes: 30 }]);
    expect(layout.indexName).toBeUndefined();
  });

  it("splits as the Hub does, an oversized tensor alone in its shard", () => {
    const tensors = [40, 30, 50, 250, 10, 100, 1, 0, 99].map((byteLength, index) => ({ name: `t${index}`, byteLength }));
    const layout = planShardedLayout(tensors, 100);
    expect(layout.files.map((file) => file.tensors)).toEqual(hubSplit(tensors, 100));
    expect(layout.oversized).toEqual(["t3"]);
    expect(layout.files.map((file) => file.name)).toEqual(layout.files.map((_, index) => `model-0000${index + 1}-of-0000${layout.files.length}.safetensors`));
    expect(layout.totalSize).toBe(580);
    expect(layout.indexName).toBe("model.safetensors.index.json");
  });

  it("agrees with the Hub's split on random sizes", () => {
    let state = 7;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31);
    for (let round = 0; round < 50; round++) {
      const tensors = Array.from({ length: 1 + (next() % 30) }, (_, index) => ({ name: `p${index}`, byteLength: next() % 300 }));
      expect(planShardedLayout(tensors, 128).files.map((file) => file.tensors)).toEqual(hubSplit(tensors, 128));
    }
  });

  it("refuses a bad shard size, a repeated name and a bad length", () => {
    expect(() => planShardedLayout([], 0)).toThrow(/positive integer/);
    expect(() => planShardedLayout([{ name: "a", byteLength: 1 }, { name: "a", byteLength: 1 }], 10)).toThrow(/twice/);
    expect(() => planShardedLayout([{ name: "a", byteLength: -1 }], 10)).toThrow(/byte length/);
  });
});

describe("formatShardedIndex", () => {
  it("writes transformers' index: metadata.total_size and a sorted weight_map", () => {
    const layout = planShardedLayout([{ name: "z.weight", byteLength: 80 }, { name: "10", byteLength: 80 }, { name: "a.bias", byteLength: 8 }], 100);
    const text = formatShardedIndex(layout);
    expect(text.endsWith("}\n")).toBe(true);
    const index = JSON.parse(text) as { metadata: { total_size: number }; weight_map: Record<string, string> };
    expect(index.metadata).toEqual({ total_size: 168 });
    expect(index.weight_map).toEqual({ "10": "model-00002-of-00002.safetensors", "a.bias": "model-00002-of-00002.safetensors", "z.weight": "model-00001-of-00002.safetensors" });
    // Key order as Python's sort_keys gives it (an object literal would not keep it for "10").
    expect(text.indexOf('"10"')).toBeLessThan(text.indexOf('"a.bias"'));
    expect(text).toContain('{\n  "metadata": {\n    "total_size": 168\n  },\n  "weight_map": {\n    "10": ');
  });
});
