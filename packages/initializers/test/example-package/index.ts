// An example third-party package: registers `acme.Orthogonal` and types it for initCfg.
import { WEIGHT_INITIALIZERS } from "@initlib/initializers";
import { OrthogonalInit, type OrthogonalInitArgs } from "./orthogonal-init";

declare module "@initlib/initializers" {
  interface InitializerMap {
    "acme.Orthogonal": OrthogonalInitArgs;
  }
}

// `force` keeps re-imports (test watch mode, two bundles) from failing on the duplicate name.
WEIGHT_INITIALIZERS.register("acme.Orthogonal", OrthogonalInit, { force: true });

export { OrthogonalInit, orthogonalMatrix } from "./orthogonal-init";
export type { OrthogonalInitArgs } from "./orthogonal-init";
