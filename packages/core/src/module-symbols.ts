/**
 * Symbols for state that the module tree keeps on its objects without exposing it as properties:
 * `Module` discovers children and parameters from its own string-keyed properties, so everything
 * internal lives under symbols and never shows up as a child, a parameter or an override target.
 * Exported from no entry of the package.
 */
export const TENSOR_STATE = Symbol("initlib.tensorState");
export const MODULE_IDENTITY = Symbol("initlib.moduleIdentity");
