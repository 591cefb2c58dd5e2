import { InitlibError } from "@initlib/registry";

/**
 * The bias that makes a sigmoid output `priorProb` at initialization (focal-loss style heads):
 * `-ln((1 - p) / p)`, exactly MMEngine's `bias_init_with_prob`, with no range check here:
 * `0.5` gives `-0` (printed `-0.0` in info strings) and `1` gives `Infinity`. `0` divides by zero
 * in Python and is rejected here with `INITLIB_BAD_ARGUMENT` (`float division by zero`).
 * Initializer configs (`biasProb`) accept only values strictly inside (0, 1).
 * @example
 * biasInitWithProb(0.01); // -4.59511985013459
 */
export function biasInitWithProb(priorProb: number): number {
  if (typeof priorProb !== "number" || Number.isNaN(priorProb)) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", "prior_prob must be a number", {
      received: priorProb,
      expected: "a probability in (0, 1)",
    });
  }
  if (priorProb === 0) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", "float division by zero", {
      received: priorProb,
      expected: "a probability in (0, 1)",
      hint: "bias_init_with_prob(0) is -ln(1 / 0); use a small positive probability such as 0.01",
    });
  }
  // MMEngine: float(-np.log((1 - prior_prob) / prior_prob)). The same quantity as
  // -(ln(1 - p) - ln p): log1p keeps small probabilities accurate, and this form reproduces the
  // recorded MMEngine values bit for bit, where the quotient form with a correctly rounded log is
  // one ulp off at p = 0.1 (numpy's vectorised log is not correctly rounded). 0.5 gives
  // -(-ln 2 - -ln 2) = -0 and 1 gives -(-Infinity - 0) = Infinity, as in MMEngine.
  return -(Math.log1p(-priorProb) - Math.log(priorProb));
}
