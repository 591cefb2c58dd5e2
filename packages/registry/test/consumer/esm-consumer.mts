// Compiled by test/built-package.test.ts as a separate project would: through package.json
// "exports" (import condition → dist/index.d.ts), without the @initlib/source condition.
import { createRegistry, InitlibError, Registry, resolveConfig, validateArgs, type RegistryConfig } from "@initlib/registry";

interface ShapeMap {
  Square: { side: number };
}

class Square {
  constructor(readonly args: { side: number }) {}
}

const SHAPES = new Registry<typeof Square, ShapeMap>("shape", { scope: "consumer" });
SHAPES.register("Square", Square);
const square: Square = SHAPES.build({ type: "Square", side: 2 });
// @ts-expect-error side must be a number
SHAPES.build({ type: "Square", side: "2" });
const config: RegistryConfig<ShapeMap> = { type: "Square", side: 1 };
const inferred = createRegistry("inferred", { Square });
inferred.build({ type: "Square", side: 3 });
const resolved: Record<string, unknown> = resolveConfig({ init_cfg: { type: "Square" } });
const validated: { side: number } = validateArgs({ side: 1 }, { side: { kind: "number", required: true } });
const isError: boolean = InitlibError.isInstance(new Error("x"));

export { config, isError, resolved, square, validated };
