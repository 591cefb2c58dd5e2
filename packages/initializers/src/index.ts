export { BACKEND_SPEC_VERSION } from "./backend";
export type { Backend, SampleRequest } from "./backend";
export type { FillRule } from "./fill-rule";
export type { RandomKey } from "./random-key";
export type { Layout, ParamLike, WritableParam } from "./param-like";
export type { InitTarget, ModuleLike, StateEntry } from "./module-like";
export type { InitializerPlan, LoadReport, PlannedWrite, WeightInitializer } from "./weight-initializer";
