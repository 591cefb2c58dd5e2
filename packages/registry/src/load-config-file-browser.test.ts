import { describe, expect, it } from "vitest";
import { InitlibError } from "./initlib-error";
import { loadConfigFile } from "./load-config-file-browser";

describe("#load-config-file outside Node", () => {
  it("refuses with INITLIB_BAD_ARGUMENT, naming the path and how to resolve a config there", async () => {
    const error = await loadConfigFile("configs/retinanet.yaml").then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(InitlibError.isInstance(error)).toBe(true);
    expect((error as InitlibError).code).toBe("INITLIB_BAD_ARGUMENT");
    expect((error as InitlibError).received).toBe("configs/retinanet.yaml");
    expect((error as InitlibError).hint).toMatch(/resolveConfig/);
  });
});
