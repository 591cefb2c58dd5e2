// The stand-ins `#local-files` resolves to outside Node: each refuses with a coded error that names
// what was asked and what to pass instead, and none touches a Node built-in.
import { describe, expect, it } from "vitest";
import { CheckpointError } from "./checkpoint-error";
import { createMemorySource } from "./byte-source";
import * as browserFiles from "./local-files-browser";
import * as nodeFiles from "./local-files-node";

async function refusal(action: () => unknown): Promise<CheckpointError> {
  const error = await (async () => action())().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(CheckpointError.isInstance(error), String(error)).toBe(true);
  return error as CheckpointError;
}

describe("#local-files outside Node", () => {
  it("exports exactly what the Node module exports", () => {
    expect(Object.keys(browserFiles).sort()).toEqual(Object.keys(nodeFiles).sort());
  });

  it("refuses local paths, file: URLs, local shards and local hashes, pointing at the inputs a browser has", async () => {
    for (const action of [
      () => browserFiles.openFileSource("weights/model.safetensors"),
      () => browserFiles.pathOfFileUrl(new URL("file:///models/model.safetensors")),
      () => browserFiles.resolveLocalShard("/models/model.safetensors.index.json", "model-00001.safetensors"),
    ]) {
      const error = await refusal(action);
      expect(error.code).toBe("CHECKPOINT_BAD_ARGUMENT");
      expect(error.message).toMatch(/needs Node's file system/);
      expect(error.hint).toMatch(/http\(s\) URL.*Blob.*Response/);
    }
    const hash = await refusal(() => browserFiles.verifyLocalHash(createMemorySource(new Uint8Array(4), "a.bin"), "abcdef12"));
    expect(hash.received).toBe("a.bin");
  });

  it("refuses the download cache and writing files, naming what works in a browser", async () => {
    expect((await refusal(() => browserFiles.defaultCacheDirectory())).hint).toMatch(/openCheckpoint/);
    const download = await refusal(() => browserFiles.downloadCheckpoint("https://host/model.safetensors"));
    expect(download.received).toBe("https://host/model.safetensors");
    expect((await refusal(() => browserFiles.writeChunksToFile("out.safetensors", []))).hint).toMatch(/sink.*encodeSafetensors/);
    expect((await refusal(() => browserFiles.trackTemporaryFile("x.part"))).code).toBe("CHECKPOINT_BAD_ARGUMENT");
    expect(browserFiles.releaseTemporaryFile("x.part")).toBeUndefined();
    expect((await refusal(() => browserFiles.ownedFileName("part"))).code).toBe("CHECKPOINT_BAD_ARGUMENT");
    expect((await refusal(() => browserFiles.currentFileOwner())).code).toBe("CHECKPOINT_BAD_ARGUMENT");
    expect(browserFiles.ownerIsGone({ owned: true, host: "00000000", pid: 1, kind: "part" })).toBe(false);
    expect(await browserFiles.removeFilesOfStoppedWriters("/tmp", ["part"])).toBe(0);
  });
});
