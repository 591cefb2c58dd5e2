import { InitlibError } from "@initlib/registry";
import { describe, expect, it } from "vitest";
import { createNodeGpuBackend, loadTfjsNodeGpu, NODE_GPU_INSTALL_HINT, probeNodeGpuBinding } from "../src/index";

async function failure(promise: Promise<unknown>): Promise<InitlibError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!InitlibError.isInstance(error)) throw new Error(`expected an InitlibError, got ${String(error)}`);
  return error;
}

const status = await probeNodeGpuBinding();

describe.skipIf(status.available)("without @tensorflow/tfjs-node-gpu (a real import attempt)", () => {
  it("fails with INITLIB_MISSING_CAPABILITY that says the native binding is missing and how to install it", async () => {
    const error = await failure(createNodeGpuBackend());
    expect(error.code).toBe("INITLIB_MISSING_CAPABILITY");
    // One format for every adapter's peers (loadOptionalModule of @initlib/backend-tfjs/internal).
    expect(error.message).toContain("@initlib/backend-node-gpu cannot load @tensorflow/tfjs-node-gpu (");
    expect(error.message).toContain('backend "node-gpu" cannot start without its native TensorFlow binding');
    expect(error.message).toContain("npm install @tensorflow/tfjs-node-gpu@4.22.0");
    expect(error.message).toContain("CUDA Toolkit 11.2 and cuDNN 8.1");
    expect(error.cause).toBeDefined();
  });
});

describe("how load failures are reported", () => {
  const reject = (error: unknown) => () => Promise.reject(error);

  it("a package that is not installed", async () => {
    const notFound = Object.assign(new Error("Cannot find package '@tensorflow/tfjs-node-gpu' imported from /app/index.js"), { code: "ERR_MODULE_NOT_FOUND" });
    const error = await failure(loadTfjsNodeGpu(reject(notFound)));
    expect(error.code).toBe("INITLIB_MISSING_CAPABILITY");
    expect(error.message).toContain("(the package @tensorflow/tfjs-node-gpu is not installed)");
    expect(error.hint).toBe(NODE_GPU_INSTALL_HINT);
    expect(error.cause).toBe(notFound);
  });

  it("an installed package whose install script did not build the binding (the message tfjs-node-gpu 4.22.0 throws)", async () => {
    const noAddon = new Error(
      "The Node.js native addon module (tfjs_binding.node) can not be found at path: /app/node_modules/@tensorflow/tfjs-node-gpu/lib/napi-v8/tfjs_binding.node. \n" +
        "Please run command 'npm rebuild @tensorflow/tfjs-node-gpu --build-addon-from-source' to rebuild the native addon module.",
    );
    const error = await failure(loadTfjsNodeGpu(reject(noAddon)));
    expect(error.code).toBe("INITLIB_MISSING_CAPABILITY");
    expect(error.message).toContain("is installed but its native binding (tfjs_binding.node) is missing");
    expect(error.message).toContain("received: \"The Node.js native addon module (tfjs_binding.node) can not be found");
  });

  it("missing libtensorflow and missing CUDA libraries", async () => {
    const noLibrary = await failure(loadTfjsNodeGpu(reject(new Error("libtensorflow.so.2: cannot open shared object file: No such file or directory"))));
    expect(noLibrary.message).toContain("cannot load libtensorflow");
    const noCuda = await failure(loadTfjsNodeGpu(reject(new Error("libcudart.so.11.0: cannot open shared object file"))));
    expect(noCuda.code).toBe("INITLIB_MISSING_CAPABILITY");
    expect(noCuda.message).toContain("CUDA/cuDNN shared libraries");
  });

  it("any other load failure is a backend failure with the cause kept", async () => {
    const broken = new SyntaxError("Unexpected token '<'");
    const error = await failure(loadTfjsNodeGpu(reject(broken)));
    expect(error.code).toBe("INITLIB_BACKEND_FAILURE");
    expect(error.cause).toBe(broken);
  });

  it("a module that is not a tfjs namespace", async () => {
    const error = await failure(loadTfjsNodeGpu(async () => ({ default: { version: "4.22.0" } })));
    expect(error.code).toBe("INITLIB_BACKEND_FAILURE");
    expect(error.message).toContain("not a TensorFlow.js namespace");
  });

  it("probeNodeGpuBinding reports the same error instead of throwing", async () => {
    const result = await probeNodeGpuBinding(reject(new Error("tfjs_binding.node can not be found")));
    expect(result.available).toBe(false);
    expect(!result.available && result.error.code).toBe("INITLIB_MISSING_CAPABILITY");
  });
});
