import { createHostBackend, generateRuleValues, type Backend, type HostBackend } from "@initlib/initializers";
import { describe, expect, it } from "vitest";
import { runBackendConformance, type BackendConformanceOptions, type ConformanceReport } from "../src/index";

type Overrides = Partial<Backend<Float32Array>> & { name: string };

/** A host backend with some methods replaced: each replacement is one way to break the contract. */
function hostWith(change: Overrides | ((host: HostBackend) => Overrides)): () => Backend<Float32Array> {
  return () => {
    const host = createHostBackend();
    const overrides = typeof change === "function" ? change(host) : change;
    return {
      specVersion: host.specVersion,
      allocate: (shape) => host.allocate(shape),
      write: (storage, values, offset) => host.write(storage, values, offset),
      read: (storage) => host.read(storage),
      fill: (storage, value) => host.fill(storage, value),
      dispose: (storage) => host.dispose(storage),
      sample: (storage, request) => host.sample(storage, request),
      ...overrides,
    };
  };
}

function failedIds(report: ConformanceReport): string[] {
  return report.results.filter((result) => result.status === "failed").map((result) => result.id);
}

function messageOf(report: ConformanceReport, id: string): string {
  const result = report.results.find((candidate) => candidate.id === id);
  return result?.status === "failed" ? String((result.error as Error).message) : `not failed: ${result?.status}`;
}

const quick: BackendConformanceOptions = { largeElements: 70_001, statisticalSamples: 20_000, leakCycles: 4 };

