import * as tf from "@tensorflow/tfjs-core";
import { describeBackendConformance } from "@initlib/backend-testkit/vitest";
import { createTfjsBackend, createTfjsCpuBackend, fromLayersModel } from "../src/index";

tf.env().set("IS_TEST", true); // silences tfjs-backend-cpu's "install tfjs-node" banner

const liveAllocations = () => tf.memory().numTensors;

// The default: tfjs-core and tfjs-backend-cpu imported lazily by the factory.
describeBackendConformance("createTfjsCpuBackend()", () => createTfjsCpuBackend(), { liveAllocations });

// The caller's namespace, on whatever backend is active (cpu, made active by the suite above).
describeBackendConformance("createTfjsBackend({ tf })", () => createTfjsBackend({ tf }), { liveAllocations });

// A wrapped tfjs-layers model's backend: deferred stages and the run hooks that commit into the model.
describeBackendConformance(
  "fromLayersModel(model).backend",
  async () => {
    const tfl = await import("@tensorflow/tfjs-layers");
    const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [3], units: 2 })] });
    return (await fromLayersModel(model, { tf })).backend;
  },
  { liveAllocations },
);
