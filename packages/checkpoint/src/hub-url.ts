import { CheckpointError } from "./checkpoint-error";

/** Options that locate a file on the Hugging Face Hub (or a server that resolves files as it does). */
export interface HubOptions {
  /** The Hub's address. @default `HF_ENDPOINT`, else https://huggingface.co */
  readonly hubEndpoint?: string;
  /** Access token, sent as `Authorization: Bearer` to the endpoint's origin only. @default `HF_TOKEN` */
  readonly hubToken?: string;
}

const environment = (name: string): string | undefined => (typeof process !== "undefined" ? process.env?.[name] : undefined) || undefined;

/**
 * Resolves `hf://owner/repo[@revision]/path/to/file` as the Hub resolves files:
 * `{endpoint}/{owner}/{repo}/resolve/{revision}/{path}` (revision `main` by default, URL-encoded).
 * Returns the URL, the headers to send (the token, if any) and the origins a redirect may reach
 * (the endpoint's own: a redirect elsewhere is refused, so neither the token nor the request
 * leaves the Hub without the caller allowing it).
 * @example
 * resolveHubUrl("hf://openai/clip-vit-base-patch32@v1/model.safetensors");
 * // { url: https://huggingface.co/openai/clip-vit-base-patch32/resolve/v1/model.safetensors, ... }
 */
export function resolveHubUrl(reference: string, options: HubOptions = {}): { url: URL; headers: Record<string, string>; redirectOrigins: string[] } {
  const match = /^hf:\/\/([^/@\s]+)\/([^/@\s]+)(?:@([^/\s]+))?\/(.+)$/.exec(reference);
  const bad = (why: string) =>
    new CheckpointError("CHECKPOINT_BAD_ARGUMENT", `${reference} is not a Hub file reference: ${why}`, {
      received: reference,
      expected: "hf://owner/repo[@revision]/path/to/file",
    });
  if (!match) throw bad("it does not have the form hf://owner/repo[@revision]/file");
  const [, owner, repo, revision = "main", file] = match;
  const segments = file!.split("/");
  if (segments.some((segment) => segment === "" || segment === "." || segment === "..")) throw bad("the file path has empty, . or .. segments");
  if ([owner, repo].some((part) => !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(part!))) throw bad("owner and repo may hold letters, digits, '.', '_' and '-'");
  let endpoint: URL;
  try {
    endpoint = new URL(options.hubEndpoint ?? environment("HF_ENDPOINT") ?? "https://huggingface.co");
  } catch {
    throw new CheckpointError("CHECKPOINT_BAD_ARGUMENT", "the Hub endpoint is not a URL", { received: options.hubEndpoint ?? environment("HF_ENDPOINT") });
  }
  const base = endpoint.href.endsWith("/") ? endpoint.href : `${endpoint.href}/`;
  const url = new URL(`${owner}/${repo}/resolve/${encodeURIComponent(revision)}/${segments.map(encodeURIComponent).join("/")}`, base);
  const token = options.hubToken ?? environment("HF_TOKEN");
  return { url, headers: token ? { authorization: `Bearer ${token}` } : {}, redirectOrigins: [endpoint.origin] };
}
