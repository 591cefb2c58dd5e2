import { CheckpointError } from "./checkpoint-error";

/** Options of {@link downloadCheckpoint}. */
export interface DownloadOptions {
  /** Cache directory. @default `INITLIB_CACHE_DIR`, else `~/.cache/initlib/checkpoints` */
  readonly cacheDirectory?: string;
  /** Expected SHA-256 (hex, full or a prefix of at least 8 digits). A torch-hub style name `name-<hex>.pth` also sets it. */
  readonly sha256?: string;
  /** Milliseconds without any progress (connecting or receiving) before giving up. @default 60000 */
  readonly timeoutMs?: number;
  /** Draw a progress bar on stderr. @default true when stderr is a terminal */
  readonly progress?: boolean;
  /** Redirects followed at most. @default 5 */
  readonly maxRedirects?: number;
}

/** torch.hub's convention: the file name carries a prefix of its SHA-256 after the last `-`. */
const HASH_IN_NAME = /-([a-f0-9]{8,64})\.[^.]+$/;

/**
 * The cache directory downloads go to: `INITLIB_CACHE_DIR` when set, else `~/.cache/initlib/checkpoints`.
 * @example
 * const directory = await defaultCacheDirectory(); // "/home/me/.cache/initlib/checkpoints"
 */
export async function defaultCacheDirectory(): Promise<string> {
  const fromEnvironment = process.env.INITLIB_CACHE_DIR;
  if (fromEnvironment) return fromEnvironment;
  const [os, path] = await Promise.all([import("node:os"), import("node:path")]);
  return path.join(os.homedir(), ".cache", "initlib", "checkpoints");
}

/** The expected hash of a URL's file: the option, else the hex after the last `-` of its name. */
export function expectedHash(url: URL, sha256?: string): string | undefined {
  if (sha256 !== undefined) {
    if (!/^[a-fA-F0-9]{8,64}$/.test(sha256)) {
      throw new CheckpointError("CHECKPOINT_BAD_ARGUMENT", "sha256 must be 8 to 64 hexadecimal digits", { received: sha256 });
    }
    return sha256.toLowerCase();
  }
  const name = decodeURIComponent(url.pathname.split("/").pop() ?? "");
  return HASH_IN_NAME.exec(name)?.[1];
}

/**
 * Downloads an `http(s)` URL once into the cache and returns the local path. The body streams into
 * a temporary file in the cache directory that is renamed only when complete and verified (length
 * against Content-Length, SHA-256 when known), so an interrupted download never leaves a file that
 * looks complete. A file already in the cache is used as is.
 * @example
 * const path = await downloadCheckpoint("https://example.com/resnet18-f37072fd.pth");
 */
export async function downloadCheckpoint(url: string | URL, options: DownloadOptions = {}): Promise<string> {
  const target = new URL(url);
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    throw new CheckpointError("CHECKPOINT_BAD_ARGUMENT", "only http and https URLs can be downloaded", { received: target.href });
  }
  const [fs, path, crypto] = await Promise.all([import("node:fs"), import("node:path"), import("node:crypto")]);
  const name = decodeURIComponent(target.pathname.split("/").pop() || "checkpoint");
  const folder = new URL(".", target);
  folder.search = "";
  const directory = path.join(
    options.cacheDirectory ?? (await defaultCacheDirectory()),
    target.host.replace(/[^A-Za-z0-9.-]/g, "_"),
    crypto.createHash("sha256").update(folder.href + target.search).digest("hex").slice(0, 12),
  );
  const destination = path.join(directory, name.replace(/[/\\]/g, "_"));
  if (fs.existsSync(destination)) return destination;
  await fs.promises.mkdir(directory, { recursive: true });
  const hash = expectedHash(target, options.sha256);
  const temporary = `${destination}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.part`;
  try {
    const digest = await fetchToFile(target, temporary, options, options.maxRedirects ?? 5);
    if (hash !== undefined && !digest.startsWith(hash)) {
      throw new CheckpointError("CHECKPOINT_HASH_MISMATCH", "the downloaded file does not have the expected SHA-256", {
        file: target.href,
        received: digest,
        expected: `a hash starting with ${hash}`,
        hint: "the file on the server changed or the download was corrupted; check the URL and the hash",
      });
    }
    await fs.promises.rename(temporary, destination);
  } catch (error) {
    await fs.promises.rm(temporary, { force: true });
    throw error;
  }
  return destination;
}

