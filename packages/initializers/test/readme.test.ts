import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { container, conv2d } from "./fake-module";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

describe("README examples", () => {
  it.each(["pick-and-choose.ts", "initializers.ts", "third-party.ts"])("shows %s verbatim", (file) => {
    const source = readFileSync(new URL(`./readme/${file}`, import.meta.url), "utf8").trim();
    expect(readme).toContain(source);
  });

  it("pick and choose runs", async () => {
    const example = await import("./readme/pick-and-choose");
    expect(example.fans).toEqual({ fanIn: 288, fanOut: 576 });
    expect(example.biasValue).toBe(0);
    expect(example.firstValues.every((value) => value !== 0 && Math.abs(value) < 0.5)).toBe(true);
  });

  it("initializers run", async () => {
    const example = await import("./readme/initializers");
    expect(example.infos).toEqual([
      "KaimingInit: a=0, mode=fan_out, nonlinearity=relu, distribution =normal, bias=0",
      "ConstantInit: val=1, bias=0",
      "NormalInit: mean=0, std=0.01, bias=-4.59511985013459",
    ]);
    const layer = conv2d(3, 8, 3);
    const plan = await example.planOn(container("Net", [["conv", layer]]));
    expect(plan.writes.map((write) => write.tensor)).toEqual([layer.weight, layer.bias]);
  });

  it("the third-party example registers and builds", async () => {
    const example = await import("./readme/third-party");
    expect(example.built.info).toBe("ZeroMeanUniformInit: scale=0.5, bias=0");
  });
});
