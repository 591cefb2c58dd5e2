import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import type { Reporter, TestCase, TestModule } from "vitest/node";

/**
 * Writes `.vitest-results/skipped.json`: every skipped test of the run with why it was skipped
 * (the note given to `ctx.skip(note)`, else the names of the suites and test, which for
 * `describe.skipIf(...)` suites say what the environment lacks). `scripts/run-tests.mjs` lists them
 * under the summary line, so a skip is never silent.
 */
export class SkipReasonsReporter implements Reporter {
  constructor(private readonly outputFile: string) {}

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const skipped: { file: string; test: string; reason: string }[] = [];
    for (const testModule of testModules) {
      for (const testCase of testModule.children.allTests()) {
        const result = testCase.result();
        if (result.state !== "skipped" || testCase.options.mode === "todo") continue;
        skipped.push({
          file: relative(process.cwd(), testModule.moduleId),
          test: testCase.fullName,
          reason: result.note ?? `the suite "${outermostSuiteName(testCase)}" is skipped here`,
        });
      }
    }
    mkdirSync(dirname(this.outputFile), { recursive: true });
    writeFileSync(this.outputFile, `${JSON.stringify(skipped, null, 2)}\n`);
  }
}

/** The name of the outermost `describe` around a test: for a `describe.skipIf(...)` suite, the name
 * says what the environment must offer (a native binding, a GPU, a browser). */
function outermostSuiteName(testCase: TestCase): string {
  let outermost: string = testCase.name;
  for (let parent = testCase.parent; parent.type === "suite"; parent = parent.parent) outermost = parent.name;
  return outermost;
}
