// `@initlib/core/internal`: building blocks the CLI and the backends share (formatting, model-file
// checks, rule statistics); not part of the stable API: names here may change in any release.
export type { DefaultRule, WriteRecord } from "./state-tensor";
export { NormalizationNd } from "./layers/batch-norm";
export { describeRule, ruleStatistics } from "./explain";
export { collapseWarnings } from "./collapse-warnings";
export type { PlannedParameter } from "./explain";
export { formatInitInfoFile, formatInitInfoRecord, formatTorchSize } from "./init-report";
export { formatLogRecord } from "./logger";
export { pythonRepr } from "./python-repr";
export { knownModuleBases, MAX_MODULE_DEPTH } from "./model-file/check-module-spec";
export { LAYER_ARGUMENTS } from "./layers/layer-arguments";
export type { LayerArgument, LayerArgumentKind } from "./layers/layer-arguments";
