import { expect, it } from "vitest";

it("loads no tfjs and changes no global state on import", async () => {
  const globalsBefore = Object.getOwnPropertyNames(globalThis).sort();
  const entry = await import("../src/index");
  expect(typeof entry.createWebGpuBackend).toBe("function");
  // tfjs-core creates its engine on globalThis when it loads; it must only load inside the factory.
  expect((globalThis as { _tfengine?: unknown })._tfengine).toBeUndefined();
  expect(Object.getOwnPropertyNames(globalThis).sort()).toEqual(globalsBefore);
});
