import { writeRule } from "@initlib/initializers";
import { kolmogorovSmirnovTest, sampleMoments } from "@initlib/initializers/testing";
import { ensure, type ConformanceCheck } from "../conformance-check";
import { STATISTICAL_RULES, describeRule } from "../rule-cases";
import { compareMoments } from "../statistics/compare-moments";
import { distributionOf } from "../statistics/distributions";
import { readChecked, withStorage } from "../storage-helpers";

/**
 * Random rules written through `writeRule` (the backend's `sample` when it has one, host generation
 * otherwise) follow their exact distribution: bounds, mean and variance within 5 standard errors, and
 * a Kolmogorov–Smirnov test against the exact CDF at significance 0.001, all with fixed seeds.
 */
export const randomStatisticsCheck: ConformanceCheck = {
  id: "random-statistics",
  title: "writes random rules that pass bounds, moment and Kolmogorov–Smirnov tests against the exact distribution",
  async run({ backend, options }) {
    const count = options.statisticalSamples;
    for (const [index, rule] of STATISTICAL_RULES.entries()) {
      const key = { seed: 20_240_601 + index, path: `statistics.${rule.kind}.weight` };
      await withStorage(backend, [count], async (storage) => {
        await writeRule(backend, storage, [count], rule, key);
        const values = await readChecked(backend, storage, count);
        const distribution = distributionOf(rule);
        const moments = sampleMoments(values);
        // A float32 rounding of `mean + std · z` may land one ulp outside the real-valued support.
        const slack = 2 ** -20 * Math.max(Math.abs(distribution.low), Math.abs(distribution.high));
        ensure(moments.min >= distribution.low - slack && moments.max <= distribution.high + slack, () =>
          `${describeRule(rule)}: values span [${moments.min}, ${moments.max}], outside the support [${distribution.low}, ${distribution.high}]`,
        );
        const momentProblem = compareMoments(moments, distribution);
        ensure(momentProblem === undefined, () => `${describeRule(rule)}: ${momentProblem}`);
        const test = kolmogorovSmirnovTest(values, distribution.cdf);
        ensure(test.passed, () =>
          `${describeRule(rule)}: Kolmogorov–Smirnov D = ${test.statistic.toExponential(3)} exceeds ${test.critical.toExponential(3)} (n = ${count}, α = 0.001)`,
        );
      });
    }
  },
};
