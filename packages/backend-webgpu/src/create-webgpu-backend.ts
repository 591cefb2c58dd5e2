import { ChunkedWriteStaging, loadOptionalModule, validateShape, validateWrite } from "@initlib/backend-tfjs/internal";
import { BACKEND_SPEC_VERSION, type Backend, type SampleRequest } from "@initlib/initializers";
import { InitlibError } from "@initlib/registry";
import type { Tensor, TensorInfo, Variable } from "@tensorflow/tfjs-core";
import { PhiloxSampleProgram, sampleUniforms, type ProgramUniform } from "./sample-program";
import type { WebGpuParameter } from "./webgpu-parameter";

/** The tfjs-core namespace (`import * as tf from "@tensorflow/tfjs-core"`). */
export type TfNamespace = typeof import("@tensorflow/tfjs-core");

/** Options of {@link createWebGpuBackend}. */
export interface WebGpuBackendOptions {
  /**
   * The tfjs namespace to use. When absent, `@tensorflow/tfjs-core` is imported lazily inside the
   * factory (and `@tensorflow/tfjs-backend-webgpu`, which registers the `webgpu` tfjs backend, if
   * no `webgpu` backend is registered yet).
   */
  readonly tf?: TfNamespace;
  /**
   * Call `await tf.setBackend("webgpu")` in the factory. This changes tfjs's global active backend,
   * so it is off unless asked for; without it the caller must have activated `webgpu` already.
   * @default false
   */
  readonly setBackend?: boolean;
}

/** The WebGPU backend: a {@link Backend} whose parameters are `tf.Variable`s on tfjs-backend-webgpu. */
export interface WebGpuBackend extends Backend<WebGpuParameter> {
  readonly name: "webgpu";
  allocate(shape: readonly number[]): Promise<WebGpuParameter>;
  write(storage: WebGpuParameter, values: Float32Array, offset: number): Promise<void>;
  fill(storage: WebGpuParameter, value: number): Promise<void>;
  dispose(storage: WebGpuParameter): void;
  /** Fills the whole parameter on the device with initlib-philox/1 values; no host array is involved. */
  sample(storage: WebGpuParameter, request: SampleRequest): Promise<void>;
  /** The tfjs namespace the backend works with. */
  readonly tf: TfNamespace;
}

/** What initlib needs of tfjs-backend-webgpu's `WebGPUBackend` (kept structural on purpose). */
interface WebGpuKernelBackend {
  readonly device: GpuDeviceLike;
  runWebGPUProgram(program: PhiloxSampleProgram, inputs: TensorInfo[], outputDtype: "float32", uniforms: ProgramUniform[]): TensorInfo;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
}

interface GpuDeviceLike {
  readonly lost: Promise<{ readonly reason?: string; readonly message: string }>;
  pushErrorScope(filter: "validation" | "out-of-memory" | "internal"): void;
  popErrorScope(): Promise<{ readonly message: string } | null>;
}

const BACKEND_NAME = "webgpu";
const ERROR_FILTERS = ["validation", "out-of-memory", "internal"] as const;

const PEER_INSTALL = "npm install @tensorflow/tfjs-core@^4.22.0 @tensorflow/tfjs-backend-webgpu@^4.22.0 (or pass { tf } to createWebGpuBackend)";

class ParameterHandle implements WebGpuParameter {
  readonly shape: readonly number[];
  readonly size: number;
  current: Variable | null;
  /** Writes at offsets collected on the host until the parameter is complete or used (see `write`). */
  readonly writes: ChunkedWriteStaging;
  private readonly upload: (parameter: ParameterHandle) => void;

  constructor(shape: readonly number[], variable: Variable, upload: (parameter: ParameterHandle) => void) {
    this.shape = shape;
    this.size = variable.size;
    this.current = variable;
    this.writes = new ChunkedWriteStaging(variable.size);
    this.upload = upload;
  }

  get variable(): Variable {
    if (this.current === null) throw disposedError("variable");
    this.flush();
    return this.current;
  }

  /** Uploads staged writes, if any, as one tensor. */
  flush(): void {
    if (this.writes.values !== null) this.upload(this);
  }

  get disposed(): boolean {
    return this.current === null;
  }
}

/**
 * Creates the WebGPU backend on tfjs-backend-webgpu. Writing, reading and filling go through tfjs
 * ops on the device; `sample` runs a WGSL compute program implementing initlib-philox/1, so random
 * initializers generate straight into GPU memory. Importing this package changes nothing; the
 * factory loads tfjs lazily and only switches tfjs's active backend when `setBackend` is true.
 *
 * In Node, WebGPU comes from the `webgpu` package (Dawn): install `navigator.gpu` before calling
 * (see the README).
 * @example
 * const backend = await createWebGpuBackend({ setBackend: true });
 * const weight = await backend.allocate([256, 128]);
 * await backend.sample(weight, { rule: { kind: "normal", mean: 0, std: 0.02 }, key: { seed: 0, path: "fc.weight" } });
 */
