#!/usr/bin/env node
// Runs every workspace test suite through turbo and prints one line with the totals of all suites:
// `N passed, N failed, N skipped`, followed by the reason of every skipped test. Each package's vitest writes .vitest-results/report.json (vitest.shared.ts);
// apps with their own checks write the same JSON shape.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const workspaceDirs = ["packages", "apps"].flatMap((group) => {
  const dir = join(root, group);
  return existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : [];
});
const reportOf = (dir) => join(dir, ".vitest-results", "report.json");
const skipsOf = (dir) => join(dir, ".vitest-results", "skipped.json");
for (const dir of workspaceDirs) {
  rmSync(reportOf(dir), { force: true });
  rmSync(skipsOf(dir), { force: true });
}

const extra = process.argv.slice(2);
const turbo = spawnSync(join(root, "node_modules", ".bin", "turbo"), ["run", "test", "--continue", ...extra], { stdio: "inherit", cwd: root });

let passed = 0;
let failed = 0;
let skipped = 0;
const skipReasons = new Map(); // "package: file: reason" -> how many tests it skipped
const missing = [];
for (const dir of workspaceDirs) {
  const manifest = join(dir, "package.json");
  if (!existsSync(manifest)) continue;
  const { name, scripts } = JSON.parse(readFileSync(manifest, "utf8"));
  if (!scripts?.test) continue;
  if (!existsSync(reportOf(dir))) { missing.push(name); continue; }
  const report = JSON.parse(readFileSync(reportOf(dir), "utf8"));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += report.numPendingTests ?? 0;
  if (existsSync(skipsOf(dir))) {
    for (const skip of JSON.parse(readFileSync(skipsOf(dir), "utf8"))) {
      const line = `${name}: ${skip.file}: ${skip.reason}`;
      skipReasons.set(line, (skipReasons.get(line) ?? 0) + 1);
    }
  }
  // A file that failed to load has no failed assertions of its own; count it once.
  for (const file of report.testResults ?? []) {
    const failedAssertions = (file.assertionResults ?? []).filter((a) => a.status === "failed").length;
    if (file.status === "failed" && failedAssertions === 0) failed += 1;
  }
}
// A suite that crashed before writing its report counts as one failure, so it cannot vanish.
failed += missing.length;
if (missing.length > 0) console.error(`suites without a report (counted as failed): ${missing.join(", ")}`);
if (skipReasons.size > 0) {
  console.log("skipped tests and why:");
  for (const [line, count] of skipReasons) console.log(`  ${count} × ${line}`);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(turbo.status === 0 && failed === 0 ? 0 : 1);