describe("the kit catches broken backends", () => {
  it("passes the host backend itself (the control)", async () => {
    const report = await runBackendConformance(hostWith({ name: "control" }), quick);
    expect(failedIds(report)).toEqual([]);
    expect(report.passed).toBe(19);
    expect(report.skipped).toBe(1); // no-leaks: no liveAllocations given
    expect(report.backend).toBe("control");
  });

  it("a sampler that is off by one element", async () => {
    const shifted = hostWith((host) => ({
      name: "off-by-one",
      sample: (storage, request) => {
        host.sample(storage, request); // keeps the host's checks (disposed storage, bad requests)
        generateRuleValues(request.rule, request.key, 1, storage);
      },
    }));
    const report = await runBackendConformance(shifted, quick);
    expect(failedIds(report)).toEqual(["sample-matches-reference", "known-answers", "chunked-generation"]);
    expect(messageOf(report, "sample-matches-reference")).toMatch(/element \d+ is .*expected/);
  });

  it("a sampler whose normals are off by more than float32 rounding", async () => {
    const biased = hostWith({
      name: "biased-normal",
      sample: (storage, request) => {
        generateRuleValues(request.rule, request.key, 0, storage);
        if (request.rule.kind === "normal") for (let index = 0; index < storage.length; index += 1) storage[index]! *= 1.001;
      },
    });
    const report = await runBackendConformance(biased, { ...quick, only: ["sample-matches-reference"] });
    expect(failedIds(report)).toEqual(["sample-matches-reference"]);
    expect(messageOf(report, "sample-matches-reference")).toContain("the tolerance of 0.0001");
  });

  it("a sampler whose normals drift by 4e-6 passes the 1e-4 reference bound but not the known answers' 1e-6", async () => {
    const drifting = (factor: number, name: string) =>
      hostWith({
        name,
        sample: (storage, request) => {
          const rule = request.rule;
          generateRuleValues(rule, request.key, 0, storage);
          // The standard score drifts by `factor`, as a device's less precise log or erfinv would.
          if (rule.kind !== "uniform") for (let index = 0; index < storage.length; index += 1) storage[index] = rule.mean + (storage[index]! - rule.mean) * factor;
        },
      });
    const report = await runBackendConformance(drifting(1 + 4e-6, "drifting-normal"), { ...quick, only: ["sample-matches-reference", "known-answers"] });
    expect(failedIds(report)).toEqual(["known-answers"]);
    expect(messageOf(report, "known-answers")).toMatch(/^normal, seed 0, path fc\.weight, element 0: .* \(allowed 0\.00000139\d*\)$/);
    // Within the measured device rounding (WebGPU: at most 4.7e-7): passes.
    const close = await runBackendConformance(drifting(1 + 3e-7, "rounding-normal"), { ...quick, only: ["known-answers"] });
    expect(failedIds(close)).toEqual([]);
  });

  it("both host engines meet the pinned answers: WebAssembly bit for bit, JavaScript within the bound", async () => {
    for (const engine of ["webassembly", "javascript"] as const) {
      const report = await runBackendConformance(() => createHostBackend({ engine }), { only: ["known-answers"] });
      expect(report.passed, engine).toBe(1);
    }
  });

  it("a sampler drawing from the wrong distribution, caught by the statistics even without a reference", async () => {
    const wrongStd = hostWith({
      name: "wrong-std",
      sample: (storage, request) => {
        const rule = request.rule.kind === "normal" ? { ...request.rule, std: request.rule.std * 1.05 } : request.rule;
        generateRuleValues(rule, request.key, 0, storage);
      },
    });
    const report = await runBackendConformance(wrongStd, { ...quick, only: ["random-statistics"] });
    expect(failedIds(report)).toEqual(["random-statistics"]);
    expect(messageOf(report, "random-statistics")).toMatch(/variance .* standard errors/);
  });

  it("a backend that leaks one allocation per parameter", async () => {
    const leaked = new Set<Float32Array>();
    const leaky = hostWith((host) => ({
      name: "leaky",
      allocate: (shape) => {
        const storage = host.allocate(shape);
        leaked.add(storage); // never removed: dispose forgets to release it
        return storage;
      },
    }));
    const report = await runBackendConformance(leaky, { ...quick, only: ["no-leaks"], liveAllocations: () => leaked.size });
    expect(failedIds(report)).toEqual(["no-leaks"]);
    expect(messageOf(report, "no-leaks")).toMatch(/\d+ allocation\(s\) still live after 4 cycles/);
  });

  it("a backend that keeps the caller's array instead of copying it", async () => {
    const views = new WeakMap<Float32Array, Float32Array>();
    const aliasing = hostWith({
      name: "aliasing",
      write: (storage, values, offset) => {
        if (offset === 0 && values.length === storage.length) views.set(storage, values);
        else (views.get(storage) ?? storage).set(values, offset);
      },
      read: async (storage) => (views.get(storage) ?? storage).slice(),
    });
    const report = await runBackendConformance(aliasing, { ...quick, only: ["copy-semantics"] });
    expect(failedIds(report)).toEqual(["copy-semantics"]);
  });

  it("a backend that ignores the offset of a write", async () => {
    const report = await runBackendConformance(
      hostWith({ name: "no-offset", write: (storage, values) => void storage.set(values, 0) }),
      { ...quick, only: ["write-at-offsets", "round-trip"] },
    );
    expect(failedIds(report)).toEqual(["write-at-offsets"]);
  });

  it("a backend that reads disposed storage and skips range checks", async () => {
    const careless = hostWith({
      name: "careless",
      write: (storage, values, offset) => void storage.set(values, offset),
      read: async (storage) => storage.slice(),
      fill: (storage, value) => void storage.fill(value),
      dispose: () => {},
      allocate: (shape) => new Float32Array(shape.reduce((product, size) => product * size, 1)),
      sample: undefined,
    });
    const report = await runBackendConformance(careless, { ...quick, only: ["dispose", "reject-bad-writes", "reject-bad-shapes"] });
    expect(failedIds(report)).toEqual(["dispose", "reject-bad-writes", "reject-bad-shapes"]);
    expect(messageOf(report, "dispose")).toContain("read on a disposed storage did not throw");
    expect(messageOf(report, "reject-bad-writes")).toContain("RangeError");
  });

  it("a backend whose fill does not reach every element", async () => {
    const report = await runBackendConformance(
      hostWith({ name: "short-fill", fill: (storage, value) => void storage.fill(value, 0, Math.max(0, storage.length - 1)) }),
      { ...quick, only: ["fill"] },
    );
    expect(failedIds(report)).toEqual(["fill"]);
  });

  it("a backend that declares the wrong spec version", async () => {
    const report = await runBackendConformance(
      hostWith({ name: "future", specVersion: 2 as unknown as 1 }),
      { ...quick, only: ["identity"] },
    );
    expect(messageOf(report, "identity")).toContain("specVersion is 2, expected 1");
    const resolved = await runBackendConformance(hostWith({ name: "future", specVersion: 2 as unknown as 1 }), { ...quick, only: ["spec-version"] });
    expect(messageOf(resolved, "spec-version")).toContain("INITLIB_BACKEND_SPEC");
    expect(messageOf(resolved, "spec-version")).toContain("future implements Backend spec version 2, not 1");
  });

  it("a backend whose commit hook changes the staged values", async () => {
    const overwriting = hostWith({
      name: "overwriting-commit",
      beginRun: () => ({
        commit: (storages) => {
          for (const entry of storages) entry.staged.fill(0);
        },
        dispose: () => {},
      }),
    });
    const report = await runBackendConformance(overwriting, quick);
    expect(failedIds(report)).toEqual(["run-commit"]);
    expect(messageOf(report, "run-commit")).toContain("the committed stage: element 0 is 0");
  });

  it("a backend whose run keeps an allocation when it is rolled back", async () => {
    let live = 0;
    const leaking = hostWith((host) => ({
      name: "leaking-roll-back",
      allocate: (shape) => {
        live += 1;
        return host.allocate(shape);
      },
      dispose: (storage) => {
        live -= 1;
        host.dispose(storage);
      },
      beginRun: () => {
        // A scratch allocation freed only when the run commits.
        live += 1;
        let freed = false;
        const free = () => {
          if (!freed) live -= 1;
          freed = true;
        };
        return { commit: free, dispose: () => {} };
      },
    }));
    const report = await runBackendConformance(leaking, { ...quick, liveAllocations: () => live });
    expect(failedIds(report)).toEqual(["run-roll-back"]);
    expect(messageOf(report, "run-roll-back")).toContain("1 allocation(s) still live after a rolled-back run");
  });

  it("rejects unknown check ids instead of running nothing", async () => {
    await expect(runBackendConformance(hostWith({ name: "control" }), { only: ["round-trips"] })).rejects.toMatchObject({
      code: "INITLIB_BAD_ARGUMENT",
    });
  });

  it("reports skips with their reason", async () => {
    const report = await runBackendConformance(hostWith({ name: "plain", sample: undefined }), {
      only: ["sample-matches-reference", "fill"],
      skip: { fill: "checked elsewhere" },
    });
    expect(report.results.map((result) => [result.id, result.status, "reason" in result ? result.reason : ""])).toEqual([
      ["fill", "skipped", "checked elsewhere"],
      ["sample-matches-reference", "skipped", "the backend has no `sample` fast path; `writeRule` generates on the host for it"],
    ]);
  });
});