export async function createWebGpuBackend(options: WebGpuBackendOptions = {}): Promise<WebGpuBackend> {
  const tf =
    options.tf ??
    (await loadOptionalModule(() => import("@tensorflow/tfjs-core"), "@tensorflow/tfjs-core", {
      adapter: "@initlib/backend-webgpu",
      needed: "the webgpu backend creates tf.Variables with it",
      install: PEER_INSTALL,
    }));
  if (tf.findBackendFactory(BACKEND_NAME) === null) {
    await loadOptionalModule(() => import("@tensorflow/tfjs-backend-webgpu"), "@tensorflow/tfjs-backend-webgpu", {
      adapter: "@initlib/backend-webgpu",
      needed: "it registers tfjs's webgpu backend",
      install: PEER_INSTALL,
    });
  }
  if (options.setBackend === true) {
    let activated = false;
    let cause: unknown;
    try {
      activated = await tf.setBackend(BACKEND_NAME);
    } catch (error) {
      cause = error;
    }
    if (!activated) {
      throw new InitlibError("INITLIB_BACKEND_FAILURE", "tfjs could not start its webgpu backend", {
        received: (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu === undefined ? "no navigator.gpu" : "navigator.gpu without a usable adapter",
        expected: "a WebGPU adapter",
        hint:
          "in a browser, use one with WebGPU enabled; in Node, install navigator.gpu from the 'webgpu' package " +
          "(and on a machine without a GPU set VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json)",
        cause,
      });
    }
  }
  await tf.ready();
  if (tf.getBackend() !== BACKEND_NAME) {
    throw new InitlibError("INITLIB_BACKEND_FAILURE", "the active tfjs backend is not webgpu", {
      received: tf.getBackend(),
      expected: '"webgpu"',
      hint: 'call await tf.setBackend("webgpu") first, or pass { setBackend: true } to createWebGpuBackend',
    });
  }
  const gpu = tf.backend() as unknown as WebGpuKernelBackend;
  const device = gpu.device;
  let lost: { readonly reason?: string; readonly message: string } | null = null;
  void device.lost.then((info) => {
    lost = info;
  });

  function ensureUsable(operation: string): void {
    if (lost !== null) {
      throw new InitlibError("INITLIB_BACKEND_FAILURE", `webgpu backend: the GPU device was lost, ${operation} is impossible`, {
        received: lost.reason ?? "unknown",
        expected: "a live GPU device",
        hint: "create a new backend (a lost device does not come back); parameters of the old one are gone",
        cause: new Error(lost.message),
      });
    }
    if ((tf.backend() as unknown) !== gpu) {
      throw new InitlibError("INITLIB_BACKEND_FAILURE", `webgpu backend: the active tfjs backend changed, ${operation} would run elsewhere`, {
        received: tf.getBackend(),
        expected: '"webgpu" (the instance the backend was created on)',
        hint: 'keep tfjs on the webgpu backend while initlib runs, or call await tf.setBackend("webgpu") again',
      });
    }
  }

  /**
   * Runs `produce` (which builds a new tensor on the device) under WebGPU error scopes, so that a
   * failed dispatch, an out-of-memory or a lost device surfaces here, before anything is assigned:
   * on failure the parameter keeps its previous values.
   */
  async function onDevice(operation: string, produce: () => Tensor): Promise<Tensor> {
    ensureUsable(operation);
    for (const filter of ERROR_FILTERS) device.pushErrorScope(filter);
    let tensor: Tensor | undefined;
    let thrown: unknown;
    try {
      tensor = tf.tidy(produce);
      // Submit now, so that recording and validation errors land inside these scopes.
      gpu.ensureCommandEncoderReady();
      gpu.endComputePassEncoder();
      gpu.submitQueue();
    } catch (error) {
      thrown = error;
    }
    const scopeErrors: Array<{ readonly message: string } | null> = [];
    for (let index = 0; index < ERROR_FILTERS.length; index += 1) {
      scopeErrors.push(await device.popErrorScope().catch((error: unknown) => ({ message: String(error) })));
    }
    const scopeError = scopeErrors.find((error) => error !== null);
    if (thrown === undefined && scopeError === undefined && lost === null) return tensor as Tensor;
    tensor?.dispose();
    if (lost !== null) ensureUsable(operation);
    throw new InitlibError("INITLIB_BACKEND_FAILURE", `webgpu backend: ${operation} failed on the device`, {
      expected: "the GPU work to complete",
      hint: "the parameter keeps its previous values; check the cause (device memory, a lost device) and retry",
      cause: thrown ?? new Error(scopeError?.message ?? "unknown WebGPU error"),
    });
  }

  function uploadStaging(parameter: ParameterHandle): void {
    const values = parameter.writes.values;
    const variable = parameter.current;
    if (values === null || variable === null) return;
    // tfjs keeps `values` by reference; the staging lets go of it, so nothing can change it.
    parameter.writes.settle(values);
    tf.tidy(() => {
      variable.assign(tf.tensor(values, [...parameter.shape], "float32"));
    });
  }

  function replace(parameter: ParameterHandle, next: Tensor): void {
    const variable = parameter.variable;
    tf.tidy(() => {
      variable.assign(next.shape.length === parameter.shape.length ? next : tf.reshape(next, [...parameter.shape]));
    });
    next.dispose();
  }

  async function readVariable(parameter: ParameterHandle): Promise<Float32Array> {
    try {
      const values = await parameter.variable.data<"float32">();
      // A copy: tfjs caches the downloaded array and hands the same one to later readers.
      return Float32Array.from(values);
    } catch (cause) {
      ensureUsable("read");
      throw new InitlibError("INITLIB_BACKEND_FAILURE", "webgpu backend: reading a parameter back failed", {
        expected: "the GPU buffer to map for reading",
        hint: "check the cause; a lost device needs a new backend",
        cause,
      });
    }
  }

  const backend: WebGpuBackend = {
    name: BACKEND_NAME,
    specVersion: BACKEND_SPEC_VERSION,
    tf,

    async allocate(shape) {
      const checked = validateShape(shape, BACKEND_NAME);
      const initial = await onDevice("allocate", () => tf.fill(checked, 0, "float32"));
      const variable = tf.variable(initial, true, undefined, "float32");
      initial.dispose();
      return new ParameterHandle(checked, variable, uploadStaging);
    },

    async write(storage, values, offset) {
      const parameter = live(storage, "write");
      validateWrite(values, offset, parameter.size, BACKEND_NAME);
      if (values.length === 0) return;
      if (offset === 0 && values.length === parameter.size) {
        // The whole parameter: one upload of a copy (tfjs keeps arrays by reference; callers reuse theirs).
        const piece = values.slice();
        const next = await onDevice("write", () => tf.tensor(piece, [...parameter.shape], "float32"));
        parameter.writes.replaced();
        replace(parameter, next);
        return;
      }
      // Writes at offsets are collected on the host and uploaded once when sequential chunks complete
      // the parameter, or before it is read or used: a chunked write of n elements costs O(n).
      ensureUsable("write");
      const completed = await parameter.writes.patch(values, offset, () => readVariable(parameter));
      if (completed === undefined) return;
      let next: Tensor;
      try {
        next = await onDevice("write", () => tf.tensor(completed, [...parameter.shape], "float32"));
      } finally {
        // Uploaded or failed, the staged writes are over (a failed upload leaves the old values);
        // settled before `replace`, which would otherwise upload them a second time.
        parameter.writes.settle(completed);
      }
      replace(parameter, next);
    },

    async read(storage) {
      const parameter = live(storage, "read");
      ensureUsable("read");
      if (parameter.writes.values !== null) return parameter.writes.values.slice();
      return readVariable(parameter);
    },

    async fill(storage, value) {
      const parameter = live(storage, "fill");
      if (typeof value !== "number") {
        throw new InitlibError("INITLIB_BAD_ARGUMENT", "webgpu backend: fill needs a number", {
          received: value,
          expected: "a number (rounded to float32)",
        });
      }
      const next = await onDevice("fill", () => tf.fill([...parameter.shape], Math.fround(value), "float32"));
      parameter.writes.replaced();
      replace(parameter, next);
    },

    dispose(storage) {
      const parameter = asHandle(storage, "dispose");
      if (parameter.current === null) return;
      parameter.current.dispose();
      parameter.current = null;
      parameter.writes.clear();
    },

    async sample(storage, request) {
      const parameter = live(storage, "sample");
      // Validates the rule and key exactly as the host generator does (INITLIB_BAD_ARGUMENT).
      const uniforms = sampleUniforms(request, parameter.size);
      if (parameter.size === 0) return;
      const program = new PhiloxSampleProgram(request.rule.kind, parameter.size);
      const next = await onDevice("sample", () => {
        const info = gpu.runWebGPUProgram(program, [], "float32", uniforms);
        const flat = tf.engine().makeTensorFromTensorInfo(info);
        return tf.reshape(flat, [...parameter.shape]);
      });
      // Only now: a failed sample leaves staged writes (and the variable) as they were.
      parameter.writes.replaced();
      replace(parameter, next);
    },
  };
  return backend;
}

function asHandle(storage: WebGpuParameter, operation: string): ParameterHandle {
  if (!(storage instanceof ParameterHandle)) {
    throw new InitlibError("INITLIB_BAD_ARGUMENT", `webgpu backend: ${operation} got storage it did not allocate`, {
      received: storage,
      expected: "a parameter returned by this backend's allocate()",
    });
  }
  return storage;
}

function live(storage: WebGpuParameter, operation: string): ParameterHandle {
  const parameter = asHandle(storage, operation);
  if (parameter.current === null) throw disposedError(operation);
  return parameter;
}

function disposedError(operation: string): InitlibError {
  return new InitlibError("INITLIB_DISPOSED", `webgpu backend: ${operation} on a disposed parameter`, {
    expected: "a parameter that has not been disposed",
    hint: "allocate a new parameter; a disposed one has released its GPU memory",
  });
}
