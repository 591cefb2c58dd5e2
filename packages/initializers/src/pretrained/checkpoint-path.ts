// What `#checkpoint-path` resolves to in Node (the package's `node` condition).

/**
 * The path a relative checkpoint path names: resolved against `baseDirectory`, else the current
 * directory. Absolute paths are returned as given.
 * @example
 * await resolveCheckpointPath("weights/a.safetensors", "/work"); // "/work/weights/a.safetensors"
 */
export async function resolveCheckpointPath(path: string, baseDirectory: string | undefined): Promise<string> {
  const { isAbsolute, resolve } = await import("node:path");
  if (isAbsolute(path)) return path;
  return resolve(baseDirectory ?? process.cwd(), path);
}
