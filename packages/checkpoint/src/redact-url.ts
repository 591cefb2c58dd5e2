/** Query parameters whose values are secrets, hidden wherever a URL is printed. */
const SECRET_PARAMETERS = /^(token|access_token|api_key|apikey|key|password|secret|signature|sig|x-amz-signature|x-amz-credential|x-amz-security-token)$/i;

/**
 * A URL as it may be printed: user name and password removed, secret-looking query values
 * replaced by `***`. Anything that does not parse as a URL is returned unchanged.
 * @example
 * redactUrl("https://user:pw@host/w.pth?token=abc"); // "https://***@host/w.pth?token=***"
 */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return String(url).replace(/\/\/[^/@\s]*@/, "//***@");
  }
  const hadCredentials = parsed.username !== "" || parsed.password !== "";
  parsed.username = "";
  parsed.password = "";
  for (const name of [...parsed.searchParams.keys()]) if (SECRET_PARAMETERS.test(name)) parsed.searchParams.set(name, "***");
  const text = parsed.href;
  return hadCredentials ? text.replace("//", "//***@") : text;
}
