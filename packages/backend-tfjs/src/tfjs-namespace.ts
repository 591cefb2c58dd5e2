import type * as TfjsCore from "@tensorflow/tfjs-core";

/**
 * The `tf` namespace the adapter works with: `@tensorflow/tfjs-core`, or any package that re-exports
 * it (`@tensorflow/tfjs`, `@tensorflow/tfjs-node`, `@tensorflow/tfjs-node-gpu`).
 */
export type TfjsNamespace = typeof TfjsCore;

/** A tfjs variable, as the namespace in use defines it. */
export type TfjsVariable = TfjsCore.Variable;
