import { createHostParam, type HostParam, type ModuleLike, type StateEntry } from "../src/index";

/**
 * A minimal module tree for tests: typeName, direct bases, host parameters, children in order.
 * The real tree lives in @initlib/core, which builds on this package, so the tests here use this.
 */
export class FakeModule implements ModuleLike {
  readonly typeName: string;
  readonly typeBases: readonly string[];
  readonly weight: HostParam | null;
  readonly bias: HostParam | null;
  readonly children: readonly (readonly [string, FakeModule])[];

  constructor(options: {
    typeName: string;
    typeBases?: readonly string[];
    weight?: HostParam | null;
    bias?: HostParam | null;
    children?: readonly (readonly [string, FakeModule])[];
  }) {
    this.typeName = options.typeName;
    this.typeBases = options.typeBases ?? ["Module"];
    this.weight = options.weight ?? null;
    this.bias = options.bias ?? null;
    this.children = options.children ?? [];
  }

  *modulesPostOrder(): Iterable<ModuleLike> {
    for (const [, child] of this.children) yield* child.modulesPostOrder();
    yield this;
  }

  *stateEntries(): Iterable<StateEntry> {
    if (this.weight) yield { name: "weight", tensor: this.weight, kind: "parameter" };
    if (this.bias) yield { name: "bias", tensor: this.bias, kind: "parameter" };
    for (const [name, child] of this.children) {
      for (const entry of child.stateEntries()) yield { ...entry, name: `${name}.${entry.name}` };
    }
  }
}

let counter = 0;
const nextPath = (prefix: string) => `${prefix}.${(counter += 1)}`;

/** torch `Linear(in, out)`: weight (out, in), bias (out). */
export function linear(inFeatures: number, outFeatures: number, options: { bias?: boolean; path?: string; seed?: number } = {}): FakeModule {
  const path = options.path ?? nextPath("linear");
  return new FakeModule({
    typeName: "Linear",
    weight: createHostParam([outFeatures, inFeatures], { path: `${path}.weight`, seed: options.seed }),
    bias: options.bias === false ? null : createHostParam([outFeatures], { path: `${path}.bias`, seed: options.seed }),
  });
}

/** torch `Conv2d(in, out, k, groups)`: weight (out, in/groups, k, k). */
export function conv2d(inChannels: number, outChannels: number, kernel: number, options: { groups?: number; bias?: boolean; path?: string } = {}): FakeModule {
  const groups = options.groups ?? 1;
  const path = options.path ?? nextPath("conv");
  return new FakeModule({
    typeName: "Conv2d",
    typeBases: ["_ConvNd"],
    weight: createHostParam([outChannels, inChannels / groups, kernel, kernel], { path: `${path}.weight`, groups }),
    bias: options.bias === false ? null : createHostParam([outChannels], { path: `${path}.bias` }),
  });
}

/** torch `BatchNorm2d(n)`: weight and bias (n). */
export function batchNorm2d(features: number): FakeModule {
  const path = nextPath("bn");
  return new FakeModule({
    typeName: "BatchNorm2d",
    typeBases: ["_BatchNorm"],
    weight: createHostParam([features], { path: `${path}.weight` }),
    bias: createHostParam([features], { path: `${path}.bias` }),
  });
}

/** A parameterless module such as ReLU. */
export function relu(): FakeModule {
  return new FakeModule({ typeName: "ReLU" });
}

/** A user BaseModule holding `children`. */
export function container(typeName: string, children: readonly (readonly [string, FakeModule])[]): FakeModule {
  return new FakeModule({ typeName, typeBases: ["BaseModule"], children });
}
