import { describe, expect, it } from "vitest";
import { detectTargetKind, invokeTarget } from "./target-kind";

describe("detectTargetKind", () => {
  it("constructs classes, including anonymous and derived ones", () => {
    class Plain {}
    class Derived extends Plain {}
    expect(detectTargetKind(Plain)).toBe("class");
    expect(detectTargetKind(Derived)).toBe("class");
    expect(detectTargetKind(class {})).toBe("class");
  });

  it("calls arrow functions, async functions and methods, which cannot be constructed", () => {
    const holder = { method(args: object) { return args; } };
    expect(detectTargetKind((args: object) => args)).toBe("factory");
    expect(detectTargetKind(async (args: object) => args)).toBe("factory");
    expect(detectTargetKind(holder.method)).toBe("factory");
  });

  it("constructs an ES5 constructor that has prototype methods, calls a plain function", () => {
    function Legacy(this: { x: number }, args: { x: number }) {
      this.x = args.x;
    }
    Legacy.prototype.double = function double(this: { x: number }) {
      return this.x * 2;
    };
    function makeThing(args: { x: number }) {
      return { made: args.x };
    }
    expect(detectTargetKind(Legacy as never)).toBe("class");
    expect(detectTargetKind(makeThing)).toBe("factory");
  });
});

describe("invokeTarget", () => {
  it("passes the arguments as one object, with new for classes and a call for factories", () => {
    class Box {
      constructor(readonly args: { x: number }) {}
    }
    const built = invokeTarget(Box, "class", { x: 1 });
    expect(built).toBeInstanceOf(Box);
    expect((built as Box).args).toEqual({ x: 1 });
    expect(invokeTarget((args: Record<string, unknown>) => ({ ...args, called: true }), "factory", { x: 2 })).toEqual({ x: 2, called: true });
  });
});
