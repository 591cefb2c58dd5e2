// Benchmark: initializing a ~25M-parameter tfjs-layers model (VGG-style CNN + MLP head) through
// initlib (model built with zeros, then fromLayersModel + initWeights with an MMEngine config) vs
// building it with tfjs-layers' own initializers, in the same run, on tfjs-cpu.
// Run with `pnpm --filter @initlib/backend-tfjs bench`.
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import * as tfl from "@tensorflow/tfjs-layers";
import { silentLogger, type ModuleInitCfg } from "@initlib/core";
import { fromLayersModel } from "../src/index";

type Initializer = "zeros" | "glorotUniform" | "heNormal" | "randomNormal";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const now = (): number => performance.now();

/** conv 3→64→128→256→512 (3×3, BatchNorm, pooling) on 32×32, then Dense 8192→2048→2048→1000. */
function vggStyle(convolutions: Initializer, dense: Initializer): tfl.Sequential {
  const denseInitializer = dense === "randomNormal" ? tfl.initializers.randomNormal({ mean: 0, stddev: 0.01 }) : dense;
  const layers: tfl.layers.Layer[] = [];
  let first = true;
  for (const filters of [64, 128, 256, 512]) {
    layers.push(
      tfl.layers.conv2d({ ...(first ? { inputShape: [32, 32, 3] } : {}), filters, kernelSize: 3, padding: "same", kernelInitializer: convolutions }),
      tfl.layers.batchNormalization({}),
    );
    if (filters > 64) layers.push(tfl.layers.maxPooling2d({ poolSize: 2 }));
    first = false;
  }
  layers.push(
    tfl.layers.flatten({}),
    tfl.layers.dense({ units: 2048, kernelInitializer: denseInitializer, activation: "relu" }),
    tfl.layers.dense({ units: 2048, kernelInitializer: denseInitializer, activation: "relu" }),
    tfl.layers.dense({ units: 1000, kernelInitializer: denseInitializer }),
  );
  return tfl.sequential({ layers });
}

/** MMEngine configs, each paired with the tfjs-layers initializers that do the same job. */
const PAIRS = [
  {
    label: "Xavier uniform (tfjs default glorotUniform)",
    tfjs: ["glorotUniform", "glorotUniform"] as const,
    initCfg: [
      { type: "Xavier", layer: ["Conv2d", "Linear"], distribution: "uniform" },
      { type: "Constant", layer: "_BatchNorm", val: 1, bias: 0 },
    ] satisfies ModuleInitCfg,
  },
  {
    label: "Kaiming normal convs + Normal(0.01) dense (tfjs heNormal + randomNormal)",
    tfjs: ["heNormal", "randomNormal"] as const,
    initCfg: [
      { type: "Kaiming", layer: "Conv2d", mode: "fan_out", nonlinearity: "relu" },
      { type: "Constant", layer: "_BatchNorm", val: 1, bias: 0 },
      { type: "Normal", layer: "Linear", std: 0.01 },
    ] satisfies ModuleInitCfg,
  },
];

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function timeTfjs(convolutions: Initializer, dense: Initializer): number {
  const t0 = now();
  const model = vggStyle(convolutions, dense);
  const elapsed = now() - t0;
  model.dispose();
  return elapsed;
}

async function timeInitlib(initCfg: ModuleInitCfg): Promise<{ total: number; init: number }> {
  const t0 = now();
  const model = vggStyle("zeros", "zeros");
  const wrapped = await fromLayersModel(model, { tf, initCfg });
  const t1 = now();
  await wrapped.initWeights({ seed: 0, logger: silentLogger });
  const t2 = now();
  model.dispose();
  return { total: t2 - t0, init: t2 - t1 };
}

async function main(): Promise<void> {
  tf.env().set("IS_TEST", true);
  await tf.setBackend("cpu");
  const probe = vggStyle("zeros", "zeros");
  const parameters = probe.countParams();
  probe.dispose();
  console.log(`tfjs-layers model with ${(parameters / 1e6).toFixed(1)}M parameters (VGG-style CNN + MLP), tfjs-cpu, median of ${RUNS} runs after a warm-up\n`);
  console.log("| initialization | tfjs-layers build (ms) | initlib: zeros build + fromLayersModel + initWeights (ms) | of which initWeights (ms) | tfjs / initlib |");
  console.log("| --- | ---: | ---: | ---: | ---: |");
  const zeros: number[] = [];
  for (const pair of PAIRS) {
    timeTfjs(pair.tfjs[0], pair.tfjs[1]);
    await timeInitlib(pair.initCfg);
    const tfjsMs: number[] = [];
    const initlibMs: number[] = [];
    const initMs: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      tfjsMs.push(timeTfjs(pair.tfjs[0], pair.tfjs[1]));
      const initlib = await timeInitlib(pair.initCfg);
      initlibMs.push(initlib.total);
      initMs.push(initlib.init);
      zeros.push(timeTfjs("zeros", "zeros"));
    }
    const ratio = median(tfjsMs) / median(initlibMs);
    console.log(`| ${pair.label} | ${median(tfjsMs).toFixed(0)} | ${median(initlibMs).toFixed(0)} | ${median(initMs).toFixed(0)} | ${ratio.toFixed(2)}× |`);
  }
  console.log(`\nBuilding the same model with zeros kernels (graph and variables, no random numbers): ${median(zeros).toFixed(0)} ms.`);
}

await main();
