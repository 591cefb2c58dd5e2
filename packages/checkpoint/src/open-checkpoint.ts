import { localShardOpener, openLocalSource, pathOfFileUrl } from "#local-files";
import { checkRange, createMemorySource, type ByteSource } from "./byte-source";
import { CheckpointError } from "./checkpoint-error";
import type { CheckpointFormat, CheckpointReader } from "./checkpoint-reader";
import { createBlobSource } from "./blob-source";
import { resolveHubUrl, type HubOptions } from "./hub-url";
import { readBody } from "./read-body";
import { evictCachedCopy, openRemoteSource, type RemoteSourceOptions } from "./remote-source";
import { readSafetensors } from "./safetensors-reader";
import type { CheckpointLimits } from "./checkpoint-limits";
import { readTfjsModel, TFJS_MAX_MODEL_JSON_BYTES } from "./tfjs-reader";
import { redactUrl } from "./redact-url";
import { resolveRemoteShard } from "./shard-location";
import { isShardedIndex, readJsonFile, readShardedIndex } from "./sharded-index";
import { readTorchArchive, type TorchArchiveLimits } from "./torch-reader";


/** Options of {@link openCheckpoint}. */
export interface OpenCheckpointOptions extends RemoteSourceOptions, HubOptions {
  /** Skip sniffing and read as this format. */
  readonly format?: CheckpointFormat;
  /** Caps on what deflated zip members may expand to and on the work a pickle may cause. */
  readonly zipLimits?: TorchArchiveLimits;
  /** Caps on every reader (header and JSON sizes, zip inflation, pickle work); merged over `zipLimits`. */
  readonly limits?: CheckpointLimits;
}

/** Options of {@link openCheckpointFromBytes}. */
export interface OpenBytesOptions {
  /** Name used in errors. @default "<bytes>" */
  readonly name?: string;
  readonly format?: CheckpointFormat;
  readonly limits?: CheckpointLimits;
  readonly zipLimits?: TorchArchiveLimits;
  /** Weight shards of a tfjs model.json, by the paths its manifest names. */
  readonly files?: Readonly<Record<string, Uint8Array>>;
}

const EXTENSION_FORMATS: Readonly<Record<string, CheckpointFormat>> = {
  safetensors: "safetensors",
  pth: "torch",
  pt: "torch",
  bin: "torch",
  ckpt: "torch",
  json: "tfjs",
};

