// The host backend and its random generator, split off the start-up bundle: `loadHostBackend`
// imports this module with `import()` only when a call's tree and options name no backend.
export { createHostBackend } from "@initlib/initializers";
