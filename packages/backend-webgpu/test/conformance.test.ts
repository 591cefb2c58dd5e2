import { describeBackendConformance } from "@initlib/backend-testkit/vitest";
import { describe, it } from "vitest";
import { createWebGpuBackend } from "../src/index";
import { setUpNodeWebGpu } from "./webgpu-environment";

const environment = await setUpNodeWebGpu();

if (environment.available) {
  const { tf } = environment;
  describeBackendConformance(`webgpu (Dawn, ${environment.adapter})`, () => createWebGpuBackend({ tf }), {
    liveAllocations: () => tf.memory().numTensors,
    // The kit allows 1e-4 (in units of std·max(1, |z|)). The device's own float32 ln, sin/cos and
    // erfinv stay ten times closer; the rest is the float32 rounding of the value itself when
    // |mean| is large against std (mean 0.5, std 0.02: one ulp is 1.5e-6 in these units).
    normalTolerance: 1e-5,
  });
} else {
  describe("webgpu meets the initlib backend contract", () => {
    it.skip(`skipped: ${environment.reason}`, () => {});
  });
}