function extensionFormat(name: string): CheckpointFormat | undefined {
  const match = /\.([A-Za-z0-9]+)$/.exec(name.split(/[?#]/)[0] ?? "");
  return match ? EXTENSION_FORMATS[match[1]!.toLowerCase()] : undefined;
}

/**
 * Decides the format from the first bytes (zip magic → torch; an 8-byte length followed by `{` →
 * safetensors; JSON → tfjs), with the file extension breaking ties and naming what was expected.
 * A pickle without a zip around it is PyTorch's legacy format, refused with a clear message.
 */
export async function sniffFormat(source: ByteSource): Promise<CheckpointFormat> {
  const head = await source.read(0, Math.min(source.size, 16));
  const hinted = extensionFormat(source.name);
  const isZip = head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
  if (isZip) return "torch";
  if (head.length >= 2 && head[0] === 0x80 && head[1]! >= 2 && head[1]! <= 5) {
    throw new CheckpointError("CHECKPOINT_LEGACY_FORMAT", "this is PyTorch's legacy (pre-1.6, non-zip) checkpoint format, which is not supported", {
      file: source.name,
      hint: "re-save it with a current PyTorch: torch.save(torch.load(path), new_path), or convert it to safetensors",
    });
  }
  let safetensors = false;
  if (head.length >= 9 && head[8] === 0x7b) {
    const view = new DataView(head.buffer, head.byteOffset, 8);
    const length = view.getUint32(0, true) + view.getUint32(4, true) * 4294967296;
    safetensors = length >= 2 && length + 8 <= source.size;
  }
  const firstCharacter = [...head].find((byte) => byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09 && byte !== 0xef && byte !== 0xbb && byte !== 0xbf);
  const json = firstCharacter === 0x7b;
  if (safetensors && json) return hinted === "tfjs" ? "tfjs" : "safetensors";
  if (safetensors) return "safetensors";
  if (json) return "tfjs";
  throw new CheckpointError("CHECKPOINT_UNKNOWN_FORMAT", "the content is not a checkpoint format initlib reads", {
    file: source.name,
    received: [...head.subarray(0, 8)].map((byte) => byte.toString(16).padStart(2, "0")).join(" "),
    expected: hinted
      ? `${hinted} content, as the extension suggests`
      : "safetensors, a torch.save zip archive (.pth/.pt/.bin) or a tfjs model.json",
  });
}

async function readFormat(
  source: ByteSource,
  format: CheckpointFormat | undefined,
  zipLimits: CheckpointLimits | undefined,
  openShard: (path: string) => Promise<ByteSource>,
): Promise<CheckpointReader> {
  try {
    switch (format ?? (await sniffFormat(source))) {
      case "safetensors":
        return await readSafetensors(source, zipLimits);
      case "torch":
        return await readTorchArchive(source, zipLimits);
      case "tfjs": {
        const json = await readJsonFile(source, zipLimits?.maxJsonBytes ?? TFJS_MAX_MODEL_JSON_BYTES);
        if (!isShardedIndex(json)) return await readTfjsModel(source, openShard, zipLimits);
        await source.close();
        return readShardedIndex(json, source.name, async (file) => {
          const shard = await openShard(file);
          return readFormat(shard, undefined, zipLimits, () => {
            throw new CheckpointError("CHECKPOINT_BAD_HEADER", "a shard of a sharded checkpoint cannot name further files", { file: shard.name });
          });
        });
      }
    }
  } catch (error) {
    await source.close().catch(() => undefined);
    // Whole content that does not parse is not kept for the next run.
    await evictCachedCopy(source);
    throw error;
  }
}

function isUrl(source: string | URL): boolean {
  const text = typeof source === "string" ? source : source.href;
  return /^(https?|file):\/\//i.test(text);
}

/** What {@link openCheckpoint} opens. */
export type CheckpointInput = string | URL | Uint8Array | ArrayBuffer | Blob | Response | ByteSource;

const isByteSource = (value: unknown): value is ByteSource =>
  typeof value === "object" && value !== null && typeof (value as ByteSource).read === "function" && typeof (value as ByteSource).size === "number";

/**
 * Opens a checkpoint from anywhere: a local path (Node); an `http(s)` URL (read by Range requests
 * when the server allows them, else downloaded once into the cache); `hf://owner/repo[@rev]/file`
 * (the Hugging Face Hub, or `hubEndpoint` / `HF_ENDPOINT`); bytes (`Uint8Array`, `ArrayBuffer`);
 * a `Blob` or `File`; a `Response`; or a reader object of your own (`{ name, size, read, close }`).
 * Sharded checkpoints (`*.index.json`) open only the shards whose keys are prepared or read. Only
 * the header / index is read and validated here; tensors are read on demand.
 * @example
 * const reader = await openCheckpoint("hf://openai/clip-vit-base-patch32/model.safetensors");
 * const weight = await reader.read("vision_model.embeddings.patch_embedding.weight");
 * await reader.close();
 */
export async function openCheckpoint(source: CheckpointInput, options: OpenCheckpointOptions = {}): Promise<CheckpointReader> {
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) {
    return openCheckpointFromBytes(source instanceof ArrayBuffer ? new Uint8Array(source) : source, { name: "<bytes>", ...options });
  }
  if (typeof Blob !== "undefined" && source instanceof Blob) return readFormat(createBlobSource(source), options.format, limitsOf(options), noShards("<blob>"));
  if (typeof Response !== "undefined" && source instanceof Response) {
    const name = source.url ? redactUrl(source.url) : "<response>";
    if (!source.ok) throw new CheckpointError("CHECKPOINT_HTTP", `the response is HTTP ${source.status}`, { file: name, received: source.status });
    const bytes = await readBody(source, name, {
      maxBytes: options.maxBytes ?? 4 * 2 ** 30,
      idleTimeoutMs: options.idleTimeoutMs ?? options.timeoutMs,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return openCheckpointFromBytes(bytes, { ...options, name });
  }
  if (isByteSource(source)) return readFormat(checkedUserSource(source), options.format, limitsOf(options), noShards(source.name));
  if (typeof source !== "string" && !(source instanceof URL)) {
    throw new CheckpointError("CHECKPOINT_BAD_ARGUMENT", "openCheckpoint cannot open this kind of value", {
      received: Object.prototype.toString.call(source),
      expected: "a path, a URL, hf://owner/repo/file, bytes, a Blob, a Response or a { name, size, read, close } reader",
    });
  }
  if (typeof source === "string" && source.startsWith("hf://")) {
    const hub = resolveHubUrl(source, options);
    return openRemote(hub.url, { ...options, headers: { ...options.headers, ...hub.headers }, redirectOrigins: options.redirectOrigins ?? hub.redirectOrigins });
  }
  if (isUrl(source)) {
    const url = new URL(source);
    if (url.protocol === "file:") return openCheckpoint(await pathOfFileUrl(url), options);
    return openRemote(url, options);
  }
  const path = typeof source === "string" ? source : source.href;
  return readFormat(await openLocalSource(path, options.sha256), options.format, limitsOf(options), localShardOpener(path));
}

/** A remote checkpoint; the files it names (tfjs shards, index shards) stay under its URL. */
async function openRemote(url: URL, options: OpenCheckpointOptions): Promise<CheckpointReader> {
  const main = await openRemoteSource(url, options);
  let format: CheckpointFormat;
  try {
    format = options.format ?? (await sniffFormat({ ...main, name: url.pathname }));
  } catch (error) {
    await main.close().catch(() => undefined);
    await evictCachedCopy(main);
    throw error;
  }
  return readFormat(main, format, limitsOf(options), async (path) => openRemoteSource(resolveRemoteShard(url, path), { ...options, sha256: undefined }));
}

/**
 * A reader object written by a user, held to the byte-source contract: whatever array its `read`
 * returns must have the length asked for, and it lands in `into` when the caller gave one.
 */
function checkedUserSource(source: ByteSource): ByteSource {
  const name = typeof source.name === "string" ? source.name : "<reader>";
  return {
    name,
    size: source.size,
    async read(offset, length, into) {
      checkRange(name, source.size, offset, length);
      const bytes = await source.read(offset, length, into);
      if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
        throw new CheckpointError("CHECKPOINT_TRUNCATED", `the reader returned ${bytes instanceof Uint8Array ? `${bytes.length} bytes` : "no Uint8Array"} for a read of ${length}`, {
          file: name,
          expected: `a Uint8Array of ${length} bytes`,
        });
      }
      if (into && bytes.buffer !== into.buffer) into.set(bytes);
      return into ? into.subarray(0, length) : bytes;
    },
    close: async () => source.close?.(),
  };
}

/** The shard opener of a checkpoint given as bytes or a reader: it cannot reach other files. */
function noShards(name: string): (path: string) => Promise<ByteSource> {
  return async (path) => {
    throw new CheckpointError("CHECKPOINT_NOT_FOUND", `the checkpoint names a file "${path}", which a checkpoint given as bytes cannot reach`, {
      file: name,
      hint: "open it by path or URL, or use openCheckpointFromBytes with options.files",
    });
  };
}

/**
 * Opens a checkpoint held in memory (browsers, tests); tfjs shards come from `options.files`.
 * @example
 * const reader = await openCheckpointFromBytes(new Uint8Array(await (await fetch(url)).arrayBuffer()));
 */
export async function openCheckpointFromBytes(bytes: Uint8Array, options: OpenBytesOptions = {}): Promise<CheckpointReader> {
  const name = options.name ?? "<bytes>";
  return readFormat(createMemorySource(bytes, name), options.format, limitsOf(options), async (path) => {
    const shard = options.files?.[path];
    if (!shard) {
      throw new CheckpointError("CHECKPOINT_NOT_FOUND", `weight shard "${path}" was not provided`, { file: name, hint: "pass every shard in options.files, keyed by its manifest path" });
    }
    return createMemorySource(shard, path);
  });
}

/** The caps an open applies: `limits` over the older `zipLimits`. */
function limitsOf(options: { zipLimits?: TorchArchiveLimits; limits?: CheckpointLimits }): CheckpointLimits {
  return { ...options.zipLimits, ...options.limits };
}
