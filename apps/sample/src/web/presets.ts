import { jsonErrorLocation } from "@initlib/registry";

/** An `initCfg` entry as a user writes it (camelCase or MMEngine's snake_case). */
export type InitCfgEntry = Record<string, unknown> & { readonly type?: unknown };

/** A named `initCfg` the page offers. */
export interface InitPreset {
  readonly id: PresetId;
  readonly label: string;
  readonly initCfg: readonly InitCfgEntry[];
}

/** Ids of the presets, in the order the page lists them. */
export const PRESET_IDS = ["normal", "xavier", "kaiming-fan-in", "kaiming-fan-out", "trunc-normal"] as const;
/** One of {@link PRESET_IDS}. */
export type PresetId = (typeof PRESET_IDS)[number];

// Both networks are stacks of Linear or Conv2d layers followed by ReLU; every preset covers both.
const layers = ["Linear", "Conv2d"];

/**
 * The `initCfg` presets of the page. Each rule fills weights and sets biases to 0, as MMEngine's
 * initializers do.
 * @example
 * INIT_PRESETS["kaiming-fan-in"].initCfg; // [{ type: "Kaiming", mode: "fan_in", nonlinearity: "relu", layer: [...] }]
 */
export const INIT_PRESETS: Readonly<Record<PresetId, InitPreset>> = {
  normal: { id: "normal", label: "Normal (std 0.01)", initCfg: [{ type: "Normal", std: 0.01, layer: layers }] },
  xavier: { id: "xavier", label: "Xavier (normal)", initCfg: [{ type: "Xavier", distribution: "normal", layer: layers }] },
  "kaiming-fan-in": {
    id: "kaiming-fan-in",
    label: "Kaiming (fan_in, relu)",
    initCfg: [{ type: "Kaiming", mode: "fan_in", nonlinearity: "relu", layer: layers }],
  },
  "kaiming-fan-out": {
    id: "kaiming-fan-out",
    label: "Kaiming (fan_out, relu)",
    initCfg: [{ type: "Kaiming", mode: "fan_out", nonlinearity: "relu", layer: layers }],
  },
  "trunc-normal": {
    id: "trunc-normal",
    label: "TruncNormal (std 0.02, a=-2, b=2)",
    initCfg: [{ type: "TruncNormal", std: 0.02, a: -2, b: 2, layer: layers }],
  },
};

/** The result of reading the custom-config editor: the entries, or a message to show next to it. */
export type ParsedCustomConfig =
  | { readonly ok: true; readonly initCfg: readonly InitCfgEntry[] }
  | { readonly ok: false; readonly message: string };

/**
 * Reads the custom `initCfg` typed into the editor: JSON, one entry object or a list of them.
 * Syntax errors name the line and column. What the entries mean (types, arguments, `layer`,
 * `override`) is validated by initlib itself when the network is initialized.
 * @example
 * parseCustomConfig('{"type": "Kaiming", "layer": "Linear"}'); // { ok: true, initCfg: [{...}] }
 * parseCustomConfig("[1]"); // { ok: false, message: "initCfg[0]: ..." }
 */
export function parseCustomConfig(text: string): ParsedCustomConfig {
  if (text.trim() === "") return { ok: false, message: "initCfg: the editor is empty; type a JSON object or a list of objects, e.g. {\"type\": \"Kaiming\", \"layer\": \"Linear\"}" };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `initCfg: not valid JSON (${describeJsonError(text, error)})` };
  }
  const entries = Array.isArray(value) ? value : [value];
  for (const [index, entry] of entries.entries()) {
    const path = Array.isArray(value) ? `initCfg[${index}]` : "initCfg";
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      return { ok: false, message: `${path}: each entry must be an object such as {"type": "Xavier", "layer": "Linear"}, received ${JSON.stringify(entry)}` };
    }
  }
  return { ok: true, initCfg: entries as InitCfgEntry[] };
}

function describeJsonError(text: string, error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error))
    .replace(/\s*\(line \d+ column \d+\)/, "")
    .replace(/ in JSON at position \d+.*/, "")
    .replace(/, (?:\.\.\.)?".*" is not valid JSON$/s, "");
  const where = jsonErrorLocation(text);
  return where ? `${message} at line ${where.line}, column ${where.column}` : message;
}
