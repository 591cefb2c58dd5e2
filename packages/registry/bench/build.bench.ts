/**
 * What the registry costs on top of what it replaces: building through `Registry.build` against
 * calling `new` directly, validating with `validateArgs` against a hand-written check, resolving a
 * layered config against `structuredClone` of the same data. Each figure is the median of 7 timed
 * rounds after a warm-up; ratios are against the peer measured in the same run.
 */
import { defineArgumentSchema, Registry, resolveConfig, validateArgs } from "../src/index";

class Kaiming {
  readonly a: number;
  readonly mode: string;
  constructor(args: { a?: number; mode?: string; layer?: string[] }) {
    this.a = args.a ?? 0;
    this.mode = args.mode ?? "fan_out";
  }
}

const root = new Registry<typeof Kaiming>("weight initializer", { scope: "mmengine" });
root.register("Kaiming", Kaiming);
const child = new Registry<typeof Kaiming>("child", { scope: "acme", parent: root });

const SCHEMA = defineArgumentSchema({
  a: { kind: "number", default: 0 },
  mode: { kind: "enum", values: ["fan_in", "fan_out"], default: "fan_out" },
  nonlinearity: { kind: "enum", values: ["relu", "leaky_relu", "tanh"], default: "relu" },
  layer: { kind: "oneOf", options: [{ kind: "string" }, { kind: "array", items: { kind: "string" } }] },
});

function handValidate(args: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { a: 0, mode: "fan_out", nonlinearity: "relu" };
  for (const [key, value] of Object.entries(args)) {
    if (!["a", "mode", "nonlinearity", "layer"].includes(key)) throw new Error(`unknown ${key}`);
    out[key] = value;
  }
  if (typeof out.a !== "number" || !Number.isFinite(out.a)) throw new Error("a");
  if (out.mode !== "fan_in" && out.mode !== "fan_out") throw new Error("mode");
  return out;
}

const layered = {
  _base_: [{ model: { type: "RetinaNet", init_cfg: [{ type: "Kaiming", layer: ["Conv2d"] }, { type: "Constant", val: 1, layer: "BatchNorm2d" }] } }],
  model: { head: { num_classes: 3 }, init_cfg: [{ type: "Normal", std: 0.01, bias_prob: 0.01 }] },
};

let sink = 0;

function measure(operation: () => unknown, iterations: number): number {
  for (let index = 0; index < iterations; index += 1) operation();
  const rounds: number[] = [];
  for (let round = 0; round < 7; round += 1) {
    const start = process.hrtime.bigint();
    for (let index = 0; index < iterations; index += 1) {
      if (operation() !== undefined) sink += 1;
    }
    rounds.push(Number(process.hrtime.bigint() - start) / iterations);
  }
  rounds.sort((left, right) => left - right);
  return rounds[3]!;
}

const rows: { name: string; peer: string; nanoseconds: number; peerNanoseconds: number }[] = [];
function compare(name: string, operation: () => unknown, peer: string, peerOperation: () => unknown, iterations: number): void {
  const peerNanoseconds = measure(peerOperation, iterations);
  const nanoseconds = measure(operation, iterations);
  rows.push({ name, peer, nanoseconds, peerNanoseconds });
}

compare("Registry.build('Kaiming')", () => root.build({ type: "Kaiming", mode: "fan_in" }), "new Kaiming(args)", () => new Kaiming({ mode: "fan_in" }), 200_000);
compare("child.build('mmengine.Kaiming')", () => child.build({ type: "mmengine.Kaiming", a: 1 }), "new Kaiming(args)", () => new Kaiming({ a: 1 }), 200_000);
compare("validateArgs(Kaiming schema)", () => validateArgs({ mode: "fan_in", layer: ["Conv2d"] }, SCHEMA), "hand-written check", () => handValidate({ mode: "fan_in", layer: ["Conv2d"] }), 200_000);
compare("resolveConfig(1 base, 2 layers)", () => resolveConfig(layered), "structuredClone(config)", () => structuredClone(layered), 50_000);

const format = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(2)} µs` : `${value.toFixed(0)} ns`);
console.log("| operation | per call | peer | peer per call | ratio |");
console.log("| --- | ---: | --- | ---: | ---: |");
for (const row of rows) {
  console.log(`| ${row.name} | ${format(row.nanoseconds)} | ${row.peer} | ${format(row.peerNanoseconds)} | ${(row.nanoseconds / row.peerNanoseconds).toFixed(1)}× |`);
}
if (sink < 0) console.log(sink);
