import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BaseModule, createConsoleLogger, createFileLogger, Linear } from "./index";
import { formatInitInfoRecord, formatTorchSize, pythonRepr } from "./internal";

class Head extends BaseModule {
  static override readonly typeName = "Head";
  fc = new Linear({ inFeatures: 3, outFeatures: 2 });
}

describe("logging in MMEngine's formats", () => {
  afterEach(() => vi.restoreAllMocks());

  it("formats shapes, per-parameter records and Python reprs", () => {
    expect(formatTorchSize([])).toBe("torch.Size([])");
    expect(formatInitInfoRecord({ name: "fc.weight", shape: [4, 3], info: "ConstantInit: val=1, bias=0" })).toBe(
      "\nfc.weight - torch.Size([4, 3]): \nConstantInit: val=1, bias=0 \n ",
    );
    expect(pythonRepr({ type: "Constant", val: 1e-5, layer: ["Linear"], flag: true, none: null })).toBe(
      "{'type': 'Constant', 'val': 1e-05, 'layer': ['Linear'], 'flag': True, 'none': None}",
    );
    class XavierInit {}
    expect(pythonRepr({ type: XavierInit })).toBe("{'type': <class 'XavierInit'>}");
  });

  it("writes the dump to a file in the file-handler format, not as records", async () => {
    const directory = await mkdtemp(join(tmpdir(), "initlib-log-"));
    try {
      const path = join(directory, "init.log");
      await new Head({ type: "Constant", val: 1, layer: "Linear" }).initWeights({ logger: createFileLogger(path, { level: "debug" }) });
      const text = await readFile(path, "utf8");
      expect(text).toMatch(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d - initlib - DEBUG - initialize Head with init_cfg \{'type': 'Constant', 'val': 1, 'layer': 'Linear'\}\n/);
      expect(text).toContain(
        "Name of parameter - Initialization information\n\nfc.weight - torch.Size([2, 3]): \nConstantInit: val=1, bias=0 \n\nfc.bias - torch.Size([2]): \nConstantInit: val=1, bias=0 \n",
      );
      expect(text).not.toContain("INFO - \nfc.weight");
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it("reports a failing file write as a warning of the finished call", async () => {
    const logger = createFileLogger("/nonexistent-directory/init.log");
    const head = new Head({ type: "Constant", val: 1, layer: "Linear" });
    const report = await head.initWeights({ logger });
    expect(report.warnings).toEqual([expect.stringMatching(/^the logger failed: .*ENOENT/)]);
    expect(head.isInit).toBe(true);
  });

  it("prints to the console only when given, holding warnings until the end of the call and collapsing repeats", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const logger = createConsoleLogger();
    logger.log({ level: "debug", message: "hidden" });
    logger.log({ level: "info", message: "shown" });
    for (const path of ["a.weight", "b.weight", "c.weight"]) logger.log({ level: "warning", message: `${path} has zero elements` });
    logger.log({ level: "warning", message: "twice" });
    logger.log({ level: "warning", message: "twice" });
    expect(log).toHaveBeenCalledTimes(1);
    expect(String(log.mock.calls[0]![0])).toMatch(/ - initlib - INFO - shown$/);
    expect(warn).not.toHaveBeenCalled();
    await logger.flush!();
    expect(warn.mock.calls.map(([line]) => String(line).replace(/^.* - WARNING - /, ""))).toEqual(["3× <path> has zero elements (a.weight, b.weight, c.weight)", "twice"]);
    await logger.flush!();
    expect(warn).toHaveBeenCalledTimes(2); // each warning once
  });

  it("is silent by default: initWeights without a logger prints nothing", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const info = vi.spyOn(console, "info").mockImplementation(() => {});
    const report = await new Head([{ type: "Constant", val: 1 }, { type: "Constant", val: 1, layer: "GRU" }]).initWeights();
    expect(report.warnings).toHaveLength(2);
    expect(log).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
    expect(info).not.toHaveBeenCalled();
  });

  it("prints what was logged before a failed call", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const head = new Head([{ type: "Constant", val: 1 }, { type: "Normal", std: -1, layer: "Linear" }]);
    await expect(head.initWeights({ logger: createConsoleLogger() })).rejects.toMatchObject({ code: "INITLIB_BAD_ARGUMENT" });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toContain("has neither `layer` nor `override`");
  });
});
