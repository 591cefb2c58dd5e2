/**
 * Where a URL's download lives in the cache: `<root>/<h[0..2]>/<h>/<name>`, where `h` is the
 * SHA-256 of the whole URL. Nothing of the URL's host or path becomes a directory, so no URL
 * (`http://../x`, `%2e%2e`, a host full of slashes) can place a file outside the cache root; the
 * file name is the URL's last segment reduced to safe characters and a bounded length.
 * @example
 * await cacheLocation("/cache", new URL("https://host/m/w.safetensors")); // { directory: "/cache/3f/3f…", file: "/cache/3f/3f…/w.safetensors" }
 */
export async function cacheLocation(root: string, url: URL): Promise<{ directory: string; file: string }> {
  const [path, crypto] = await Promise.all([import("node:path"), import("node:crypto")]);
  const hash = crypto.createHash("sha256").update(url.href).digest("hex");
  let last = url.pathname.split("/").pop() ?? "";
  try {
    last = decodeURIComponent(last);
  } catch {
    // keep the raw segment; it is sanitized below
  }
  const name = last.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "").slice(-100) || "checkpoint";
  const directory = path.join(root, hash.slice(0, 2), hash);
  return { directory, file: path.join(directory, name) };
}
