import { describe, expect, it } from "vitest";
import { UsageError, parseArguments } from "./parse-arguments";

describe("parseArguments", () => {
  it("runs the tour when no command is given", () => {
    expect(parseArguments([])).toEqual({ kind: "tour", backend: "host", verbose: false });
    expect(parseArguments(["tour", "--backend", "webgpu"])).toEqual({ kind: "tour", backend: "webgpu", verbose: false });
  });

  it("reads init with every option", () => {
    expect(parseArguments(["init", "m.yaml", "--seed", "42", "--backend", "node-gpu", "--out", "w.safetensors", "--report", "r.json", "--verbose"])).toEqual({
      kind: "init",
      modelPath: "m.yaml",
      seed: 42,
      backend: "node-gpu",
      verbose: true,
      outPath: "w.safetensors",
      reportPath: "r.json",
      json: false,
      quiet: false,
      logLevel: "warning",
    });
    expect(parseArguments(["init", "m.json", "--json", "-q"])).toEqual({ kind: "init", modelPath: "m.json", seed: 0, backend: "host", verbose: false, json: true, quiet: true, logLevel: "error" });
    expect(() => parseArguments(["init", "m.json", "--log-level", "inf"])).toThrow(/did you mean "info"/);
  });

  it("reads a streamed init: --out DIR/ and the streaming options, which need a directory", () => {
    expect(parseArguments(["init", "m.json", "--out", "weights/"])).toMatchObject({ outDirectory: "weights/", stream: {} });
    expect(parseArguments(["init", "m.json", "--out", "w", "--max-shard-size", "5GB", "--max-memory", "2GB", "--shard", "auto", "--shard-count", "4"])).toMatchObject({
      outDirectory: "w",
      stream: { maxShardSize: "5GB", maxMemory: "2GB", shard: "auto", shardCount: 4 },
    });
    expect(parseArguments(["init", "m.json", "--out", "w.safetensors"])).not.toHaveProperty("outDirectory");
  });

  it("reads explain and help", () => {
    expect(parseArguments(["explain", "m.json", "--seed=3"])).toEqual({ kind: "explain", modelPath: "m.json", seed: 3, backend: "host", verbose: false, json: false });
    expect(parseArguments(["explain", "m.json", "--strict"])).toEqual({ kind: "explain", modelPath: "m.json", seed: 0, backend: "host", verbose: false, json: false, strict: true });
    expect(parseArguments(["--version"])).toEqual({ kind: "version" });
    expect(parseArguments(["--help"])).toEqual({ kind: "help" });
    expect(parseArguments(["init", "-h"])).toEqual({ kind: "help", command: "init" });
    expect(parseArguments(["help"])).toEqual({ kind: "help" });
  });

  it.each([
    [["frobnicate"], /unknown command "frobnicate"/],
    [["init"], /"init" needs exactly one model file .* received none/],
    [["init", "a.json", "b.json"], /received a\.json b\.json/],
    [["init", "m.json", "--seed", "1.5"], /--seed must be a non-negative integer below 2\^53, received "1.5"/],
    [["init", "m.json", "--seed", "9007199254740993"], /--seed must be/],
    [["init", "m.json", "--backend", "tpu"], /--backend must be one of host, cpu, webgpu, node-gpu, received "tpu"/],
    [["init", "m.json", "--out", ""], /--out needs a file path/],
    [["init", "m.json", "--colour"], /Unknown option '--colour'/],
    [["explain", "m.json", "--out", "w.safetensors"], /option --out does not apply to "explain"/],
    [["explain", "m.json", "--backend", "webgpu"], /option --backend does not apply to "explain"; it accepts: --seed, --verbose/],
    [["tour", "m.json"], /"tour" takes no file/],
    [["init", "m.json", "--max-memory", "1GB"], /--max-memory streams the weights to a directory: add --out DIR\//],
    [["init", "m.json", "--out", "w.safetensors", "--shard", "1/2"], /names a file/],
    [["init", "m.json", "--out", "w/", "--report", "r.json"], /--report is written only with --out FILE/],
    [["init", "m.json", "--out", "w/", "--shard-count", "0"], /--shard-count must be a whole number >= 1/],
  ])("rejects %j", (argv, message) => {
    expect(() => parseArguments(argv)).toThrow(UsageError);
    expect(() => parseArguments(argv)).toThrow(message);
  });
});
