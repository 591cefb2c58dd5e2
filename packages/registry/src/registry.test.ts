import { describe, expect, it } from "vitest";
import { InitlibError } from "./initlib-error";
import { Registry } from "./registry";
import { thrown } from "../test/thrown";

class Constant {
  constructor(readonly args: { val?: number; bias?: number }) {}
}
class Kaiming {
  constructor(readonly args: Record<string, unknown>) {}
}

function initializers(): Registry<new (args: never) => unknown> {
  const registry = new Registry<new (args: never) => unknown>("weight initializer", { scope: "mmengine" });
  registry.register("Constant", Constant);
  registry.register("Kaiming", Kaiming);
  return registry;
}

describe("Registry construction", () => {
  it("defaults the scope to initlib and names itself <scope>::<name>", () => {
    const registry = new Registry("layer");
    expect(registry.scope).toBe("initlib");
    expect(registry.qualifiedName).toBe("initlib::layer");
    expect(String(registry)).toBe("initlib::layer");
    expect(registry.parent).toBeUndefined();
    expect(registry.root).toBe(registry);
  });

  it("rejects a scope with a dot, an empty name and a parent that is no registry", () => {
    expect(thrown(() => new Registry("x", { scope: "a.b" })).path).toBe("new Registry(options.scope)");
    expect(thrown(() => new Registry("")).code).toBe("INITLIB_BAD_ARGUMENT");
    expect(thrown(() => new Registry("x", { parent: {} as never })).path).toBe("new Registry(options.parent)");
  });

  it("finds the root through several levels", () => {
    const root = new Registry("root", { scope: "root" });
    const middle = new Registry("middle", { scope: "middle", parent: root });
    const leaf = new Registry("leaf", { scope: "leaf", parent: middle });
    expect(leaf.root).toBe(root);
    expect([...middle.children.keys()]).toEqual(["leaf"]);
  });
});

describe("Registry.register", () => {
  it("registers aliases atomically: a taken alias leaves every name unregistered", () => {
    const registry = new Registry("toy");
    class First {}
    class Second {}
    registry.register("B", First);
    const error = thrown(() => registry.register(["A", "B"], Second));
    expect(error.code).toBe("INITLIB_DUPLICATE_NAME");
    expect(error.received).toBe("B");
    expect(registry.has("A")).toBe(false);
    expect(registry.get("B")).toBe(First);
  });

  it("lists names in registration order and iterates [name, target] pairs", () => {
    const registry = new Registry("toy");
    class Thing {}
    registry.register(["Thing", "Alias", "Thing"], Thing);
    expect(registry.names()).toEqual(["Thing", "Alias"]);
    expect([...registry]).toEqual([
      ["Thing", Thing],
      ["Alias", Thing],
    ]);
    expect(registry.size).toBe(2);
  });

  it("rejects empty names, empty alias lists, a non-object options and an unknown kind", () => {
    const registry = new Registry("toy");
    class Thing {}
    expect(thrown(() => registry.register("", Thing)).path).toBe("register(name)");
    expect(thrown(() => registry.register([], Thing)).path).toBe("register(name)");
    expect(thrown(() => registry.register(["ok", 3] as never, Thing)).path).toBe("register(name)");
    expect(thrown(() => registry.register("Thing", Thing, true as never)).path).toBe("register(options)");
    expect(thrown(() => registry.register("Thing", Thing, { kind: "method" as never })).path).toBe("register(options.kind)");
    expect(registry.size).toBe(0);
  });
});

describe("Registry.get", () => {
  it("resolves the registry's own scope but does not walk parents for a scoped key", () => {
    const root = new Registry("root", { scope: "root" });
    class RootThing {}
    root.register("RootThing", RootThing);
    const child = new Registry("child", { scope: "child", parent: root });
    expect(child.get("RootThing")).toBe(RootThing);
    expect(child.get("child.RootThing")).toBeUndefined();
    expect(child.get("root.RootThing")).toBe(RootThing);
  });

  it("finds a dotted name registered verbatim, also from a child through the root", () => {
    const root = new Registry("weight initializer", { scope: "mmengine" });
    class Orthogonal {}
    root.register("acme.Orthogonal", Orthogonal);
    const child = new Registry("child", { scope: "child", parent: root });
    expect(root.get("acme.Orthogonal")).toBe(Orthogonal);
    expect(child.get("acme.Orthogonal")).toBe(Orthogonal);
    expect(root.has("acme.Other")).toBe(false);
  });

  it("resolves nested scopes through a chain of children", () => {
    const root = new Registry("root", { scope: "root" });
    const middle = new Registry("middle", { scope: "middle", parent: root });
    const leaf = new Registry("leaf", { scope: "leaf", parent: middle });
    class Deep {}
    leaf.register("Deep", Deep);
    expect(root.get("middle.leaf.Deep")).toBe(Deep);
    expect(root.get("leaf.Deep")).toBeUndefined();
    expect(leaf.get("middle.leaf.Deep")).toBe(Deep);
  });

  it("answers undefined for a scope nobody knows, without recursing", () => {
    const root = new Registry("root", { scope: "root" });
    const child = new Registry("child", { scope: "child", parent: root });
    expect(child.get("nowhere.Thing")).toBeUndefined();
    expect(root.get("nowhere.Thing")).toBeUndefined();
  });

  it("rejects a key that is not a string", () => {
    expect(thrown(() => new Registry("toy").get(3 as never)).code).toBe("INITLIB_BAD_ARGUMENT");
  });
});

