import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { encodeSafetensors, type ByteSource } from "@initlib/checkpoint";
import { InitlibError } from "@initlib/registry";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { FillRule } from "../fill-rule";
import { createHostParam, type HostParam } from "../host-param";
import type { ModuleLike } from "../module-like";
import type { InitializerPlan } from "../weight-initializer";
import { PretrainedInit } from "./index";

/** A safetensors file written by hand, for dtypes the writer does not produce (F16, BF16, F8). */
function craftSafetensors(tensors: Record<string, { dtype: string; shape: number[]; bytes: Uint8Array }>): Uint8Array {
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const [key, { dtype, shape, bytes }] of Object.entries(tensors)) {
    header[key] = { dtype, shape, data_offsets: [offset, offset + bytes.length] };
    offset += bytes.length;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - (json.length % 8)) % 8);
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(new TextEncoder().encode(json), 8);
  let at = 8 + json.length;
  for (const { bytes } of Object.values(tensors)) {
    out.set(bytes, at);
    at += bytes.length;
  }
  return out;
}
const halves = (...bits: number[]) => new Uint8Array(new Uint16Array(bits).buffer);

const backboneShard = encodeSafetensors({
  "backbone.w": { data: Float32Array.from({ length: 6 }, (_, index) => index + 1), shape: [2, 3] },
  "backbone.b": { data: new Float32Array([7, 8]), shape: [2] },
});
const headShard = encodeSafetensors({ "head.w": { data: new Float32Array(20_000).fill(3), shape: [20_000] } });
const files: Record<string, Uint8Array> = {
  "/m/model.safetensors.index.json": new TextEncoder().encode(
    JSON.stringify({ weight_map: { "backbone.w": "model-00001-of-00002.safetensors", "backbone.b": "model-00001-of-00002.safetensors", "head.w": "model-00002-of-00002.safetensors" } }),
  ),
  "/m/model-00001-of-00002.safetensors": backboneShard,
  "/m/model-00002-of-00002.safetensors": headShard,
  "/owner/repo/resolve/main/model.safetensors": backboneShard,
};
const log: { path: string; range: string | undefined; authorization: string | undefined }[] = [];
let failData = false;
let server: Server;
let base: string;

function answer(request: IncomingMessage, response: ServerResponse): void {
  const path = new URL(request.url ?? "/", "http://x").pathname;
  log.push({ path, range: request.headers.range, authorization: request.headers.authorization });
  if (path === "/owner/repo/resolve/main/moved.safetensors") {
    // localhost is another origin than 127.0.0.1, though the same server: its log shows any visit.
    response.writeHead(302, { location: `${base.replace("127.0.0.1", "localhost")}/m/model-00001-of-00002.safetensors` }).end();
    return;
  }
  const bytes = files[path];
  const range = /^bytes=(\d+)-(\d+)$/.exec(request.headers.range ?? "");
  if (!bytes) {
    response.writeHead(404).end();
    return;
  }
  if (!range) {
    response.writeHead(200, { "content-length": bytes.length }).end(bytes);
    return;
  }
  const [start, end] = [Number(range[1]), Math.min(Number(range[2]), bytes.length - 1)];
  if (failData && start >= 100) {
    response.writeHead(503).end();
    return;
  }
  response.writeHead(206, { "content-range": `bytes ${start}-${end}/${bytes.length}`, "content-length": end - start + 1 }).end(bytes.subarray(start, end + 1));
}

beforeAll(async () => {
  server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  log.length = 0;
  failData = false;
});

/** A module of host parameters, each pre-filled with 9 so that an unchanged one shows. */
function hostModule(shapes: Record<string, number[]>): { module: ModuleLike; params: Record<string, HostParam> } {
  const params = Object.fromEntries(Object.entries(shapes).map(([name, shape]) => [name, createHostParam(shape, { path: name })]));
  for (const param of Object.values(params)) param.data.fill(9);
  const module: ModuleLike = {
    typeName: "Net",
    typeBases: ["BaseModule"],
    modulesPostOrder: () => [module],
    stateEntries: () => Object.entries(params).map(([name, tensor]) => ({ name, tensor, kind: "parameter" as const })),
  };
  return { module, params };
}

/** Runs a plan's writes on host parameters, as initWeights does, then releases the checkpoint. */
async function apply(plan: InitializerPlan): Promise<void> {
  try {
    for (const write of plan.writes) await (write.tensor as HostParam).assign(write.rule as FillRule, write.info);
  } finally {
    await plan.release?.();
  }
}

const remote = { rangeRequests: true, cacheStorage: null, retries: 0 } as const;

