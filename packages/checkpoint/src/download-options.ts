import type { RetryOptions } from "./retry";

/** Options of `downloadCheckpoint` (and of every download `openCheckpoint` makes). */
export interface DownloadOptions extends RetryOptions {
  /** Cache directory (created private, mode 0700). @default `INITLIB_CACHE_DIR`, else `~/.cache/initlib/checkpoints` */
  readonly cacheDirectory?: string;
  /** Expected SHA-256 (hex, full or a prefix of at least 8 digits). A torch-hub style name `name-<hex>.pth` also sets it. */
  readonly sha256?: string;
  /** Milliseconds without receiving anything (after connecting) before giving up; alias of `idleTimeoutMs`. @default 60000 */
  readonly timeoutMs?: number;
  /** Milliseconds without receiving anything, once connected. @default 60000 */
  readonly idleTimeoutMs?: number;
  /** Milliseconds to establish the connection and receive the response headers. @default `timeoutMs`, else 30000 */
  readonly connectTimeoutMs?: number;
  /** Milliseconds the whole download may take. @default 3600000 (one hour) */
  readonly totalTimeoutMs?: number;
  /** Most bytes accepted from the server. @default 64 GiB */
  readonly maxBytes?: number;
  /** Draw a progress bar on stderr. @default true when stderr is a terminal */
  readonly progress?: boolean;
  /** Called as bytes arrive (`total` from Content-Length when the server sends it). */
  readonly onProgress?: (received: number, total: number | undefined) => void;
  /** Redirects followed at most (each to http or https only). @default 5 */
  readonly maxRedirects?: number;
  /** Aborts the download; the partial file is removed. */
  readonly signal?: AbortSignal;
  /** Request headers; `authorization` is sent to the URL's own origin only, never after a redirect elsewhere. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Origins a redirect may lead to besides the URL's own (`"*"`: any). @default ["*"] */
  readonly redirectOrigins?: readonly string[];
}

