import { describe, expect, it } from "vitest";
import { formatByteSize, parseByteSize } from "./byte-size";

describe("parseByteSize", () => {
  it("reads transformers' spellings: decimal and binary units, any case", () => {
    expect(parseByteSize("5GB", "--max-shard-size")).toBe(5e9);
    expect(parseByteSize("512MiB", "--max-memory")).toBe(2 ** 29);
    expect(parseByteSize("1.5kb", "--max-memory")).toBe(1500);
    expect(parseByteSize("4096", "--max-memory")).toBe(4096);
    expect(parseByteSize(" 2 TB ", "--max-memory")).toBe(2e12);
    expect(parseByteSize(1024, "--max-memory")).toBe(1024);
  });

  it.each(["", "GB", "5 GBs", "-1GB", "1e9", "0", "0.1B"])("refuses %j with INITLIB_BAD_ARGUMENT naming the option", (text) => {
    expect(() => parseByteSize(text, "--max-memory")).toThrow(expect.objectContaining({ code: "INITLIB_BAD_ARGUMENT", path: "--max-memory" }));
  });

  it("formats sizes for messages", () => {
    expect(formatByteSize(12)).toBe("12 B");
    expect(formatByteSize(5e9)).toBe("5.0 GB");
    expect(formatByteSize(524288)).toBe("524.3 KB");
  });
});
