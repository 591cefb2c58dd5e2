export { PretrainedInit } from "./pretrained-init";
export type { PretrainedInitArgs } from "./pretrained-init";
export { stateDictKeys } from "./state-dict-keys";
export type { KeyRename } from "./state-dict-keys";
export { defaultLayout, layoutPermutation, torchLayoutOf, transposeAxes } from "./layout-transpose";
export { mismatchWarning, torchSize } from "./load-warning";
export { SharedCheckpoint } from "./shared-checkpoint";
