import { describe, expect, it } from "vitest";
import { createProgress, renderProgressLine } from "./progress";

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, columns: 60, writes, write: (text: string) => writes.push(text) };
}

describe("createProgress", () => {
  it("writes nothing when stderr is not a terminal", () => {
    const target = stream(false);
    const progress = createProgress(target);
    progress.update("reading", 1, 2);
    progress.finish();
    expect(target.writes).toEqual([]);
  });

  it("redraws in place on a terminal, throttled except for the last step, and clears the line", () => {
    const target = stream(true);
    let time = 0;
    const progress = createProgress(target, { intervalMs: 100, now: () => time });
    progress.update("reading", 0, 4);
    time = 50;
    progress.update("reading", 1, 4);
    time = 60;
    progress.update("reading", 4, 4);
    progress.finish();
    expect(target.writes).toEqual([`\r\x1b[2K[                    ] 0/4 reading`, `\r\x1b[2K[####################] 4/4 reading`, "\r\x1b[2K"]);
  });

  it("assumes 80 columns when the terminal reports none", () => {
    const target = { ...stream(true), columns: 0 };
    createProgress(target).update("building model.json");
    expect(target.writes).toEqual(["\r\x1b[2Kbuilding model.json"]);
  });
});

describe("renderProgressLine", () => {
  it("draws a bar with the count and fits the terminal width", () => {
    expect(renderProgressLine("writing", 5, 10, 80)).toBe("[##########          ]  5/10 writing");
    expect(renderProgressLine("building model.json", undefined, undefined, 80)).toBe("building model.json");
    expect(renderProgressLine("x".repeat(100), 1, 2, 40)).toHaveLength(39);
  });
});
