// Node only: where a checkpoint given as a relative path lives.

/**
 * `checkpoint` resolved against `baseDirectory` (the process directory by default); an absolute
 * path is returned as it is.
 * @example
 * await resolveCheckpointPath("weights/r18.safetensors", "/srv/app"); // "/srv/app/weights/r18.safetensors"
 */
export async function resolveCheckpointPath(checkpoint: string, baseDirectory: string | undefined): Promise<string> {
  const { isAbsolute, resolve } = await import("node:path");
  if (isAbsolute(checkpoint)) return checkpoint;
  return resolve(baseDirectory ?? process.cwd(), checkpoint);
}
