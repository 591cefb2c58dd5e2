import { InitlibError } from "@initlib/registry";
import { describe, expect, it } from "vitest";
import { BaseModule, Linear, materialize, type ModuleInitCfg, silentLogger } from "../src/index";
import { createCountingBackend } from "./helpers";

class Net extends BaseModule {
  static override readonly typeName: string = "Net";
  fc = new Linear({ inFeatures: 4, outFeatures: 3 });
}

const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(InitlibError.isInstance(error), String(error)).toBe(true);
  return error as InitlibError;
};

describe("initWeights on hostile or conflicting input", () => {
  it("refuses arguments whose values overflow float32 before writing anything, naming the argument", async () => {
    const configs: [ModuleInitCfg, string][] = [
      [{ type: "Normal", std: 1e308, layer: "Linear" }, "std"],
      [{ type: "Constant", val: 1e39, layer: "Linear" }, "val"],
    ];
    for (const [initCfg, argument] of configs) {
      const net = new Net(initCfg);
      const error = await failure(net.initWeights({ logger: silentLogger }));
      expect(error.code).toBe("INITLIB_BAD_ARGUMENT");
      expect(error.path).toMatch(new RegExp(`\\.${argument}$`));
      expect(net.fc.weight.isMaterialized).toBe(false); // nothing was allocated or written
      expect(net.isInit).toBe(false);
    }
  });

  it("refuses a module's own write of a value that overflows float32, naming the parameter", async () => {
    class Writer extends Net {
      static override readonly typeName = "Writer";
      override async initWeights(options?: Parameters<BaseModule["initWeights"]>[0]) {
        const report = await super.initWeights(options);
        await this.fc.weight.fill(1e39);
        return report;
      }
    }
    const top = new (class Top extends BaseModule {
      static override readonly typeName = "Top";
      inner = new Writer();
    })();
    const error = await failure(top.initWeights({ logger: silentLogger }));
    expect(["INITLIB_NON_FINITE", "INITLIB_USER_INIT_FAILED"]).toContain(error.code);
    const root = error.code === "INITLIB_NON_FINITE" ? error : (error.cause as InitlibError);
    expect(root.code).toBe("INITLIB_NON_FINITE");
    expect(root.path).toBe("inner.fc.weight");
    expect(top.inner.fc.weight.isMaterialized).toBe(false);
  });

  it("refuses a second concurrent initWeights on one model, and the first call completes", async () => {
    const net = new Net({ type: "Constant", val: 2, layer: "Linear" });
    const first = net.initWeights({ logger: silentLogger });
    const second = await failure(net.initWeights({ logger: silentLogger }));
    expect(second.code).toBe("INITLIB_CONCURRENT_INIT");
    await first;
    expect([...(await net.fc.weight.read())]).toEqual(new Array(12).fill(2));
  });
});

