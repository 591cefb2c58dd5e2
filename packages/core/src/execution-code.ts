// The code that writes values, split off the start-up bundle: `writeRule` (with its fallbacks) and
// the host backend (with initlib's random generator). `loadExecutionCode` imports this module with
// `import()` when a call first writes or needs the host backend; validation and ordering run
// without it.
export { createHostBackend, writeRule } from "@initlib/initializers";
