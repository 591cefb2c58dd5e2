import { InitlibError } from "@initlib/registry";

/** A key rename applied to checkpoint keys, in order, after prefix handling (`String.replace` with `g`). */
export interface KeyRename {
  /** A regular expression (source text or a RegExp). */
  readonly pattern: string | RegExp;
  /** The replacement, in JavaScript syntax (`$1`, `$<name>`). */
  readonly replacement: string;
}

/**
 * Maps the checkpoint's tensor keys to state-dict keys as MMEngine's `PretrainedInit` does:
 * a top-level `state_dict` entry is unwrapped; without `prefix` a leading `module.` (DDP) is
 * stripped; with `prefix` (a `.` appended when missing) only keys starting with it are kept, the
 * prefix stripped and `module.` left alone; then `renames` apply. Returns state-dict key →
 * checkpoint key, in checkpoint order (a later key wins a collision, as a Python dict does).
 * @example
 * stateDictKeys(["state_dict.module.fc.weight"], {}); // Map { "fc.weight" => "state_dict.module.fc.weight" }
 */
export function stateDictKeys(
  keys: readonly string[],
  options: {
    prefix?: string | undefined;
    renames?: readonly KeyRename[] | undefined;
    checkpoint?: string;
    /** Top-level keys of the checkpoint that hold no tensor (MMEngine sees them in the state dict, and `prefix` must match one). */
    otherKeys?: readonly string[];
  },
): Map<string, string> {
  const wrapped = keys.filter((key) => key.startsWith("state_dict."));
  const unwrapped = wrapped.length > 0 ? wrapped.map((key) => [key.slice("state_dict.".length), key] as const) : keys.map((key) => [key, key] as const);
  let entries: (readonly [string, string])[];
  if (options.prefix === undefined) {
    entries = unwrapped.map(([key, source]) => [key.replace(/^module\./, ""), source] as const);
  } else {
    const prefix = options.prefix.endsWith(".") ? options.prefix : `${options.prefix}.`;
    entries = unwrapped.filter(([key]) => key.startsWith(prefix)).map(([key, source]) => [key.slice(prefix.length), source] as const);
    if (entries.length === 0 && !(options.otherKeys ?? []).some((key) => key.startsWith(prefix))) {
      throw new InitlibError("INITLIB_CHECKPOINT", `${prefix} is not in the pretrained model`, {
        path: "prefix",
        received: options.prefix,
        expected: `a prefix of the checkpoint's keys, e.g. ${unwrapped.slice(0, 3).map(([key]) => JSON.stringify(key)).join(", ") || "(the checkpoint has no tensors)"}`,
        hint: options.checkpoint ? `check the keys of ${options.checkpoint}` : undefined,
      });
    }
  }
  for (const rename of options.renames ?? []) {
    const pattern = typeof rename.pattern === "string" ? new RegExp(rename.pattern, "g") : rename.pattern;
    entries = entries.map(([key, source]) => [key.replace(pattern, rename.replacement), source] as const);
  }
  return new Map(entries);
}