describe("Registry.build", () => {
  it("passes the remaining keys as one object and drops type and _scope_", () => {
    const built = initializers().build({ type: "Constant", val: 2, _scope_: "mmdet" }) as Constant;
    expect(built).toBeInstanceOf(Constant);
    expect(built.args).toEqual({ val: 2 });
  });

  it("takes type from the defaults and lets the config win over them", () => {
    const built = initializers().build({ val: 2 }, { type: "Constant", val: 5, bias: 1 }) as Constant;
    expect(built.args).toEqual({ val: 2, bias: 1 });
  });

  it("treats undefined values as absent, in the config and in the defaults", () => {
    const built = initializers().build({ type: "Constant", val: undefined }, { val: 5, bias: undefined }) as Constant;
    expect(built.args).toEqual({ val: 5 });
    expect(Object.keys(built.args)).toEqual(["val"]);
  });

  it("does not mutate the config or the defaults", () => {
    const cfg = { type: "Constant", val: 2 };
    const defaults = { bias: 3 };
    initializers().build(cfg, defaults);
    expect(cfg).toEqual({ type: "Constant", val: 2 });
    expect(defaults).toEqual({ bias: 3 });
  });

  it("keeps a __proto__ key from parsed JSON as data", () => {
    const cfg = JSON.parse('{"type": "Kaiming", "__proto__": {"polluted": true}}') as { type: "Kaiming" };
    const built = initializers().build(cfg) as Kaiming;
    expect(Object.getPrototypeOf(built.args)).toBe(Object.prototype);
    expect(Object.hasOwn(built.args, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("builds a class or a factory given directly as type", () => {
    const factory = (args: { n: number }) => ({ doubled: args.n * 2 });
    expect(initializers().build({ type: factory, n: 4 })).toEqual({ doubled: 8 });
    expect(initializers().build({ type: Kaiming, mode: "fan_in" })).toBeInstanceOf(Kaiming);
  });

  it("calls a factory registered with kind 'factory' and constructs one registered with kind 'class'", () => {
    const registry = new Registry("toy");
    function Legacy(this: { n: number }, args: { n: number }) {
      this.n = args.n;
    }
    registry.register("Legacy", Legacy as never, { kind: "class" });
    const built = registry.build({ type: "Legacy", n: 3 }) as { n: number };
    expect(built).toBeInstanceOf(Legacy);
    expect(built.n).toBe(3);
  });

  it("suggests the closest registered names for an unknown type, with the config path", () => {
    const error = thrown(() => initializers().build({ type: "Kaimng" }, undefined, { path: "initCfg[1]" }));
    expect(error.code).toBe("INITLIB_UNKNOWN_TYPE");
    expect(error.path).toBe("initCfg[1].type");
    expect(error.message).toContain("did you mean 'Kaiming'?");
    expect(error.expected).toBe("one of 'Constant', 'Kaiming'");
    expect(error.message).toContain("register('Kaimng', YourClass)");
  });

  it("suggests scoped spellings for a misspelt scoped key", () => {
    const error = thrown(() => initializers().build({ type: "mmengine.Constnat" }));
    expect(error.message).toContain("did you mean 'mmengine.Constant'?");
  });

  it("names the config path and the defaults when type is missing", () => {
    const error = thrown(() => initializers().build({ val: 1 } as never, { bias: 0 }, { path: "initCfg[0]" }));
    expect(error.code).toBe("INITLIB_MISSING_TYPE");
    expect(error.path).toBe("initCfg[0]");
    expect(error.received).toEqual({ cfg: { val: 1 }, defaults: { bias: 0 } });
    expect(error.hint).toContain("type: 'Constant'");
  });

  it("rejects a null type and non-object defaults", () => {
    expect(thrown(() => initializers().build({ type: null } as never)).code).toBe("INITLIB_BAD_CONFIG");
    expect(thrown(() => initializers().build({ type: "Constant" }, [] as never)).path).toBe("build(defaults)");
    expect(thrown(() => initializers().build([{ type: "Constant" }] as never)).code).toBe("INITLIB_BAD_CONFIG");
  });

  it("wraps a target's own error as INITLIB_BUILD_FAILED with the path and the cause", () => {
    const registry = new Registry("toy");
    const failure = new RangeError("std must be positive");
    registry.register("Broken", () => {
      throw failure;
    });
    const error = thrown(() => registry.build({ type: "Broken", std: -1 }, undefined, { path: "initCfg[2]" }));
    expect(error.code).toBe("INITLIB_BUILD_FAILED");
    expect(error.path).toBe("initCfg[2]");
    expect(error.message).toContain("building 'Broken' failed: std must be positive");
    expect(error.cause).toBe(failure);
  });

  it("re-throws an InitlibError of the target with its code, under the config path", () => {
    const registry = new Registry("toy");
    const inner = new InitlibError("INITLIB_BAD_ARGUMENT", "mode must be 'fan_in' or 'fan_out'", {
      path: "mode",
      received: "fan",
      expected: "'fan_in' or 'fan_out'",
    });
    registry.register("Checked", () => {
      throw inner;
    });
    const error = thrown(() => registry.build({ type: "Checked", mode: "fan" }, undefined, { path: "initCfg[0].override" }));
    expect(error.code).toBe("INITLIB_BAD_ARGUMENT");
    expect(error.path).toBe("initCfg[0].override.mode");
    expect(error.received).toBe("fan");
    expect(error.message.startsWith("initCfg[0].override.mode: mode must be 'fan_in' or 'fan_out'")).toBe(true);
    expect(thrown(() => registry.build({ type: "Checked" }))).toBe(inner);
  });
});
