import { describeBackendConformance } from "@initlib/backend-testkit/vitest";
import { describe } from "vitest";
import { createNodeGpuBackend, loadTfjsNodeGpu, probeNodeGpuBinding } from "../src/index";

// The real binding: runs where @tensorflow/tfjs-node-gpu loads, and says why it skips elsewhere.
const status = await probeNodeGpuBinding();
if (!status.available) {
  console.warn(`[backend-node-gpu] conformance suite skipped: ${status.error.message}`);
}

// The suite's name carries the reason it is skipped, which the test summary prints.
const suiteName = status.available ? "tfjs-node-gpu (real native binding)" : `tfjs-node-gpu (real native binding), skipped: ${status.error.message.split("\n")[0]}`;

describe.skipIf(!status.available)(suiteName, () => {
  describeBackendConformance("node-gpu", () => createNodeGpuBackend(), {
    liveAllocations: async () => (await loadTfjsNodeGpu()).memory().numTensors,
  });
});
