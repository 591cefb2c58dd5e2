// The `params` half of rule selection, split off the start-up bundle: the pattern compiler (globs
// and `re:` expressions run by a Thompson automaton) and the parameter selection. It is imported
// with `import()` by `loadParameterRules` only when a config has `params`.
export { readParameterPatterns } from "./parameter-pattern";
export { selectionView, selectParameters } from "./parameter-selection";