describe("checkpoint files opened by Pretrained", () => {
  it("are closed at the end of every call, also when a later Pretrained supersedes the loads", async () => {
    const { mkdtempSync, readdirSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { writeSafetensors } = await import("@initlib/checkpoint");
    const directory = mkdtempSync(join(tmpdir(), "initlib-fds-"));
    try {
      for (const name of ["a", "b"]) {
        await writeSafetensors(join(directory, `${name}.safetensors`), {
          "fc.weight": { data: new Float32Array(12).fill(name === "a" ? 1 : 2), shape: [3, 4] },
          "fc.bias": { data: new Float32Array(3), shape: [3] },
        });
      }
      const openFiles = () => readdirSync("/proc/self/fd").length;
      const run = async () => {
        const net = new Net([
          { type: "Pretrained", checkpoint: join(directory, "a.safetensors") },
          { type: "Pretrained", checkpoint: join(directory, "b.safetensors") },
        ]);
        await net.initWeights({ logger: silentLogger });
        return net;
      };
      await run();
      const before = openFiles();
      let last: Net | undefined;
      for (let index = 0; index < 40; index += 1) last = await run();
      expect(openFiles()).toBeLessThanOrEqual(before);
      expect([...(await last!.fc.weight.read())]).toEqual(new Array(12).fill(2));
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe("sizes beyond what a tensor can hold", () => {
  it("are refused up front beyond the caller's maxTensorElements, every one named, before anything is allocated", async () => {
    const backend = createCountingBackend();
    const top = new (class Top extends BaseModule {
      static override readonly typeName: string = "Top";
      small = new Linear({ inFeatures: 4, outFeatures: 4 });
      wide = new Linear({ inFeatures: 64, outFeatures: 32 });
      tall = new Linear({ inFeatures: 40, outFeatures: 64 });
    })({ type: "Constant", val: 1, layer: "Linear" });
    const error = await failure(top.initWeights({ backend, logger: silentLogger, maxTensorElements: 1024 }));
    expect(error.code).toBe("INITLIB_INVALID_CONFIG");
    expect(error.issues.map((issue) => [issue.code, issue.path])).toEqual([
      ["INITLIB_BAD_SHAPE", "wide.weight"],
      ["INITLIB_BAD_SHAPE", "tall.weight"],
    ]);
    expect(backend.counts.allocate).toBe(0);
    expect(top.isInit).toBe(false);
    const fits = await top.initWeights({ backend, logger: silentLogger, maxTensorElements: 2560 });
    expect(fits.parameters).toHaveLength(6);
    await expect(materialize(new Linear({ inFeatures: 8, outFeatures: 8 }), backend, { maxTensorElements: 63 })).rejects.toMatchObject({ code: "INITLIB_BAD_SHAPE", path: "weight" });
    for (const bad of [-1, 1.5, 2 ** 31]) {
      await expect(new Net().initWeights({ logger: silentLogger, maxTensorElements: bad })).rejects.toMatchObject({ code: "INITLIB_BAD_ARGUMENT", path: "initWeights.maxTensorElements" });
    }
  });


  it("are refused when the layer is built, before anything is allocated", () => {
    let caught: unknown;
    try {
      new Linear({ inFeatures: 2 ** 16, outFeatures: 2 ** 15 + 1 });
    } catch (error) {
      caught = error;
    }
    expect(InitlibError.isInstance(caught)).toBe(true);
    expect(caught).toMatchObject({ code: "INITLIB_BAD_SHAPE" });
  });
});

describe("names printed by explain", () => {
  it("cannot forge lines or terminal escapes", async () => {
    const { explain, Module } = await import("../src/index");
    class Evil extends BaseModule {
      static override readonly typeName = "Evil";
    }
    const model = new Evil({ type: "Constant", val: 1, layer: "Linear" });
    const inner = new Module();
    (inner as unknown as Record<string, unknown>)["fc\nwarning: all good\u001b[2J"] = new Linear({ inFeatures: 1, outFeatures: 1 });
    (model as unknown as Record<string, unknown>).block = inner;
    const plan = await explain(model, { print: false });
    expect(plan.text).not.toContain("\u001b");
    expect(plan.text.split("\n").filter((line) => line.startsWith("warning: all good"))).toEqual([]);
    expect(plan.text).toContain("fc\\nwarning: all good\\x1b[2J");
  });
});

describe("the backend is checked before any work", () => {
  it("a backend of another spec version fails initWeights before anything is allocated", async () => {
    const { createHostBackend } = await import("@initlib/initializers");
    const host = createHostBackend();
    let allocations = 0;
    const backend = { ...host, name: "future", specVersion: 2, allocate: (shape: readonly number[]) => (allocations++, host.allocate(shape)) };
    const net = new Net({ type: "Constant", val: 1, layer: "Linear" });
    const error = await failure(net.initWeights({ backend: backend as never, logger: silentLogger }));
    expect(error.code).toBe("INITLIB_BACKEND_SPEC");
    expect(allocations).toBe(0);
  });
});

describe("the validate step", () => {
  it("reports every problem of every module's init_cfg in one error, before anything is written", async () => {
    class Child extends BaseModule {
      static override readonly typeName: string = "Child";
      fc = new Linear({ inFeatures: 2, outFeatures: 2 });
    }
    const child = new Child({ type: "Kaimng", layer: "Linear" } as never);
    const top = new (class Top extends BaseModule {
      static override readonly typeName: string = "Top";
      inner = child;
      head = new Linear({ inFeatures: 2, outFeatures: 1 });
    })({ type: "Normal", std: -1, layer: "Linear" });
    const error = await failure(top.initWeights({ logger: silentLogger }));
    expect(error.code).toBe("INITLIB_INVALID_CONFIG");
    expect(error.issues.map((issue) => issue.code).sort()).toEqual(["INITLIB_BAD_ARGUMENT", "INITLIB_UNKNOWN_TYPE"]);
    expect(top.head.weight.isMaterialized).toBe(false);
  });

  it("reports every entry and every override of one init_cfg, each with its path", async () => {
    const net = new Net([
      { type: "Kaimng", layer: "Linear" },
      { type: "Constant", val: 1, override: [{ name: "nope", type: "Constant", val: 2 }, { name: "fc", type: "Normal", std: -1 }] },
      { val: 3, layer: "Linear" },
      { type: "Constant", val: 1, layer: "Linear" },
    ] as never);
    const error = await failure(net.initWeights({ logger: silentLogger }));
    expect(error.code).toBe("INITLIB_INVALID_CONFIG");
    expect(error.issues.map((issue) => [issue.code, issue.path])).toEqual([
      ["INITLIB_UNKNOWN_TYPE", "Net.initCfg[0].type"],
      ["INITLIB_MISSING_MODULE", "Net.initCfg[1].override[0].name"],
      ["INITLIB_BAD_ARGUMENT", "Net.initCfg[1].override[1].std"],
      ["INITLIB_MISSING_TYPE", "Net.initCfg[2].type"],
    ]);
    for (const issue of error.issues) expect(error.message).toContain(issue.summary);
    expect(net.fc.weight.isMaterialized).toBe(false);
  });
});
