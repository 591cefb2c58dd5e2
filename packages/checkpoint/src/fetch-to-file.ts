import { CheckpointError } from "./checkpoint-error";
import type { DownloadOptions } from "./download-options";
import { createProgressBar } from "./progress-bar";
import { redactUrl } from "./redact-url";

/**
 * Streams `url` into the file `temporary` and resolves with the body's SHA-256 (hex). Enforces a
 * connect timeout (until the response headers), an idle timeout (between chunks), a total timeout
 * and a byte cap; follows at most `maxRedirects` redirects, each validated (parseable, http or
 * https). URLs in errors are redacted. The caller owns the temporary file.
 */
export async function fetchToFile(url: URL, temporary: string, options: DownloadOptions): Promise<string> {
  const connectTimeoutMs = options.connectTimeoutMs ?? options.timeoutMs ?? 30_000;
  const idleTimeoutMs = options.idleTimeoutMs ?? options.timeoutMs ?? 60_000;
  const totalTimeoutMs = options.totalTimeoutMs ?? 3_600_000;
  const deadline = Date.now() + totalTimeoutMs;
  let current = url;
  for (let redirects = 0; ; redirects += 1) {
    const sameOrigin = current.origin === url.origin;
    const headers = Object.fromEntries(Object.entries(options.headers ?? {}).filter(([name]) => sameOrigin || name.toLowerCase() !== "authorization"));
    const outcome = await fetchOnce(current, temporary, options, { connectTimeoutMs, idleTimeoutMs, deadline, headers });
    if (outcome.kind === "done") return outcome.digest;
    const shown = redactUrl(current);
    if (redirects >= (options.maxRedirects ?? 5)) {
      throw new CheckpointError("CHECKPOINT_HTTP", "too many redirects", { file: shown, received: redirects + 1, expected: `at most ${options.maxRedirects ?? 5}` });
    }
    let next: URL;
    try {
      next = new URL(outcome.location, current);
    } catch {
      throw new CheckpointError("CHECKPOINT_HTTP", "the server redirected to a Location that is not a URL", {
        file: shown,
        received: redactUrl(outcome.location).slice(0, 200),
        hint: "the server is misconfigured; use the final URL directly",
      });
    }
    if (next.protocol !== "http:" && next.protocol !== "https:") {
      throw new CheckpointError("CHECKPOINT_HTTP", "the server redirected to a URL that is not http or https", { file: shown, received: redactUrl(next) });
    }
    const allowed = options.redirectOrigins ?? ["*"];
    if (next.origin !== url.origin && !allowed.includes("*") && !allowed.includes(next.origin)) {
      throw new CheckpointError("CHECKPOINT_HTTP", `the server redirected to another origin (${next.origin})`, {
        file: shown,
        received: redactUrl(next),
        hint: "if that origin is trusted, allow it with the redirectOrigins option",
      });
    }
    current = next;
  }
}

type FetchOutcome = { kind: "done"; digest: string } | { kind: "redirect"; location: string };

