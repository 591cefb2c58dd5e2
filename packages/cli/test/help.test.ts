import { describe, expect, it } from "vitest";
import { COMMAND_USAGE, commandHelp, HELP_TEXT } from "../src/help-text";

describe("--help", () => {
  it("of the command: every command, the options and the exit codes", () => {
    expect(HELP_TEXT).toMatchSnapshot();
  });

  it.each(Object.keys(COMMAND_USAGE) as (keyof typeof COMMAND_USAGE)[])("of %s", (command) => {
    const text = commandHelp(command);
    expect(text.startsWith(`Usage:\n${COMMAND_USAGE[command]}`)).toBe(true);
    expect(text).toMatchSnapshot();
  });
});