async function fetchToFile(url: URL, temporary: string, options: DownloadOptions, redirectsLeft: number): Promise<string> {
  const [http, https, fs, crypto] = await Promise.all([import("node:http"), import("node:https"), import("node:fs"), import("node:crypto")]);
  const timeoutMs = options.timeoutMs ?? 60_000;
  const showProgress = options.progress ?? process.stderr.isTTY === true;
  const file = url.href;
  return new Promise<string>((resolve, reject) => {
    let settled = false;
    const fail = (error: CheckpointError) => {
      if (settled) return;
      settled = true;
      request.destroy();
      reject(error);
    };
    const request = (url.protocol === "https:" ? https : http).get(url, (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location) {
        response.resume();
        if (redirectsLeft <= 0) {
          fail(new CheckpointError("CHECKPOINT_HTTP", "too many redirects", { file, received: response.headers.location }));
          return;
        }
        settled = true;
        fetchToFile(new URL(response.headers.location, url), temporary, options, redirectsLeft - 1).then(resolve, reject);
        return;
      }
      if (status === 404 || status === 410) {
        response.resume();
        fail(new CheckpointError("CHECKPOINT_NOT_FOUND", `${file} can not be found.`, { received: `HTTP ${status}`, hint: "check the URL" }));
        return;
      }
      if (status < 200 || status >= 300) {
        response.resume();
        fail(new CheckpointError("CHECKPOINT_HTTP", `the server answered HTTP ${status} ${response.statusMessage ?? ""}`.trim(), { file, received: status, expected: "200" }));
        return;
      }
      const lengthHeader = response.headers["content-length"];
      const declared = lengthHeader === undefined ? undefined : Number(lengthHeader);
      const digest = crypto.createHash("sha256");
      const output = fs.createWriteStream(temporary);
      const progress = showProgress ? createProgressBar(url, declared) : undefined;
      let received = 0;
      const truncated = () =>
        new CheckpointError("CHECKPOINT_TRUNCATED", `the download ended after ${received} of ${declared ?? "?"} bytes`, {
          file,
          received,
          expected: declared === undefined ? "a complete body" : `${declared} bytes (Content-Length)`,
          hint: "the connection was interrupted; try again",
        });
      response.on("data", (chunk: Buffer) => {
        received += chunk.length;
        digest.update(chunk);
        progress?.update(received);
        if (!output.write(chunk)) {
          response.pause();
          output.once("drain", () => response.resume());
        }
      });
      response.on("aborted", () => fail(truncated()));
      response.on("error", () => fail(truncated()));
      response.on("end", () => {
        progress?.finish(received);
        output.end(() => {
          if (settled) return;
          if (!response.complete || (declared !== undefined && received !== declared)) {
            fail(truncated());
            return;
          }
          settled = true;
          resolve(digest.digest("hex"));
        });
      });
      output.on("error", (cause) => fail(new CheckpointError("CHECKPOINT_IO", "cannot write to the cache directory", { file: temporary, cause })));
    });
    request.setTimeout(timeoutMs, () =>
      fail(new CheckpointError("CHECKPOINT_TIMEOUT", `no data for ${timeoutMs} ms`, { file, hint: "check the network or raise timeoutMs" })),
    );
    request.on("error", (cause: Error & { code?: string }) => {
      if (settled) return;
      const refused = cause.code === "ECONNREFUSED";
      fail(
        new CheckpointError("CHECKPOINT_NETWORK", refused ? "the connection was refused" : `the request failed (${cause.code ?? cause.message})`, {
          file,
          hint: refused ? "is the server running and the port right?" : "check the network and the URL",
          cause,
        }),
      );
    });
  });
}

/** A one-line progress bar on stderr, redrawn at most every 100 ms. */
function createProgressBar(url: URL, total: number | undefined) {
  const name = url.pathname.split("/").pop() ?? url.href;
  const started = Date.now();
  let drawn = 0;
  const draw = (received: number) => {
    const seconds = Math.max((Date.now() - started) / 1000, 1e-3);
    const rate = `${(received / 2 ** 20 / seconds).toFixed(1)} MiB/s`;
    const size = `${(received / 2 ** 20).toFixed(1)}${total ? `/${(total / 2 ** 20).toFixed(1)}` : ""} MiB`;
    let bar = "";
    if (total) {
      const filled = Math.round((received / total) * 30);
      bar = `[${"#".repeat(filled)}${" ".repeat(Math.max(30 - filled, 0))}] ${Math.floor((received / total) * 100)}% `;
    }
    process.stderr.write(`\rDownloading ${name} ${bar}${size} ${rate}`);
  };
  return {
    update(received: number) {
      if (Date.now() - drawn < 100) return;
      drawn = Date.now();
      draw(received);
    },
    finish(received: number) {
      draw(received);
      process.stderr.write("\n");
    },
  };
}
