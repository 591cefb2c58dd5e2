import { InitlibError } from "@initlib/registry";

/**
 * Imports a peer dependency lazily, so that importing initlib never loads tfjs; a missing package
 * fails with the command that installs it.
 * @example
 * const tf = await loadPeer<typeof import("@tensorflow/tfjs-core")>("@tensorflow/tfjs-core", () => import("@tensorflow/tfjs-core"));
 */
export async function loadPeer<Module>(name: string, load: () => Promise<Module>): Promise<Module> {
  try {
    return await load();
  } catch (cause) {
    throw new InitlibError("INITLIB_MISSING_CAPABILITY", `the webgpu backend needs the package ${name}, which could not be loaded`, {
      received: name,
      expected: `${name} installed next to @initlib/backend-webgpu`,
      hint: "install the peers: npm install @tensorflow/tfjs-core@^4.22.0 @tensorflow/tfjs-backend-webgpu@^4.22.0 (or pass { tf } to createWebGpuBackend)",
      cause,
    });
  }
}
