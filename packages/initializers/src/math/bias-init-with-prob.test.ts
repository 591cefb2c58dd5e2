import { InitlibError } from "@initlib/registry";
import { describe, expect, it } from "vitest";
import { functionCases, recordedNumber } from "../../test/reference-cases";
import { biasInitWithProb } from "./bias-init-with-prob";
import { formatPythonValue } from "./format-python-value";

describe("biasInitWithProb", () => {
  it.each(functionCases.bias_init_with_prob.filter((entry) => entry.exception === undefined))(
    "matches MMEngine for prior_prob $prior_prob",
    (entry) => {
      const bias = biasInitWithProb(entry.prior_prob);
      expect(Object.is(bias, recordedNumber(entry.bias!))).toBe(true);
      expect(formatPythonValue(bias)).toBe(entry.repr);
    },
  );

  it("rejects 0 as a division by zero, like MMEngine", () => {
    for (const entry of functionCases.bias_init_with_prob.filter((candidate) => candidate.exception !== undefined)) {
      let caught: unknown;
      try {
        biasInitWithProb(entry.prior_prob);
      } catch (error) {
        caught = error;
      }
      expect(InitlibError.isInstance(caught)).toBe(true);
      expect((caught as InitlibError).message).toContain("division by zero");
    }
  });

  it("returns -0 for 0.5 and Infinity for 1 (numpy's divide-by-zero in log)", () => {
    expect(Object.is(biasInitWithProb(0.5), -0)).toBe(true);
    expect(biasInitWithProb(1)).toBe(Infinity);
    expect(functionCases.bias_init_with_prob_warnings[0]).toContain("divide by zero encountered in log");
  });
});
