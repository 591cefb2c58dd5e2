import { type SampleRequest } from "@initlib/initializers";
import { prepareRule, randomKeyWords, type PreparedRule } from "@initlib/initializers/internal";
import { InitlibError } from "@initlib/registry";
import type { WebGPUProgram } from "@tensorflow/tfjs-backend-webgpu";
import { PHILOX_WGSL } from "./philox-wgsl";

/** Threads per workgroup. */
const WORKGROUP_SIZE = 64;
/**
 * Philox blocks (4 elements each) one thread produces. One block per thread left SwiftShader
 * spending more time on scheduling invocations than on Philox; 8 made sampling about 1.6× faster.
 */
const BLOCKS_PER_THREAD = 8;

/** A uniform value as tfjs-backend-webgpu's `runWebGPUProgram` takes it. */
export interface ProgramUniform {
  type: "int32" | "uint32" | "float32";
  data: number[];
}

type RandomRule = SampleRequest["rule"];

// Per-element transform of each rule kind; `words` is the block's Philox output and the result is
// the block's four values (docs/rng.md, "From 32 bits to a distribution").
const TRANSFORMS: Record<RandomRule["kind"], string> = {
  // value = f32(a + f32(w * u01(x))). The product goes through its bits and an xor with a runtime
  // zero, so no compiler can fuse it with the addition into an FMA: the result is bit-identical
  // to the host's two separately rounded operations.
  uniform: /* wgsl */ `
fn initlibTransform(words : vec4<u32>) -> vec4<f32> {
  let units = vec4<f32>(words >> vec4<u32>(8u)) * 0x1p-24f;
  let product = bitcast<vec4<f32>>(bitcast<vec4<u32>>(uniforms.param1 * units) ^ vec4<u32>(uniforms.opaqueZero));
  return vec4<f32>(uniforms.param0) + product;
}`,
  normal: /* wgsl */ `
fn initlibTransform(words : vec4<u32>) -> vec4<f32> {
  let first = initlibBoxMuller(words.x, words.y);
  let second = initlibBoxMuller(words.z, words.w);
  return vec4<f32>(uniforms.param0) + uniforms.param1 * vec4<f32>(first, second);
}`,
  // Inverse-CDF sampling between Φ(α) and Φ(β); p and q = 1 − p are both formed directly, from Φ(α)
  // and 1 − Φ(β), and the smaller one goes into the quantile, so both tails keep float32 precision.
  truncNormal: /* wgsl */ `
fn initlibTruncated(x : u32) -> f32 {
  let p = uniforms.param4 + uniforms.param6 * initlibUnitOpen(x);
  let q = uniforms.param5 + uniforms.param6 * initlibUnitOpen(~x);
  // z = p <= q ? Φ⁻¹(p) : −Φ⁻¹(q), as the host does, with one quantile evaluation.
  let lower = p <= q;
  let tail = select(q, p, lower);
  let z = initlibNormalQuantile(tail, 1.0f - tail);
  return clamp(uniforms.param0 + uniforms.param1 * select(-z, z, lower), uniforms.param2, uniforms.param3);
}

fn initlibTransform(words : vec4<u32>) -> vec4<f32> {
  return vec4<f32>(initlibTruncated(words.x), initlibTruncated(words.y),
                   initlibTruncated(words.z), initlibTruncated(words.w));
}`,
};

/**
 * The tfjs-backend-webgpu program that fills a flat float32 tensor of `size` elements with
 * initlib-philox/1 values for one rule. One shader per rule kind; the rule's numbers, the key and
 * the path hash are uniforms, so a model's parameters share three compiled pipelines.
 */
export class PhiloxSampleProgram implements WebGPUProgram {
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  variableNames: string[] = [];
  workgroupSize: [number, number, number] = [WORKGROUP_SIZE, 1, 1];
  /** 4 when the size is a multiple of 4: each block is then one 16-byte store (about twice as fast on SwiftShader). */
  outputComponent: number;
  size = true;
  uniforms =
    "numBlocks : i32, key0 : u32, key1 : u32, path0 : u32, path1 : u32, opaqueZero : u32, " +
    "param0 : f32, param1 : f32, param2 : f32, param3 : f32, param4 : f32, param5 : f32, param6 : f32,";
  private readonly kind: RandomRule["kind"];

