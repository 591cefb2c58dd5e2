import { CheckpointError } from "./checkpoint-error";

/**
 * The SHA-256 of `bytes` as lowercase hex, by the Web Crypto API (`crypto.subtle`), which browsers,
 * workers and Node all have; used where no disk cache (and no `node:crypto`) is involved.
 * @example
 * await sha256Hex(new TextEncoder().encode("abc")); // "ba7816bf…"
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) {
    throw new CheckpointError("CHECKPOINT_BAD_ARGUMENT", "a pinned SHA-256 needs the Web Crypto API, which this environment lacks", {
      hint: "serve the page over https (crypto.subtle exists only in secure contexts), or leave sha256 out",
    });
  }
  const digest = new Uint8Array(await subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
  return [...digest].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}