async function fetchOnce(
  url: URL,
  temporary: string,
  options: DownloadOptions,
  limits: { connectTimeoutMs: number; idleTimeoutMs: number; deadline: number; headers: Record<string, string> },
): Promise<FetchOutcome> {
  const [http, https, fs, crypto] = await Promise.all([import("node:http"), import("node:https"), import("node:fs"), import("node:crypto")]);
  const file = redactUrl(url);
  const maxBytes = options.maxBytes ?? 64 * 2 ** 30;
  const showProgress = options.progress ?? process.stderr.isTTY === true;
  if (options.signal?.aborted) throw aborted(file, options.signal.reason);
  return new Promise<FetchOutcome>((resolve, reject) => {
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let output: ReturnType<typeof fs.createWriteStream> | undefined;
    const cleanup = () => {
      clearTimeout(timer);
      clearTimeout(totalTimer);
      options.signal?.removeEventListener("abort", onAbort);
    };
    const fail = (error: CheckpointError) => {
      if (settled) return;
      settled = true;
      cleanup();
      request.destroy();
      if (output) output.destroy();
      reject(error);
    };
    const succeed = (outcome: FetchOutcome) => {
      if (settled) return;
      settled = true;
      cleanup();
      resolve(outcome);
    };
    const arm = (milliseconds: number, what: string) => {
      clearTimeout(timer);
      timer = setTimeout(
        () => fail(new CheckpointError("CHECKPOINT_TIMEOUT", `${what} for ${milliseconds} ms`, { file, hint: "check the network, or raise the timeout options" })),
        milliseconds,
      );
    };
    const totalTimer = setTimeout(
      () => fail(new CheckpointError("CHECKPOINT_TIMEOUT", "the download exceeded its total time limit", { file, hint: "raise totalTimeoutMs for very large files" })),
      Math.max(0, limits.deadline - Date.now()),
    );
    const onAbort = () => fail(aborted(file, options.signal?.reason));
    options.signal?.addEventListener("abort", onAbort, { once: true });
    arm(limits.connectTimeoutMs, "no response");

    const request = (url.protocol === "https:" ? https : http).get(url, { headers: limits.headers }, (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location !== undefined) {
        response.resume();
        succeed({ kind: "redirect", location: response.headers.location });
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
      const declared = lengthHeader === undefined || !/^\d+$/.test(lengthHeader) ? undefined : Number(lengthHeader);
      if (declared !== undefined && declared > maxBytes) {
        response.resume();
        fail(new CheckpointError("CHECKPOINT_TOO_LARGE", `the server announces ${declared} bytes`, { file, expected: `at most ${maxBytes} bytes (maxBytes)` }));
        return;
      }
      arm(limits.idleTimeoutMs, "no data");
      const digest = crypto.createHash("sha256");
      const sink = fs.createWriteStream(temporary, { mode: 0o600 });
      output = sink;
      const progress = showProgress ? createProgressBar(url.pathname.split("/").pop() || url.host, declared) : undefined;
      let received = 0;
      const truncated = () =>
        new CheckpointError("CHECKPOINT_TRUNCATED", `the download ended after ${received} of ${declared ?? "?"} bytes`, {
          file,
          received,
          expected: declared === undefined ? "a complete body" : `${declared} bytes (Content-Length)`,
          hint: "the connection was interrupted; try again",
        });
      response.on("data", (chunk: Buffer) => {
        if (settled) return;
        received += chunk.length;
        if (received > maxBytes || (declared !== undefined && received > declared)) {
          fail(declared !== undefined && received > declared ? truncated() : new CheckpointError("CHECKPOINT_TOO_LARGE", `the body exceeds ${maxBytes} bytes`, { file }));
          return;
        }
        arm(limits.idleTimeoutMs, "no data");
        digest.update(chunk);
        progress?.update(received);
        options.onProgress?.(received, declared);
        if (!sink.write(chunk)) {
          response.pause();
          sink.once("drain", () => response.resume());
        }
      });
      response.on("aborted", () => fail(truncated()));
      response.on("error", () => fail(truncated()));
      response.on("end", () => {
        if (settled) return;
        progress?.finish(received);
        sink.end(() => {
          if (!response.complete || (declared !== undefined && received !== declared)) fail(truncated());
          else succeed({ kind: "done", digest: digest.digest("hex") });
        });
      });
      sink.on("error", (cause) => fail(new CheckpointError("CHECKPOINT_IO", "cannot write to the cache directory", { file: temporary, cause })));
    });
    request.on("error", (cause: Error & { code?: string }) => {
      const refused = cause.code === "ECONNREFUSED";
      fail(
        new CheckpointError("CHECKPOINT_NETWORK", refused ? "the connection was refused" : `the request failed (${cause.code ?? "network error"})`, {
          file,
          hint: refused ? "is the server running and the port right?" : "check the network and the URL",
          cause,
        }),
      );
    });
  });
}

function aborted(file: string, reason: unknown): CheckpointError {
  return new CheckpointError("CHECKPOINT_NETWORK", "the download was aborted", { file, cause: reason, hint: "nothing was kept in the cache" });
}
