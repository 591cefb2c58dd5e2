/**
 * How to get a working `@tensorflow/tfjs-node-gpu` 4.22.0: what its install script needs, and what
 * libtensorflow 2.9.1 (the build it downloads) needs at run time.
 * @example
 * console.log(NODE_GPU_INSTALL_HINT);
 */
export const NODE_GPU_INSTALL_HINT = [
  "on a Linux x86-64 machine with an NVIDIA GPU and network access:",
  "(1) install the NVIDIA driver, CUDA Toolkit 11.2 and cuDNN 8.1 (libtensorflow 2.9.1, which tfjs-node-gpu 4.22.0 downloads, is built against them) and put their lib directories on LD_LIBRARY_PATH;",
  "(2) run `npm install @tensorflow/tfjs-node-gpu@4.22.0` with its install script allowed (npm: no --ignore-scripts; pnpm: set `'@tensorflow/tfjs-node-gpu': true` under allowBuilds in pnpm-workspace.yaml, then `pnpm add @tensorflow/tfjs-node-gpu@4.22.0`);",
  "the script downloads libtensorflow from storage.googleapis.com (set TFJS_NODE_CDN_STORAGE to use a mirror) and builds tfjs_binding.node;",
  "without a GPU, use createTfjsCpuBackend() from @initlib/backend-tfjs instead",
].join(" ");
