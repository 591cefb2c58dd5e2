import { CheckpointError } from "./checkpoint-error";

/** torch.hub's convention: the file name carries a prefix of its SHA-256 after the last `-`. */
const HASH_IN_NAME = /-([a-f0-9]{8,64})\.[^.]+$/;

/**
 * The expected hash of a URL's file: the option, else the hex after the last `-` of its name.
 * @example
 * expectedHash(new URL("https://host/resnet18-f37072fd.pth")); // "f37072fd"
 */
export function expectedHash(url: URL, sha256?: string): string | undefined {
  if (sha256 !== undefined) {
    if (!/^[a-fA-F0-9]{8,64}$/.test(sha256)) {
      throw new CheckpointError("CHECKPOINT_BAD_ARGUMENT", "sha256 must be 8 to 64 hexadecimal digits", { received: sha256 });
    }
    return sha256.toLowerCase();
  }
  let name = url.pathname.split("/").pop() ?? "";
  try {
    name = decodeURIComponent(name);
  } catch {
    return undefined;
  }
  return HASH_IN_NAME.exec(name)?.[1];
}
