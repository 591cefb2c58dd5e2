import { BaseModule, Linear, materialize, silentLogger } from "@initlib/core";
import type { Backend, BackendRun, CommittedStorage } from "@initlib/initializers";
import { InitlibError } from "@initlib/registry";
import { describe, expect, it } from "vitest";
import { createCountingBackend, type PagedStorage } from "../examples/counting-backend";

class TwoLinears extends BaseModule {
  static override readonly typeName = "TwoLinears";
  fc = new Linear({ inFeatures: 30, outFeatures: 40 });
  head = new Linear({ inFeatures: 40, outFeatures: 10 });
  constructor() {
    super({ type: "Normal", layer: "Linear", std: 0.01, bias: 0.1 });
  }
}

/** The counting backend with run hooks that record their calls, and writes that can fail after some. */
function withRunHooks(options: { writesBeforeFailure?: number } = {}) {
  const inner = createCountingBackend({ pageElements: 1000 });
  const calls: string[] = [];
  let committed: readonly CommittedStorage<PagedStorage>[] = [];
  let writesLeft = options.writesBeforeFailure ?? Infinity;
  const backend: Backend<PagedStorage> = {
    ...inner,
    write(storage, values, offset) {
      if (writesLeft-- <= 0) throw new Error("device lost");
      return inner.write(storage, values, offset);
    },
    beginRun(): BackendRun<PagedStorage> {
      calls.push(`begin (${inner.counts.liveAllocations} live)`);
      return {
        commit(storages) {
          committed = storages;
          calls.push("commit");
        },
        dispose() {
          calls.push(`dispose (${inner.counts.liveAllocations} live)`);
        },
      };
    },
  };
  return { backend, calls, counts: inner.counts, committed: () => committed };
}

describe("initWeights drives a backend's run hooks", () => {
  it("a successful call: commit once before the replaced storages are freed, dispose once at the end", async () => {
    const { backend, calls, committed } = withRunHooks();
    const model = new TwoLinears();
    await materialize(model, backend);
    expect(calls).toEqual(["begin (0 live)", "commit", "dispose (4 live)"]);
    const first = committed();
    expect(first.map((entry) => [entry.path, entry.replaced])).toEqual([
      ["fc.weight", undefined],
      ["fc.bias", undefined],
      ["head.weight", undefined],
      ["head.bias", undefined],
    ]);
    expect(first[0]!.tensor).toBe(model.fc.weight);
    calls.length = 0;
    await model.initWeights({ backend, seed: 3, logger: silentLogger });
    // At commit the stages and the storages they replace are both live (8); after it, 4 again.
    expect(calls).toEqual(["begin (4 live)", "commit", "dispose (4 live)"]);
    const second = committed();
    expect(second.map((entry) => entry.replaced)).toEqual(first.map((entry) => entry.staged));
    expect(model.fc.weight!.storage).toBe(second[0]!.staged);
  });

  it("a failing call: no commit, dispose once after every stage was freed, and the model unchanged", async () => {
    const { backend, calls, counts } = withRunHooks({ writesBeforeFailure: 1 });
    const model = new TwoLinears();
    const error = await model.initWeights({ backend, seed: 3, logger: silentLogger }).catch((caught: unknown) => caught);
    expect(InitlibError.isInstance(error) && error.code).toBe("INITLIB_BACKEND_FAILURE");
    expect(calls).toEqual(["begin (0 live)", "dispose (0 live)"]);
    expect(counts.liveAllocations).toBe(0);
    expect(model.fc.weight!.isMaterialized).toBe(false);
    expect(model.isInit).toBe(false);
  });

  it("a dry run opens no run at all", async () => {
    const { backend, calls } = withRunHooks();
    await new TwoLinears().planInitWeights({ backend, logger: silentLogger });
    expect(calls).toEqual([]);
  });
});
