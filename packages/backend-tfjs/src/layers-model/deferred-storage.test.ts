import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { createHostBackend, writeRule } from "@initlib/initializers";
import { beforeAll, describe, expect, it } from "vitest";
import { createTfjsBackend } from "../create-tfjs-backend";
import { variableOf } from "../tfjs-storage";
import { isDeferred } from "./deferred-storage";
import { createLayersModelBinder } from "./layers-model-backend";

tf.env().set("IS_TEST", true);

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const wrappedBackend = async () => createLayersModelBinder(await createTfjsBackend({ tf, backendName: "cpu" })).backend;

describe("storages of a wrapped model's backend", () => {
  it("create no variable until sample installs one holding the values", async () => {
    const backend = await wrappedBackend();
    const tensorsBefore = tf.memory().numTensors;
    const storage = await backend.allocate([3, 5]);
    expect(isDeferred(storage)).toBe(true);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    const rule = { kind: "normal", mean: 0, std: 2 } as const;
    const key = { seed: 4, path: "fc.weight" };
    await backend.sample!(storage, { rule, key });
    expect(isDeferred(storage)).toBe(false);
    expect(tf.memory().numTensors).toBe(tensorsBefore + 1);
    // The same bits as the host backend.
    const host = createHostBackend();
    const expected = host.allocate([3, 5]);
    await writeRule(host, expected, [3, 5], rule, key);
    expect(await backend.read(storage)).toEqual(await host.read(expected));
    expect(variableOf(storage).shape).toEqual([3, 5]);
    await backend.dispose(storage);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it("fill installs a variable of the constant", async () => {
    const backend = await wrappedBackend();
    const storage = await backend.allocate([2, 2]);
    await backend.fill(storage, 0.1);
    expect(isDeferred(storage)).toBe(false);
    expect(Array.from(await backend.read(storage))).toEqual([0.1, 0.1, 0.1, 0.1].map(Math.fround));
    await backend.dispose(storage);
  });

  it("behave as zeros when read or written at an offset first", async () => {
    const backend = await wrappedBackend();
    const read = await backend.allocate([4]);
    expect(Array.from(await backend.read(read))).toEqual([0, 0, 0, 0]);
    const written = await backend.allocate([4]);
    await backend.write(written, new Float32Array([7, 8]), 2);
    expect(Array.from(await backend.read(written))).toEqual([0, 0, 7, 8]);
    const viaVariable = await backend.allocate([2, 3]);
    expect(variableOf(viaVariable).shape).toEqual([2, 3]);
    for (const storage of [read, written, viaVariable]) await backend.dispose(storage);
  });

  it("leave nothing behind when disposed unused, and reject bad shapes at allocation", async () => {
    const backend = await wrappedBackend();
    const tensorsBefore = tf.memory().numTensors;
    const storage = await backend.allocate([1000, 1000]);
    await backend.dispose(storage);
    await backend.dispose(storage);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(() => backend.allocate([2, -1])).toThrow(expect.objectContaining({ code: "INITLIB_BAD_SHAPE" }));
  });
});
