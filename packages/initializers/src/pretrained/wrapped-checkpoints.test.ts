import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { PretrainedInit } from "./pretrained-init";

const latin1 = (text: string) => Uint8Array.from(text, (character) => character.charCodeAt(0));
const concat = (...parts: (Uint8Array | number[] | string)[]) => {
  const arrays = parts.map((part) => (typeof part === "string" ? latin1(part) : Uint8Array.from(part)));
  const out = new Uint8Array(arrays.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of arrays) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
};
const text = (value: string) => concat([0x58, value.length, 0, 0, 0], value);
const binint = (value: number) => [0x4a, value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, (value >>> 24) & 0xff];
/** A 2-element float tensor over storage "0", as torch.save pickles it. */
const tensor = concat(
  "ctorch._utils\n_rebuild_tensor_v2\n",
  [0x28, 0x28],
  text("storage"),
  "ctorch\nFloatStorage\n",
  text("0"),
  text("cpu"),
  binint(2),
  [0x74, 0x51],
  binint(0),
  [0x28],
  binint(2),
  [0x74, 0x28],
  binint(1),
  [0x74, 0x89],
  "ccollections\nOrderedDict\n",
  [0x29, 0x52, 0x74, 0x52],
);
/** `{ 'meta': {}, <container>: { 'fc.bias': tensor } }` saved by torch.save. */
const wrapped = (container: string) =>
  zipSync({
    "archive/data.pkl": [concat([0x80, 0x02, 0x7d, 0x28], text("meta"), [0x7d], text(container), [0x7d, 0x28], text("fc.bias"), tensor, [0x75, 0x75, 0x2e]), { level: 0 }],
    "archive/data/0": [new Uint8Array(Float32Array.of(3, 4).buffer), { level: 0 }],
  });

const directory = mkdtempSync(join(tmpdir(), "initlib-wrapped-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const file = (name: string, bytes: Uint8Array) => {
  writeFileSync(join(directory, name), bytes);
  return join(directory, name);
};
const module = {
  typeName: "Net",
  *stateEntries() {
    yield { name: "fc.bias", tensor: { shape: [2], layout: undefined } as never };
  },
};

describe("checkpoints wrapped in a dict, as MMEngine reads them", () => {
  it("unwraps a top-level state_dict", async () => {
    const plan = await new PretrainedInit({ checkpoint: file("state.pth", wrapped("state_dict")) }).plan(module as never);
    expect(plan.loadReport!.loaded).toEqual(["fc.bias"]);
  });

  it("loads nothing from {'meta', 'model'}: 'model' is one unexpected key, as in MMEngine", async () => {
    const plan = await new PretrainedInit({ checkpoint: file("model.pth", wrapped("model")) }).plan(module as never);
    expect(plan.loadReport!.loaded).toEqual([]);
    expect(plan.loadReport!.unexpected).toEqual(["model"]);
    expect(plan.loadReport!.missing).toEqual(["fc.bias"]);
  });

  it("with prefix 'model.', finds no key starting with it and raises, as MMEngine does", async () => {
    const error = await new PretrainedInit({ checkpoint: file("model2.pth", wrapped("model")), prefix: "model." }).plan(module as never).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "INITLIB_CHECKPOINT" });
    expect((error as Error).message).toMatch(/model\. is not in the pretrained model/);
  });
});
