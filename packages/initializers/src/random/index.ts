export { philox4x32x10, philoxBlockInto, PHILOX_M0, PHILOX_M1, PHILOX_W0, PHILOX_W1 } from "./philox";
export { fnv1a64, randomKeyWords } from "./random-key-words";
export type { RandomKeyWords } from "./random-key-words";
export { generateRuleValues, resolveRandomEngine } from "./generate-rule-values";
export type { GenerateRuleValuesOptions, RandomEngine } from "./generate-rule-values";
export { loadWebAssemblyGenerator, webAssemblyGeneratorAvailable } from "./webassembly-generator";
export { prepareRule } from "./prepared-rule";
export type { GeneratedRule, PreparedRule } from "./prepared-rule";
export { truncNormalBoundsFromStdUnits } from "./trunc-normal-bounds";
export type { StdUnitsTruncNormal } from "./trunc-normal-bounds";
export {
  complementaryErrorFunction,
  errorFunction,
  GILES_CENTRAL_COEFFICIENTS,
  GILES_TAIL_COEFFICIENTS,
  gilesLowerQuantile,
  standardNormalCdf,
  standardNormalDensity,
  standardNormalIntervalProbability,
  standardNormalLowerQuantile,
  standardNormalQuantile,
} from "./standard-normal";
