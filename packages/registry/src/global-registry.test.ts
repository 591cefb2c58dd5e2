import { describe, expect, it } from "vitest";
import { getGlobalRegistry } from "./global-registry";
import { Registry } from "./registry";

describe("getGlobalRegistry", () => {
  it("creates once per key and returns the same instance afterwards, kept on globalThis", () => {
    let created = 0;
    const create = () => {
      created += 1;
      return new Registry("shared-test", { scope: "globaltest" });
    };
    const first = getGlobalRegistry("@initlib/registry:test-shared", create);
    const second = getGlobalRegistry("@initlib/registry:test-shared", create);
    expect(second).toBe(first);
    expect(created).toBe(1);
    const slot = (globalThis as Record<symbol, unknown>)[Symbol.for("@initlib/registry/global-registries")] as Map<string, unknown>;
    expect(slot.get("@initlib/registry:test-shared")).toBe(first);
    expect(getGlobalRegistry("@initlib/registry:test-other", create)).not.toBe(first);
  });
});
