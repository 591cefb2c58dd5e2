// The root README's three ways of using initlib run here, verbatim, so the README cannot rot.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
const examples = ["pick-and-choose.ts", "custom-backend.ts", "third-party-initializer.ts"];

function standardDeviation(values: Float32Array): number {
  let sum = 0;
  for (const value of values) sum += value;
  const mean = sum / values.length;
  let squares = 0;
  for (const value of values) squares += (value - mean) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

describe("the README's examples", () => {
  it.each(examples)("README shows %s verbatim", (file) => {
    const source = readFileSync(new URL(`../../../examples/${file}`, import.meta.url), "utf8").trim();
    expect(readme).toContain(source);
  });

  it("pick and choose: kaimingInit on plain parameters follows torch's fans and gain", async () => {
    const example = await import("../../../examples/pick-and-choose");
    expect(example.fans).toEqual({ fanIn: 288, fanOut: 576 });
    expect(example.expectedStd).toBeCloseTo(Math.sqrt(2 / 288), 12);
    expect(standardDeviation(example.weights) / example.expectedStd).toBeGreaterThan(0.97);
    expect(standardDeviation(example.weights) / example.expectedStd).toBeLessThan(1.03);
    expect([...example.biases].every((value) => value === 0)).toBe(true);
  });

  it("custom backend: passes the conformance kit and initializes a model", async () => {
    const example = await import("../../../examples/custom-backend");
    expect(example.conformance.failed).toBe(0);
    expect(example.conformance.passed).toBeGreaterThan(10);
    expect(example.report.backend).toBe("counting");
    expect(example.writes).toBeGreaterThan(0);
    expect(standardDeviation(example.headWeights)).toBeGreaterThan(0.006);
    expect(standardDeviation(example.headWeights)).toBeLessThan(0.014);
    expect(example.report.parameters.find((parameter) => parameter.name === "head.weight")?.info).toBe(
      "NormalInit: mean=0, std=0.01, bias=0",
    );
  });

  it("third-party initializer: registered under a scoped name and used from initCfg", async () => {
    const example = await import("../../../examples/third-party-initializer");
    expect(example.report.parameters.find((parameter) => parameter.name === "fc.weight")?.info).toBe(
      "LeCunNormalInit: scale=1, bias=0",
    );
    const ratio = standardDeviation(example.weights) / Math.sqrt(1 / 512);
    expect(ratio).toBeGreaterThan(0.98);
    expect(ratio).toBeLessThan(1.02);
    const initializers = (example.schema as { $defs: { initializers: Record<string, { properties: Record<string, unknown> }> } }).$defs.initializers;
    expect(initializers["acme.LeCunNormal"]?.properties.scale).toMatchObject({ default: 1 });
  });
});
