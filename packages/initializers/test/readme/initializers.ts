import { buildInitializer, type InitCfgEntry, KaimingInit, type ModuleLike } from "@initlib/initializers";

// Initializers are built from configs (MMEngine's init_cfg, camelCased) and validated at once.
const initCfg: InitCfgEntry[] = [
  { type: "Kaiming", layer: "Conv2d", mode: "fan_out" },
  { type: "Constant", val: 1, bias: 0, layer: ["_BatchNorm", "GroupNorm"] },
  { type: "Normal", std: 0.01, biasProb: 0.01, layer: "Linear" },
];
export const infos = initCfg.map((entry, index) => buildInitializer(entry, `initCfg[${index}]`).info);

// `plan` decides what would be written, without writing; core's module tree executes it.
export async function planOn(model: ModuleLike) {
  return new KaimingInit({ layer: "Conv2d" }).plan(model);
}
