import fc from "fast-check";
import { InitlibError } from "@initlib/registry";
import { describe, expect, it } from "vitest";
import { BaseModule } from "../base-module";
import { buildModuleFromSpec } from "../build-module-from-spec";
import { Linear } from "../layers/linear";
import type { ModuleSpec } from "../module-spec";

const linear = (args: Record<string, unknown> = { in_features: 2, out_features: 3 }): ModuleSpec => ({ class: "Linear", base: "nn.Linear", args });
const net = (children: ModuleSpec["children"], extra: Record<string, unknown> = {}) => ({ class: "Net", base: "BaseModule", children, ...extra }) as ModuleSpec;

/** The InitlibError a build throws (the test fails on anything else, a raw TypeError included). */
function buildError(spec: unknown): InitlibError {
  let caught: unknown;
  try {
    buildModuleFromSpec(spec as ModuleSpec);
  } catch (error) {
    caught = error;
  }
  expect(InitlibError.isInstance(caught), String(caught)).toBe(true);
  return caught as InitlibError;
}
const problems = (error: InitlibError) => (error.issues.length > 0 ? error.issues : [error]);

describe("prototype names as module bases and member names", () => {
  it.each(["valueOf", "constructor", "__proto__", "toString", "hasOwnProperty"])("refuses nn.%s as a base with a coded error, and later builds work", (name) => {
    const error = buildError(net([{ name: "x", module: { class: name, base: `nn.${name}`, params: [{ name: "Linear", shape: [1], fill: 0 }] } }]));
    expect(problems(error).map((issue) => issue.code)).toContain("INITLIB_UNKNOWN_MODULE_BASE");
    const model = buildModuleFromSpec(net([{ name: "fc", module: linear() }]));
    expect(model.getSubmodule("fc")).toBeInstanceOf(Linear);
  });

  it.each(["__proto__", "constructor", "initWeights", "toString", "initCfg", "children"])("refuses a child, parameter or buffer named %s", (name) => {
    for (const spec of [net([{ name, module: linear() }]), net([], { params: [{ name, shape: [1], fill: 0 }] }), net([], { buffers: [{ name, shape: [1], fill: 0 }] })]) {
      const error = buildError(JSON.parse(JSON.stringify(spec).replace('"children":[]', '"children":[]')));
      expect(problems(error).map((issue) => issue.code)).toContain("INITLIB_RESERVED_NAME");
    }
    expect(typeof new BaseModule().initWeights).toBe("function");
  });

  it("refuses an init_cfg key __proto__ instead of dropping it", () => {
    const spec = JSON.parse('{"class": "Net", "base": "BaseModule", "init_cfg": {"type": "Normal", "__proto__": {"std": 5}}}');
    expect(problems(buildError(spec)).map((issue) => issue.path)).toContain("init_cfg.__proto__");
  });
});

describe("strict model files", () => {
  it("names every unknown key with a did-you-mean, all in one error", () => {
    const error = buildError({ class: "Net", base: "BaseModule", init_cgf: {}, childs: [], children: [{ name: "fc", module: linear({ in_feature: 2, out_features: 3, biass: false }) }] });
    expect(error.code).toBe("INITLIB_INVALID_CONFIG");
    const byPath = Object.fromEntries(problems(error).map((issue) => [issue.path, issue]));
    expect(byPath["init_cgf"]!.hint).toBe("did you mean 'init_cfg'?");
    expect(byPath["childs"]!.hint).toBe("did you mean 'children'?");
    expect(byPath["children[0].module.args.in_feature"]!.hint).toBe("did you mean 'in_features'?");
    expect(byPath["children[0].module.args.biass"]!.hint).toBe("did you mean 'bias'?");
    expect(byPath["children[0].module.args.in_features"]!.summary).toMatch(/needs 'in_features'/);
    expect(error.message.split("\n").filter((line) => /^\d+\. /.test(line))).toHaveLength(5);
  });

  it("checks layer argument values, tensors and duplicate names before building", () => {
    const error = buildError(
      net(
        [
          { name: "fc", module: linear({ in_features: -1, out_features: "3" }) },
          { name: "fc", module: { class: "Conv2d", base: "nn.Conv2d", args: { in_channels: 1, out_channels: 2, kernel_size: [3, 0] } } },
        ],
        { params: [{ name: "scale", shape: [2, -1] }] },
      ),
    );
    const paths = problems(error).map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "children[0].module.args.in_features",
        "children[0].module.args.out_features",
        "children[1].name",
        "children[1].module.args.kernel_size",
        "params[0].shape",
        "params[0].fill",
      ]),
    );
    expect(problems(error).find((issue) => issue.path === "children[1].name")!.code).toBe("INITLIB_DUPLICATE_NAME");
  });

  it("reads Python values as MMEngine does: True/False as 1/0 where numbers go, None as not given", async () => {
    const model = buildModuleFromSpec({
      class: "Net",
      base: "BaseModule",
      init_cfg: [{ type: "Constant", val: true, bias: false, layer: "Linear", override: null, bias_prob: null }],
      children: [{ name: "fc", module: linear({ in_features: 2, out_features: true, bias: true }) }],
      params: [{ name: "gate", shape: [1], fill: true }],
    } as unknown as ModuleSpec) as BaseModule;
    expect((model.getSubmodule("fc") as Linear).weight.shape).toEqual([1, 2]);
    await model.initWeights();
    expect([...(await (model.getSubmodule("fc") as Linear).weight.read())]).toEqual([1, 1]);
  });

  it("refuses modules nested deeper than the cap without overflowing the stack", () => {
    let spec: ModuleSpec = linear();
    for (let depth = 0; depth < 100_000; depth += 1) spec = { class: "Wrap", base: "nn.Module", children: [{ name: "inner", module: spec }] };
    expect(problems(buildError(spec)).map((issue) => issue.code)).toContain("INITLIB_CONFIG_LIMIT");
  });

  it("answers malformed shapes with coded errors, never a raw TypeError", () => {
    for (const spec of [null, [], 5, "Net", { class: 1, base: [] }, { class: "Net", base: "BaseModule", children: {} }, { class: "Net", base: "BaseModule", children: [null] }, { class: "Net", base: "nn.Linear", args: [] }]) {
      buildError(spec);
    }
  });
});

describe("fuzzing the model-file builder", () => {
  const runs = Number(process.env.INITLIB_FUZZ_RUNS ?? 200);
  const jsonish = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: "small" }, fc.constant(null), fc.boolean(), fc.double(), fc.integer(), fc.string({ maxLength: 12 }), fc.array(tie("value"), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 12 }), tie("value"), { maxKeys: 4 })),
  })).value;
  const key = fc.constantFrom("class", "base", "args", "init_cfg", "children", "params", "buffers", "is_init", "intermediate", "name", "module", "__proto__", "constructor");
  const base = fc.constantFrom("BaseModule", "nn.Module", "nn.Linear", "nn.Conv2d", "Sequential", "nn.valueOf", "nn.__proto__");

  it("returns a module or throws a coded InitlibError, for any input", () => {
    const spec = fc.record({ class: fc.string({ maxLength: 8 }), base, extra: fc.dictionary(key, jsonish, { maxKeys: 4 }) }).map(({ extra, ...rest }) => ({ ...rest, ...extra }));
    fc.assert(
      fc.property(fc.oneof(spec, jsonish), (input) => {
        try {
          buildModuleFromSpec(input as ModuleSpec);
        } catch (error) {
          if (!InitlibError.isInstance(error)) throw error;
        }
      }),
      { seed: 20261204, numRuns: runs },
    );
  });
});