  constructor(kind: RandomRule["kind"], size: number) {
    this.kind = kind;
    this.outputShape = [size];
    this.outputComponent = size % 4 === 0 ? 4 : 1;
    this.shaderKey = `initlibPhilox_${kind}_${this.outputComponent}`;
    this.dispatch = [Math.ceil(Math.ceil(size / 4) / (WORKGROUP_SIZE * BLOCKS_PER_THREAD)), 1, 1];
  }

  getUserCode(): string {
    const store =
      this.outputComponent === 4
        ? `result[index] = values;`
        : `let base = index * 4;
  if (base + 4 <= uniforms.size) {
    result[base] = values.x;
    result[base + 1] = values.y;
    result[base + 2] = values.z;
    result[base + 3] = values.w;
  } else {
    for (var j = 0; base + j < uniforms.size; j = j + 1) {
      result[base + j] = values[j];
    }
  }`;
    return `${PHILOX_WGSL}
${TRANSFORMS[this.kind]}

fn initlibBlock(index : i32) {
  // Block b = index; its counter is (b mod 2^32, floor(b / 2^32), h_lo, h_hi). A WebGPU buffer
  // holds far fewer than 2^34 elements, so the second word is always 0.
  let words = initlibPhilox(vec4<u32>(u32(index), 0u, uniforms.path0, uniforms.path1),
                            vec2<u32>(uniforms.key0, uniforms.key1));
  let values = initlibTransform(words);
  ${store}
}

fn main(thread : i32) {
  // Thread t writes blocks t, t + stride, t + 2·stride, ...: neighbouring threads write neighbouring
  // blocks, as GPUs coalesce best.
  let stride = (uniforms.numBlocks + ${BLOCKS_PER_THREAD} - 1) / ${BLOCKS_PER_THREAD};
  if (thread >= stride) {
    return;
  }
  for (var index = thread; index < uniforms.numBlocks; index = index + stride) {
    initlibBlock(index);
  }
}`;
  }
}

/**
 * The program-defined uniforms of {@link PhiloxSampleProgram}, in declaration order. The rule goes
 * through the host generator's own `prepareRule` (same validation, same float32 rounding of the
 * bounds, Φ(α), 1 − Φ(β) and Φ(β) − Φ(α) in float64) and the key through `randomKeyWords`, so host
 * and device start from identical constants.
 * @throws InitlibError `INITLIB_BAD_ARGUMENT` for a bad seed or rule, as the host generator does.
 * @example
 * sampleUniforms({ rule: { kind: "uniform", low: -1, high: 1 }, key: { seed: 0, path: "w" } }, 10);
 */
export function sampleUniforms(request: SampleRequest, size: number): ProgramUniform[] {
  const words = randomKeyWords(request.key);
  const params = ruleParameters(prepareRule(request.rule));
  return [
    { type: "int32", data: [Math.ceil(size / 4)] },
    { type: "uint32", data: [words.key0] },
    { type: "uint32", data: [words.key1] },
    { type: "uint32", data: [words.path0] },
    { type: "uint32", data: [words.path1] },
    { type: "uint32", data: [0] },
    ...params.map((value): ProgramUniform => ({ type: "float32", data: [value] })),
  ];
}

function ruleParameters(rule: PreparedRule): number[] {
  switch (rule.kind) {
    case "uniform":
      return [rule.low, rule.width, 0, 0, 0, 0, 0];
    case "normal":
      return [rule.mean, rule.std, 0, 0, 0, 0, 0];
    case "truncNormal":
      return [rule.mean, rule.std, rule.low, rule.high, rule.lowerMass, rule.upperMass, rule.width];
    case "constant":
      throw new InitlibError("INITLIB_BAD_ARGUMENT", "a constant rule is filled, not sampled", {
        path: "rule.kind",
        received: rule.kind,
        expected: '"uniform", "normal" or "truncNormal"',
        hint: "call the backend's fill for constants",
      });
  }
}