describe("Pretrained from anywhere", () => {
  it("takes a submodule from a sharded checkpoint by URL, opening only its shard and reading by Range", async () => {
    const { module, params } = hostModule({ w: [2, 3], b: [2] });
    const plan = await new PretrainedInit({ checkpoint: `${base}/m/model.safetensors.index.json`, prefix: "backbone", checkpointOptions: remote }).plan(module);
    await apply(plan);
    expect([...params.w!.data]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...params.b!.data]).toEqual([7, 8]);
    expect(plan.loadReport).toMatchObject({ loaded: ["w", "b"], missing: [], unexpected: [], converted: [] });
    expect(log.map((entry) => entry.path)).not.toContain("/m/model-00002-of-00002.safetensors");
    expect(plan.logs.map((entry) => entry.message)).toContain(`Loads checkpoint by http backend from path: ${base}/m/model.safetensors.index.json`);
  });

  it("resolves hf:// against the endpoint given in checkpointOptions, sending the token there", async () => {
    const { module, params } = hostModule({ "backbone.b": [2] });
    const checkpointOptions = { ...remote, hubEndpoint: base, hubToken: "hf_token" };
    const plan = await new PretrainedInit({ checkpoint: "hf://owner/repo/model.safetensors", checkpointOptions }).plan(module);
    await apply(plan);
    expect([...params["backbone.b"]!.data]).toEqual([7, 8]);
    expect(log.every((entry) => entry.path.startsWith("/owner/repo/resolve/main/") && entry.authorization === "Bearer hf_token")).toBe(true);
  });

  it("accepts bytes, an ArrayBuffer, a Blob, a File, a Response and a reader object", async () => {
    const reader: ByteSource = {
      name: "my-reader",
      size: backboneShard.length,
      read: async (offset, length) => backboneShard.slice(offset, offset + length),
      close: async () => undefined,
    };
    const inputs = [backboneShard, backboneShard.slice().buffer, new Blob([backboneShard]), new File([backboneShard], "picked.safetensors"), new Response(backboneShard), reader];
    const names = [];
    for (const checkpoint of inputs) {
      const { module, params } = hostModule({ "backbone.b": [2] });
      const init = new PretrainedInit({ checkpoint });
      names.push(init.checkpoint);
      await apply(await init.plan(module));
      expect([...params["backbone.b"]!.data]).toEqual([7, 8]);
    }
    expect(names).toEqual(["<bytes>", "<bytes>", "<blob>", "picked.safetensors", "<response>", "my-reader"]);
  });

  it("converts F16, BF16 and F64 to float32 and lists them in the report", async () => {
    const checkpoint = craftSafetensors({
      half: { dtype: "F16", shape: [2], bytes: halves(0x3e00, 0xc000) },
      brain: { dtype: "BF16", shape: [2], bytes: halves(0x3fc0, 0xc000) },
      double: { dtype: "F64", shape: [2], bytes: new Uint8Array(new Float64Array([0.1, -3]).buffer) },
      steps: { dtype: "I64", shape: [1], bytes: new Uint8Array(new BigInt64Array([42n]).buffer) },
      plain: { dtype: "F32", shape: [1], bytes: new Uint8Array(new Float32Array([5]).buffer) },
    });
    const { module, params } = hostModule({ half: [2], brain: [2], double: [2], steps: [1], plain: [1] });
    const plan = await new PretrainedInit({ checkpoint }).plan(module);
    await apply(plan);
    expect([...params.half!.data]).toEqual([1.5, -2]);
    expect([...params.brain!.data]).toEqual([1.5, -2]);
    expect([...params.double!.data]).toEqual([Math.fround(0.1), -3]);
    expect([...params.steps!.data]).toEqual([42]);
    expect(plan.loadReport?.converted).toEqual([
      { key: "half", dtype: "float16" },
      { key: "brain", dtype: "bfloat16" },
      { key: "double", dtype: "float64" },
      { key: "steps", dtype: "int64" },
    ]);
  });

  it("refuses any other dtype by name and key, before any write", async () => {
    const checkpoint = craftSafetensors({ fp8: { dtype: "F8_E4M3", shape: [1], bytes: new Uint8Array(1) } });
    const error = await new PretrainedInit({ checkpoint }).plan(hostModule({ fp8: [1] }).module).catch((caught: unknown) => caught);
    expect(InitlibError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "INITLIB_CHECKPOINT", message: expect.stringMatching(/"fp8"[\s\S]*F8_E4M3/) });
  });

  it("fails a read that the server breaks with a coded error naming the URL (redacted) and the key, leaving the parameter unchanged", async () => {
    const { module, params } = hostModule({ w: [2, 3] });
    const checkpoint = `${base}/m/model-00001-of-00002.safetensors?token=secret`;
    const init = new PretrainedInit({ checkpoint, prefix: "backbone", checkpointOptions: remote });
    const plan = await init.plan(module);
    failData = true;
    const error = await apply(plan).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "INITLIB_CHECKPOINT" });
    const message = (error as Error).message;
    expect(message).toContain(`${base}/m/model-00001-of-00002.safetensors?token=***`);
    expect(message).toContain('"backbone.w"');
    expect(message).not.toContain("secret");
    expect(init.info).not.toContain("secret");
    expect([...params.w!.data]).toEqual([9, 9, 9, 9, 9, 9]);
  });

  it("fails before any write when the URL is missing", async () => {
    const { module, params } = hostModule({ w: [2, 3] });
    const error = await new PretrainedInit({ checkpoint: `${base}/m/absent.safetensors`, checkpointOptions: remote }).plan(module).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "INITLIB_CHECKPOINT", message: expect.stringContaining("can not be found") });
    expect([...params.w!.data]).toEqual([9, 9, 9, 9, 9, 9]);
  });

  it("refuses an hf:// file redirected to another origin, which never sees the token", async () => {
    const { module, params } = hostModule({ w: [2, 3] });
    const checkpointOptions = { ...remote, hubEndpoint: base, hubToken: "hf_token" };
    const error = await new PretrainedInit({ checkpoint: "hf://owner/repo/moved.safetensors", checkpointOptions }).plan(module).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "INITLIB_CHECKPOINT", message: expect.stringContaining("redirected to another origin") });
    expect(log.map((entry) => entry.path)).toEqual(["/owner/repo/resolve/main/moved.safetensors"]);
    expect([...params.w!.data]).toEqual([9, 9, 9, 9, 9, 9]);
  });

  it("validates checkpointOptions", () => {
    expect(() => new PretrainedInit({ checkpoint: "a.pth", checkpointOptions: 3 as never })).toThrow(/checkpointOptions must be an object/);
  });
});
