import { InitlibError } from "@initlib/registry";
import { formatPythonValue } from "./format-python-value";

/** Every nonlinearity `torch.nn.init.calculate_gain` knows, in torch's order. */
export const NONLINEARITIES = [
  "linear",
  "conv1d",
  "conv2d",
  "conv3d",
  "conv_transpose1d",
  "conv_transpose2d",
  "conv_transpose3d",
  "sigmoid",
  "tanh",
  "relu",
  "leaky_relu",
  "selu",
] as const;

/** A nonlinearity name accepted by {@link calculateGain}. */
export type Nonlinearity = (typeof NONLINEARITIES)[number];

const LINEAR_FUNCTIONS: ReadonlySet<string> = new Set(NONLINEARITIES.slice(0, 7));

/**
 * The recommended gain for a nonlinearity, exactly as `torch.nn.init.calculate_gain`:
 * 1 for the linear/conv family and `sigmoid`, 5/3 for `tanh`, √2 for `relu` (`param` ignored),
 * √(2 / (1 + slope²)) for `leaky_relu` (slope = `param`, 0.01 when absent) and 3/4 for `selu`.
 *
 * Errors (code `INITLIB_BAD_ARGUMENT`, carrying torch's message): an unknown nonlinearity
 * (`Unsupported nonlinearity gelu`) and a non-numeric `leaky_relu` slope
 * (`negative_slope True not a valid number`).
 * @param param - the negative slope of `leaky_relu`; ignored by every other nonlinearity.
 * @default param undefined (slope 0.01 for `leaky_relu`)
 * @example
 * calculateGain("leaky_relu", 0.2); // 1.3867504905630728
 * calculateGain("tanh"); // 1.6666666666666667
 */
export function calculateGain(nonlinearity: Nonlinearity | (string & {}), param?: number | null): number {
  if (LINEAR_FUNCTIONS.has(nonlinearity) || nonlinearity === "sigmoid") return 1;
  if (nonlinearity === "tanh") return 5.0 / 3;
  if (nonlinearity === "relu") return Math.sqrt(2.0);
  if (nonlinearity === "leaky_relu") {
    let negativeSlope: number;
    if (param === undefined || param === null) negativeSlope = 0.01;
    else if (typeof param === "number") negativeSlope = param;
    else {
      throw new InitlibError("INITLIB_BAD_ARGUMENT", `negative_slope ${formatPythonValue(param)} not a valid number`, {
        received: param,
        expected: "a number (the negative slope of leaky_relu) or nothing for 0.01",
      });
    }
    return Math.sqrt(2.0 / (1 + negativeSlope ** 2));
  }
  if (nonlinearity === "selu") return 3.0 / 4;
  throw new InitlibError("INITLIB_BAD_ARGUMENT", `Unsupported nonlinearity ${formatPythonValue(nonlinearity)}`, {
    received: nonlinearity,
    expected: `one of ${NONLINEARITIES.join(", ")}`,
  });
}
