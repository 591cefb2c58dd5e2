import { CheckpointError } from "./checkpoint-error";
import { redactUrl } from "./redact-url";

/** Options of {@link fetchWithRedirects}. */
export interface HttpRequestOptions {
  /** Headers for the request; `authorization` goes only to the origin of the first URL. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Milliseconds until the response headers arrive. @default 30000 */
  readonly connectTimeoutMs?: number;
  /** Redirects followed at most (each to http or https). @default 5 */
  readonly maxRedirects?: number;
  /**
   * Origins a redirect may lead to besides the first URL's own; `"*"` allows any. A redirect
   * elsewhere is a `CHECKPOINT_HTTP` error. @default ["*"]
   */
  readonly redirectOrigins?: readonly string[];
  readonly signal?: AbortSignal;
}

/**
 * `fetch` with redirects followed by hand, so each hop is validated (http or https, an allowed
 * origin) and credentials never follow a redirect to another origin. Works in Node and browsers.
 * @example
 * const response = await fetchWithRedirects(new URL("https://host/w.safetensors"), { headers: { range: "bytes=0-7" } });
 */
export async function fetchWithRedirects(url: URL, options: HttpRequestOptions = {}): Promise<{ response: Response; url: URL }> {
  const allowed = options.redirectOrigins ?? ["*"];
  let current = url;
  for (let redirects = 0; ; redirects += 1) {
    const sameOrigin = current.origin === url.origin;
    const headers = Object.fromEntries(Object.entries(options.headers ?? {}).filter(([name]) => sameOrigin || name.toLowerCase() !== "authorization"));
    // The connect timeout covers the wait for the response headers only, never the body.
    const connect = new AbortController();
    const timer = setTimeout(() => connect.abort(new DOMException("no response in time", "TimeoutError")), options.connectTimeoutMs ?? 30_000);
    const signal = options.signal ? AbortSignal.any([connect.signal, options.signal]) : connect.signal;
    let response: Response;
    try {
      response = await fetch(current, { headers, redirect: "manual", signal });
    } catch (cause) {
      const timedOut = connect.signal.aborted;
      throw new CheckpointError(timedOut ? "CHECKPOINT_TIMEOUT" : "CHECKPOINT_NETWORK", timedOut ? "no response in time" : "the request failed", {
        file: redactUrl(current),
        hint: "check the network and the URL (in a browser, also the server's CORS headers)",
        cause,
      });
    } finally {
      clearTimeout(timer);
    }
    if (response.type === "opaqueredirect") return followInBrowser(current, url, headers, allowed, options);
    const location = response.headers.get("location");
    if (response.status < 300 || response.status >= 400 || location === null) return { response, url: current };
    await response.body?.cancel();
    if (redirects >= (options.maxRedirects ?? 5)) throw new CheckpointError("CHECKPOINT_HTTP", "too many redirects", { file: redactUrl(url) });
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      throw new CheckpointError("CHECKPOINT_HTTP", "the server redirected to a Location that is not a URL", { file: redactUrl(current), received: redactUrl(location).slice(0, 200) });
    }
    if (next.protocol !== "http:" && next.protocol !== "https:") {
      throw new CheckpointError("CHECKPOINT_HTTP", "the server redirected to a URL that is not http or https", { file: redactUrl(current), received: redactUrl(next) });
    }
    if (next.origin !== url.origin && !allowed.includes("*") && !allowed.includes(next.origin)) {
      throw new CheckpointError("CHECKPOINT_HTTP", `the server redirected to another origin (${next.origin})`, {
        file: redactUrl(url),
        received: redactUrl(next),
        hint: "if that origin is trusted, allow it with the redirectOrigins option",
      });
    }
    current = next;
  }
}

/**
 * A browser hides a redirect's target from `redirect: "manual"` (an opaque response). Where every
 * origin is allowed, or others besides the first URL's are listed, the request is made again with
 * `redirect: "follow"` (browsers drop `Authorization` on a redirect to another origin) and the
 * origin it ended on is checked; where only the first URL's origin is allowed (`hf://` by default)
 * it is refused without following.
 */
async function followInBrowser(
  current: URL,
  first: URL,
  headers: Record<string, string>,
  allowed: readonly string[],
  options: HttpRequestOptions,
): Promise<{ response: Response; url: URL }> {
  const others = allowed.includes("*") || allowed.some((origin) => origin !== first.origin);
  if (!others) {
    throw new CheckpointError("CHECKPOINT_HTTP", "the server redirected, and only its own origin is allowed", {
      file: redactUrl(first),
      received: "a redirect whose target the browser hides",
      expected: `a file served by ${first.origin}`,
      hint: "if the origin it redirects to is trusted, allow it with the redirectOrigins option",
    });
  }
  const connect = new AbortController();
  const timer = setTimeout(() => connect.abort(new DOMException("no response in time", "TimeoutError")), options.connectTimeoutMs ?? 30_000);
  const signal = options.signal ? AbortSignal.any([connect.signal, options.signal]) : connect.signal;
  let response: Response;
  try {
    response = await fetch(current, { headers, redirect: "follow", signal });
  } catch (cause) {
    const timedOut = connect.signal.aborted;
    throw new CheckpointError(timedOut ? "CHECKPOINT_TIMEOUT" : "CHECKPOINT_NETWORK", timedOut ? "no response in time" : "the request failed", { file: redactUrl(current), cause });
  } finally {
    clearTimeout(timer);
  }
  const landed = new URL(response.url || current.href);
  if (landed.origin !== first.origin && !allowed.includes("*") && !allowed.includes(landed.origin)) {
    await response.body?.cancel().catch(() => undefined);
    throw new CheckpointError("CHECKPOINT_HTTP", `the server redirected to another origin (${landed.origin})`, {
      file: redactUrl(first),
      received: redactUrl(landed),
      hint: "if that origin is trusted, allow it with the redirectOrigins option",
    });
  }
  return { response, url: landed };
}

/** A coded error for a response that is not the expected success. */
export function httpStatusError(response: Response, url: URL): CheckpointError {
  const file = redactUrl(url);
  if (response.status === 404 || response.status === 410) return new CheckpointError("CHECKPOINT_NOT_FOUND", `${file} can not be found.`, { received: `HTTP ${response.status}`, hint: "check the URL" });
  return new CheckpointError("CHECKPOINT_HTTP", `the server answered HTTP ${response.status} ${response.statusText}`.trim(), { file, received: response.status });
}
