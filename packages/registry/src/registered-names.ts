import { InitlibError } from "./initlib-error";

/**
 * The names a target is registered under: one non-empty string, or a non-empty list of them
 * (aliases), without repeats.
 * @example
 * validateNames(["Kaiming", "KaimingInit"]); // ["Kaiming", "KaimingInit"]
 */
export function validateNames(name: unknown): string[] {
  const problem = (received: unknown) =>
    new InitlibError("INITLIB_BAD_ARGUMENT", "a registered name must be a non-empty string or a list of them", {
      path: "register(name)",
      received,
      expected: "'Name', 'scope.Name', or ['Name', 'Alias', ...]",
    });
  if (typeof name === "string") {
    if (name === "") throw problem(name);
    return [name];
  }
  if (!Array.isArray(name) || name.length === 0) throw problem(name);
  for (const alias of name) {
    if (typeof alias !== "string" || alias === "") throw problem(name);
  }
  return [...new Set(name as string[])];
}
