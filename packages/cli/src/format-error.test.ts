import { InitlibError } from "@initlib/registry";
import { describe, expect, it } from "vitest";
import { formatError } from "./format-error";
import { UsageError } from "./parse-arguments";

describe("formatError", () => {
  it("prints usage errors with the help hint and exit code 2", () => {
    expect(formatError(new UsageError("unknown command \"x\""), false)).toEqual({
      text: 'initlib: unknown command "x"\nRun `initlib --help` for usage.\n',
      exitCode: 2,
    });
  });

  it("prints an InitlibError's code, config path and fix, without the stack", () => {
    const error = new InitlibError("INITLIB_MISSING_MODULE", "override target not found", {
      path: "ToyNet.initCfg[0].override.name",
      received: "conv3",
      expected: "a child of ToyNet: conv1, conv2",
      hint: "did you mean 'conv2'?",
    });
    const { text, exitCode } = formatError(error, false);
    expect(exitCode).toBe(1);
    expect(text).toBe(
      [
        "initlib: error [INITLIB_MISSING_MODULE]",
        "  ToyNet.initCfg[0].override.name: override target not found",
        '    received: "conv3"',
        "    expected: a child of ToyNet: conv1, conv2",
        "    fix: did you mean 'conv2'?",
        "(run with --verbose for the stack trace)",
        "",
      ].join("\n"),
    );
    expect(text).not.toMatch(/^\s+at /m);
  });

  it("adds the stack and the causes with verbose", () => {
    const cause = Object.assign(new Error("ENOENT: no such file"), { code: "ENOENT" });
    const { text } = formatError(new InitlibError("INITLIB_CHECKPOINT", "x.pth can not be found.", { cause }), true);
    expect(text).toMatch(/^initlib: error \[INITLIB_CHECKPOINT\]\n {2}x\.pth can not be found\.\n/);
    expect(text).toMatch(/caused by \[ENOENT\]: ENOENT: no such file/);
    expect(text).toMatch(/^\s+at /m);
  });

  it("prints other errors by their message, coded as internal with what to do", () => {
    expect(formatError("boom", false).text).toBe(
      "initlib: error [INITLIB_INTERNAL]\n  boom\n  fix: this is not a known input problem; rerun with --verbose and report the output to the initlib issue tracker\n(run with --verbose for the stack trace)\n",
    );
  });
});
