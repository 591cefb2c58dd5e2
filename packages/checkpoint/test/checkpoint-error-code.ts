import { expect } from "vitest";
import { CheckpointError, type CheckpointErrorCode } from "../src/index";

/** The code of the CheckpointError `action` rejects with; the test fails on success or any other error. */
export async function checkpointErrorCode(action: () => Promise<unknown>): Promise<CheckpointErrorCode> {
  const error = await action().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(CheckpointError.isInstance(error), String(error)).toBe(true);
  return (error as CheckpointError).code;
}
