import { InitlibError } from "@initlib/registry";
import type { Layout, ParamLike } from "../param-like";

/** Fan-in and fan-out of a weight, as `torch.nn.init._calculate_fan_in_and_fan_out` defines them. */
export interface Fans {
  readonly fanIn: number;
  readonly fanOut: number;
}

/** Torch's message for weights of rank < 2, kept verbatim so MMEngine users recognise it. */
export const FEWER_THAN_TWO_DIMENSIONS_MESSAGE =
  "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions";

/**
 * Fan-in and fan-out of a weight from its shape and declared {@link Layout}, equal to torch's fans
 * for the torch-equivalent layer, so a tfjs kernel and the torch weight of the same layer get the
 * same Kaiming/Xavier scale.
 *
 * - No layout: torch's rule for any rank ≥ 2, `fanIn = shape[1]·receptive`, `fanOut = shape[0]·receptive`.
 * - `OI`, `OIL`, `OIHW`, `OIDHW` (torch Linear/Conv) and `IO`, `LIO`, `HWIO`, `DHWIO` (tfjs
 *   Dense/Conv): `fanIn = I·receptive`, `fanOut = O·receptive`.
 * - Transposed convolutions, `IOL`/`IOHW`/`IODHW` (torch, weight `(in, out/g, k…)`) and
 *   `LOI`/`HWOI`/`DHWOI` (tfjs Conv2DTranspose): like torch, `fanIn = O·receptive`,
 *   `fanOut = I·receptive`. A layout is transposed when its channel axes come in the opposite order
 *   of the convention of its side: channels first normally read `O, I`, channels last read `I, O`.
 * - Depthwise `HWIM` (tfjs DepthwiseConv2D, `M` the channel multiplier), equal to torch's
 *   `Conv2d(I, I·M, k, groups=I)`: `fanIn = receptive`, `fanOut = I·M·receptive`.
 *
 * `groups` needs no correction: torch and tfjs shapes already hold the per-group channel count.
 * Rank < 2 fails with torch's message (code `INITLIB_BAD_SHAPE`); so does a layout whose length
 * differs from the rank, or one without exactly one `I` and one `O` or `M`.
 * @example
 * computeFans({ shape: [8, 2, 3, 3] }); // { fanIn: 18, fanOut: 72 }  Conv2d(4→8, k3, groups 2)
 * computeFans({ shape: [3, 3, 4, 8], layout: "HWIO" }); // { fanIn: 36, fanOut: 72 }
 */
export function computeFans(param: ParamLike): Fans {
  const shape = param.shape;
  if (shape.length < 2) {
    throw new InitlibError("INITLIB_BAD_SHAPE", FEWER_THAN_TWO_DIMENSIONS_MESSAGE, {
      received: [...shape],
      expected: "a weight of rank 2 or more (Linear, Conv, Embedding, ...)",
      hint: "Xavier, Kaiming and Caffe2Xavier need fans: restrict `layer` to layers with matrix or kernel weights, or use Constant/Normal/Uniform for norm layers",
    });
  }
  if (param.layout === undefined) {
    const receptive = product(shape.slice(2));
    return { fanIn: shape[1]! * receptive, fanOut: shape[0]! * receptive };
  }
  return fansFromLayout(shape, param.layout);
}

function fansFromLayout(shape: readonly number[], layout: Layout): Fans {
  const badLayout = (summary: string, expected: string): InitlibError =>
    new InitlibError("INITLIB_BAD_SHAPE", summary, {
      received: { shape: [...shape], layout },
      expected,
      hint: "declare the layout of the weight: torch OI/OIHW/IOHW/..., tfjs IO/HWIO/HWOI/HWIM",
    });
  if (layout.length !== shape.length) {
    throw badLayout(`layout ${layout} has ${layout.length} axes but the weight has rank ${shape.length}`, "one layout letter per axis");
  }
  const count = (letter: string): number => [...layout].filter((axis) => axis === letter).length;
  const inputAxis = layout.indexOf("I");
  const outputAxis = layout.indexOf("O");
  const multiplierAxis = layout.indexOf("M");
  if (count("I") !== 1 || count("O") + count("M") !== 1) {
    throw badLayout(`layout ${layout} must name exactly one I axis and one O (or depthwise M) axis`, "a layout such as OIHW, IOHW, HWIO, HWOI or HWIM");
  }
  const channelAxis = outputAxis >= 0 ? outputAxis : multiplierAxis;
  let receptive = 1;
  for (let axis = 0; axis < shape.length; axis += 1) {
    if (axis !== inputAxis && axis !== channelAxis) receptive *= shape[axis]!;
  }
  const inputs = shape[inputAxis]!;
  if (multiplierAxis >= 0) {
    // Depthwise: torch's equivalent weight is (I·M, 1, k…).
    return { fanIn: receptive, fanOut: inputs * shape[multiplierAxis]! * receptive };
  }
  const outputs = shape[outputAxis]!;
  if (shape.length === 2) return { fanIn: inputs * receptive, fanOut: outputs * receptive };
  const first = Math.min(inputAxis, outputAxis);
  const second = Math.max(inputAxis, outputAxis);
  if (second !== first + 1 || (first !== 0 && second !== shape.length - 1)) {
    throw badLayout(`layout ${layout} must keep its channel axes together, first or last`, "channels first (OIHW, IOHW) or channels last (HWIO, HWOI)");
  }
  const channelsFirst = first === 0;
  const transposed = channelsFirst ? inputAxis < outputAxis : outputAxis < inputAxis;
  // torch's ConvTranspose weight (in, out/g, k…) gives fan_in = (out/g)·k, fan_out = in·k.
  return transposed
    ? { fanIn: outputs * receptive, fanOut: inputs * receptive }
    : { fanIn: inputs * receptive, fanOut: outputs * receptive };
}

function product(values: readonly number[]): number {
  let result = 1;
  for (const value of values) result *= value;
  return result;
}
