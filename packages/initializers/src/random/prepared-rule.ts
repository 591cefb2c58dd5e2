import { InitlibError } from "@initlib/registry";
import type { FillRule } from "../fill-rule";
import { standardNormalCdf, standardNormalIntervalProbability } from "./standard-normal";

/**
 * Below this interval mass the float32 probabilities of a truncated normal would underflow: the
 * float32 generators (WebAssembly and JavaScript) hand such far-tail truncations to the float64
 * reference generator.
 */
export const SMALLEST_FLOAT32_TRUNCATION_MASS = 1e-30;

/** A random or constant {@link FillRule}: the kinds the host generator produces values for. */
export type GeneratedRule = Extract<FillRule, { kind: "constant" | "uniform" | "normal" | "truncNormal" }>;

/**
 * A rule checked once and reduced to the per-parameter constants the element formulas of
 * docs/rng.md use, shared by the JavaScript and WebAssembly generators.
 */
export type PreparedRule =
  | { readonly kind: "constant"; readonly value: number }
  /** U(a, b): `value = f32(low + f32(width · u01))`, `low = f32(a)`, `width = f32(f32(b) − low)`. */
  | { readonly kind: "uniform"; readonly low: number; readonly width: number }
  | { readonly kind: "normal"; readonly mean: number; readonly std: number }
  /**
   * Truncated normal by the inverse CDF: `p = lowerMass + width·u`, `q = upperMass + width·(1 − u)`
   * (both `1 − p`-free, so neither tail loses precision), `z = p ≤ q ? Φ⁻¹(p) : −Φ⁻¹(q)`,
   * `value = clamp(mean + std·z, low, high)` with `low`, `high` rounded to float32.
   */
  | {
      readonly kind: "truncNormal";
      readonly mean: number;
      readonly std: number;
      readonly low: number;
      readonly high: number;
      /** Φ(α): mass below the lower bound. */
      readonly lowerMass: number;
      /** 1 − Φ(β): mass above the upper bound. */
      readonly upperMass: number;
      /** Φ(β) − Φ(α): mass inside. */
      readonly width: number;
    };

function requireFinite(value: unknown, field: string, kind: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", `${kind} rule needs a finite ${field}`, {
      path: `rule.${field}`,
      received: value,
      expected: "a finite number",
      hint: `pass a finite ${field} (NaN and ±Infinity cannot be sampled)`,
    });
  }
  return value;
}

function requireOrdered(low: number, high: number, lowName: string, highName: string, kind: string): void {
  if (low > high) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", `${kind} rule needs ${lowName} <= ${highName}`, {
      path: `rule.${lowName}`,
      received: { [lowName]: low, [highName]: high },
      expected: `${lowName} <= ${highName}`,
      hint: `swap the bounds: ${lowName}=${high}, ${highName}=${low}`,
    });
  }
}

function requireNonNegativeStd(std: number, kind: string): void {
  if (std < 0) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", `${kind} rule needs std >= 0`, {
      path: "rule.std",
      received: std,
      expected: "a standard deviation >= 0",
      hint: "pass the absolute value; a normal distribution's spread cannot be negative",
    });
  }
}

/**
 * Checks a constant or random rule and computes its per-parameter constants.
 * @throws InitlibError `INITLIB_BAD_ARGUMENT` for non-finite values, `low > high`, `std < 0`, an
 * unknown kind, or a uniform range too wide for float32.
 * @example
 * prepareRule({ kind: "uniform", low: -1, high: 1 }); // { kind: "uniform", low: -1, width: 2 }
 */
export function prepareRule(rule: GeneratedRule): PreparedRule {
  const kind: unknown = rule?.kind;
  switch (kind) {
    case "constant":
      return { kind, value: requireFinite(rule.kind === "constant" ? rule.value : undefined, "value", kind) };
    case "uniform": {
      const { low, high } = rule as Extract<GeneratedRule, { kind: "uniform" }>;
      requireFinite(low, "low", kind);
      requireFinite(high, "high", kind);
      requireOrdered(low, high, "low", "high", kind);
      const low32 = Math.fround(low);
      const width = Math.fround(Math.fround(high) - low32);
      if (!Number.isFinite(width)) {
        throw new InitlibError("INITLIB_BAD_ARGUMENT", "uniform range is wider than float32 can hold", {
          path: "rule.high",
          received: { low, high },
          expected: "high − low below 3.4e38",
          hint: "narrow the range",
        });
      }
      return { kind, low: low32, width };
    }
    case "normal": {
      const { mean, std } = rule as Extract<GeneratedRule, { kind: "normal" }>;
      requireFinite(mean, "mean", kind);
      requireFinite(std, "std", kind);
      requireNonNegativeStd(std, kind);
      return { kind, mean, std };
    }
    case "truncNormal": {
      const { mean, std, low, high } = rule as Extract<GeneratedRule, { kind: "truncNormal" }>;
      requireFinite(mean, "mean", kind);
      requireFinite(std, "std", kind);
      requireFinite(low, "low", kind);
      requireFinite(high, "high", kind);
      requireNonNegativeStd(std, kind);
      requireOrdered(low, high, "low", "high", kind);
      if (std === 0) {
        // A zero-width normal is its mean, clamped into the bounds.
        return { kind, mean, std, low: Math.fround(low), high: Math.fround(high), lowerMass: 0, upperMass: 0, width: 1 };
      }
      const alpha = (low - mean) / std;
      const beta = (high - mean) / std;
      return {
        kind,
        mean,
        std,
        low: Math.fround(low),
        high: Math.fround(high),
        lowerMass: standardNormalCdf(alpha),
        upperMass: standardNormalCdf(-beta),
        width: standardNormalIntervalProbability(alpha, beta),
      };
    }
    default:
      throw new InitlibError("INITLIB_BAD_ARGUMENT", "unknown fill rule kind for random generation", {
        path: "rule.kind",
        received: kind,
        expected: '"constant", "uniform", "normal" or "truncNormal"',
        hint: '"values" rules are loaded, not generated; use writeRule for them',
      });
  }
}
