import { BaseModule, Linear, silentLogger } from "@initlib/core";
import { createHostBackend } from "@initlib/initializers";
import { describe, expect, it } from "vitest";
import { createCountingBackend, type CountingBackend } from "../examples/counting-backend";
import { describeBackendConformance } from "../src/vitest";

let latest: CountingBackend | undefined;
describeBackendConformance("counting backend (examples/counting-backend.ts)", () => (latest = createCountingBackend({ pageElements: 1000 })), {
  liveAllocations: () => latest?.counts.liveAllocations ?? 0,
});

class CountingNet extends BaseModule {
  static override readonly typeName = "CountingNet";
  fc = new Linear({ inFeatures: 300, outFeatures: 400 });
  head = new Linear({ inFeatures: 400, outFeatures: 10 });
  constructor() {
    super({ type: "Normal", layer: "Linear", std: 0.01, bias: 0.1 });
  }
}

describe("the counting backend initializes a model through initWeights({ backend })", () => {
  it("writes exactly what the host backend writes, through write() in writeRule's chunks and fill()", async () => {
    const backend = createCountingBackend({ pageElements: 1000 });
    const counted = new CountingNet();
    await counted.initWeights({ backend, seed: 5, logger: silentLogger });
    const reference = new CountingNet();
    await reference.initWeights({ backend: createHostBackend(), seed: 5, logger: silentLogger });

    for (const name of ["fc.weight", "fc.bias", "head.weight", "head.bias"] as const) {
      const [module, tensor] = name.split(".") as ["fc" | "head", "weight" | "bias"];
      const actual = await counted[module][tensor]!.read();
      const expected = await reference[module][tensor]!.read();
      expect(new Uint32Array(actual.buffer), name).toEqual(new Uint32Array(expected.buffer));
    }
    expect(Array.from(await counted.fc.bias!.read()).every((value) => value === Math.fround(0.1))).toBe(true);
    // fc.weight has 120,000 elements: two host chunks of at most 65,536; head.weight one; biases are fills.
    expect(backend.counts.allocations).toBe(4);
    expect(backend.counts.writes).toBe(3);
    expect(backend.counts.fills).toBe(2);
    // Each chunk is split at 1,000-element pages: 66 + 55 pieces for fc.weight (65,536 = 65·1000 + 536), 4 for head.weight.
    expect(backend.counts.pageWrites).toBe(66 + 55 + 4);
  });
});
