import { describeBackendConformance } from "@initlib/backend-testkit/vitest";
import { describe } from "vitest";
import { createNodeGpuBackend, loadTfjsNodeGpu, probeNodeGpuBinding } from "../src/index";

// The real binding: runs where @tensorflow/tfjs-node-gpu loads, and says why it skips elsewhere.
const status = await probeNodeGpuBinding();
if (!status.available) {
  console.warn(`[backend-node-gpu] conformance suite skipped: ${status.error.message}`);
}

describe.skipIf(!status.available)("tfjs-node-gpu (real native binding)", () => {
  describeBackendConformance("node-gpu", () => createNodeGpuBackend(), {
    liveAllocations: async () => (await loadTfjsNodeGpu()).memory().numTensors,
  });
});
