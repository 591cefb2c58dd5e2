import { describeBackendConformance } from "@initlib/backend-testkit/vitest";
import { describe, it } from "vitest";
import { createWebGpuBackend } from "../src/index";
import { setUpNodeWebGpu } from "./webgpu-environment";

const environment = await setUpNodeWebGpu();

if (environment.available) {
  const { tf } = environment;
  describeBackendConformance(`webgpu (Dawn, ${environment.adapter})`, () => createWebGpuBackend({ tf }), {
    liveAllocations: () => tf.memory().numTensors,
  });
} else {
  describe("webgpu meets the initlib backend contract", () => {
    it.skip(`skipped: ${environment.reason}`, () => {});
  });
}
