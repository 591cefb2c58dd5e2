import { describe, expectTypeOf, it } from "vitest";
import { createRegistry, Registry, type ConfigOfRegistry, type RegistryConfig } from "@initlib/registry";
import { TOY_INITIALIZERS, ToyConstant, type ToyMap } from "./fixtures/toy-map";

// A third party adds an entry by module augmentation, as `declare module "@initlib/initializers"`
// would add one to InitializerMap.
declare module "./fixtures/toy-map" {
  interface ToyMap {
    "acme.Orthogonal": { gain?: number; rows: number };
  }
}

describe("RegistryConfig", () => {
  it("offers every entry name, augmented ones included, as the type completions", () => {
    expectTypeOf<RegistryConfig<ToyMap>["type"]>().toEqualTypeOf<"Constant" | "Kaiming" | "Pretrained" | "acme.Orthogonal">();
  });

  it("narrows on type to the entry's own arguments", () => {
    type Kaiming = Extract<RegistryConfig<ToyMap>, { type: "Kaiming" }>;
    expectTypeOf<Kaiming["mode"]>().toEqualTypeOf<"fan_in" | "fan_out" | undefined>();
    const accepted: RegistryConfig<ToyMap>[] = [
      { type: "Constant", val: 1 },
      { type: "Kaiming", mode: "fan_in", nonlinearity: "relu" },
      { type: "Pretrained", checkpoint: "x.pth", prefix: null },
      { type: "acme.Orthogonal", rows: 2, gain: 1.5 },
      { type: "Constant", _scope_: "mmengine" },
    ];
    expectTypeOf(accepted).toBeArray();
  });

  it("rejects a misspelt key, a wrong enum value, a missing required option and another entry's option", () => {
    // @ts-expect-error `vall` is not an option of Constant
    const misspelt: RegistryConfig<ToyMap> = { type: "Constant", vall: 1 };
    // @ts-expect-error "fan" is not a Kaiming mode
    const wrongEnum: RegistryConfig<ToyMap> = { type: "Kaiming", mode: "fan" };
    // @ts-expect-error Pretrained needs a checkpoint
    const missing: RegistryConfig<ToyMap> = { type: "Pretrained" };
    // @ts-expect-error mode belongs to Kaiming, not Constant
    const foreign: RegistryConfig<ToyMap> = { type: "Constant", mode: "fan_in" };
    // @ts-expect-error the augmented entry requires rows
    const augmentedMissing: RegistryConfig<ToyMap> = { type: "acme.Orthogonal", gain: 2 };
    // @ts-expect-error no entry is named Kaimng
    const unknownName: RegistryConfig<ToyMap> = { type: "Kaimng" };
    expectTypeOf([misspelt, wrongEnum, missing, foreign, augmentedMissing, unknownName]).toBeArray();
  });
});

describe("Registry.build", () => {
  it("type-checks the config against the registry's entry map", () => {
    expectTypeOf(TOY_INITIALIZERS.build({ type: "Kaiming", mode: "fan_out" })).toEqualTypeOf<{ readonly info: string }>();
    // @ts-expect-error "fan" is not a Kaiming mode
    TOY_INITIALIZERS.build({ type: "Kaiming", mode: "fan" });
    // @ts-expect-error `vall` is not an option of Constant
    TOY_INITIALIZERS.build({ type: "Constant", vall: 1 });
  });

  it("accepts a config without type only when the defaults name one", () => {
    TOY_INITIALIZERS.build({ val: 1 }, { type: "Constant" });
    // @ts-expect-error neither the config nor the defaults give a type
    TOY_INITIALIZERS.build({ val: 1 });
    // @ts-expect-error the defaults' type must be a registered name
    TOY_INITIALIZERS.build({ val: 1 }, { type: "Constnat" });
  });

  it("accepts a class given directly as type", () => {
    TOY_INITIALIZERS.build({ type: ToyConstant, val: 2 });
  });

  it("keeps an untyped registry open to any name and arguments", () => {
    const registry = new Registry<(args: Record<string, unknown>) => number>("untyped");
    expectTypeOf(registry.build({ type: "Anything", whatever: [1, 2] })).toEqualTypeOf<number>();
    expectTypeOf(registry.get("Anything")).toEqualTypeOf<((args: Record<string, unknown>) => number) | undefined>();
  });
});

describe("createRegistry", () => {
  class LeakyReLU {
    constructor(readonly options: { negativeSlope: number; inplace?: boolean }) {}
  }
  class ReLU {}
  const gelu = (options: { approximate?: "none" | "tanh" } = {}) => ({ kind: "gelu" as const, ...options });
  const ACTIVATIONS = createRegistry("activation", { LeakyReLU, ReLU, GELU: gelu });

  it("infers the entry map from the targets' argument objects", () => {
    expectTypeOf<ConfigOfRegistry<typeof ACTIVATIONS>["type"]>().toEqualTypeOf<"LeakyReLU" | "ReLU" | "GELU">();
    ACTIVATIONS.build({ type: "LeakyReLU", negativeSlope: 0.1 });
    ACTIVATIONS.build({ type: "ReLU" });
    ACTIVATIONS.build({ type: "GELU", approximate: "tanh" });
    // @ts-expect-error negativeSlope is required by LeakyReLU's constructor
    ACTIVATIONS.build({ type: "LeakyReLU" });
    // @ts-expect-error ReLU takes no options
    ACTIVATIONS.build({ type: "ReLU", inplace: true });
    // @ts-expect-error "erf" is not a GELU approximation
    ACTIVATIONS.build({ type: "GELU", approximate: "erf" });
  });

  it("returns the union of what the targets build", () => {
    expectTypeOf(ACTIVATIONS.build({ type: "ReLU" })).toEqualTypeOf<LeakyReLU | ReLU | { kind: "gelu"; approximate?: "none" | "tanh" }>();
  });
});
