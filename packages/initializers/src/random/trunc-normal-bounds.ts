import { InitlibError } from "@initlib/registry";

/**
 * A truncated normal with bounds in **std units** (TensorFlow's `truncated_normal`, JAX's
 * `truncated_normal`, timm's `trunc_normal_tf_`): sample a standard normal cut to [a, b], then scale
 * by `std` and shift by `mean`.
 */
export interface StdUnitsTruncNormal {
  readonly mean: number;
  readonly std: number;
  /** Lower bound in standard deviations from the mean. @default -2 */
  readonly a?: number;
  /** Upper bound in standard deviations from the mean. @default 2 */
  readonly b?: number;
}

/**
 * Converts std-unit bounds to the absolute bounds of a `truncNormal` {@link FillRule} (MMEngine's and
 * torch's convention): `low = mean + a·std`, `high = mean + b·std`. The two conventions are separate
 * options of the initializers and never inferred from the numbers.
 * @throws InitlibError `INITLIB_BAD_ARGUMENT` for non-finite values, `std < 0` or `a > b`.
 * @example
 * truncNormalBoundsFromStdUnits({ mean: 0, std: 0.02 }); // { low: -0.04, high: 0.04 }
 */
export function truncNormalBoundsFromStdUnits(options: StdUnitsTruncNormal): { readonly low: number; readonly high: number } {
  const { mean, std, a = -2, b = 2 } = options;
  for (const [name, value] of [["mean", mean], ["std", std], ["a", a], ["b", b]] as const) {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new InitlibError("INITLIB_BAD_ARGUMENT", `truncated normal needs a finite ${name}`, {
        path: name,
        received: value,
        expected: "a finite number",
        hint: `pass a finite ${name}`,
      });
    }
  }
  if (std < 0) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", "truncated normal needs std >= 0", {
      path: "std",
      received: std,
      expected: "a standard deviation >= 0",
      hint: "pass the absolute value",
    });
  }
  if (a > b) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", "truncated normal needs a <= b", {
      path: "a",
      received: { a, b },
      expected: "a <= b (bounds in std units)",
      hint: `swap them: a=${b}, b=${a}`,
    });
  }
  return { low: mean + a * std, high: mean + b * std };
}
