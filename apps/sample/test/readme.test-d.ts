// The README's third-party initializer is type-checked inside initCfg (the augmentation lives in
// examples/third-party-initializer.ts, which is part of this program).
import type { InitCfg } from "@initlib/initializers";
import { expectTypeOf, test } from "vitest";

test("a registered third-party initializer type-checks in initCfg", () => {
  const entry: InitCfg = { type: "acme.LeCunNormal", scale: 2, layer: "Linear" };
  expectTypeOf(entry).toMatchTypeOf<InitCfg>();
  // @ts-expect-error: a misspelled option of the third-party initializer
  const misspelled: InitCfg = { type: "acme.LeCunNormal", scal: 2 };
  // @ts-expect-error: an option of the wrong type
  const wrongType: InitCfg = { type: "acme.LeCunNormal", scale: "2" };
  void misspelled;
  void wrongType;
});
