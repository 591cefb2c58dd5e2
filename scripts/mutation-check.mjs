#!/usr/bin/env node
// Shows the test suite fails when a formula is wrong: applies one mutation at a time to a source
// file (fans swapped, a gain changed, a uniform bound changed, ...), runs the initializers' and
// core's tests, and reports whether they caught it. The file is restored after each mutation,
// also when the run is interrupted. Exit 1 if any mutation survives. `pnpm mutations` runs it.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const MUTATIONS = [
  { name: "fans swapped (torch rule)", file: "packages/initializers/src/math/compute-fans.ts", from: "return { fanIn: shape[1]! * receptive, fanOut: shape[0]! * receptive };", to: "return { fanIn: shape[0]! * receptive, fanOut: shape[1]! * receptive };" },
  { name: "fans swapped (declared layouts)", file: "packages/initializers/src/math/compute-fans.ts", from: "    : { fanIn: inputs * receptive, fanOut: outputs * receptive };", to: "    : { fanIn: outputs * receptive, fanOut: inputs * receptive };" },
  { name: "relu gain 1 instead of sqrt(2)", file: "packages/initializers/src/math/calculate-gain.ts", from: 'if (nonlinearity === "relu") return Math.sqrt(2.0);', to: 'if (nonlinearity === "relu") return 1;' },
  { name: "kaiming uniform bound sqrt(2)·std", file: "packages/initializers/src/rules/kaiming-rule.ts", from: "const bound = Math.sqrt(3.0) * std;", to: "const bound = Math.sqrt(2.0) * std;" },
  { name: "xavier uniform bound sqrt(2)·std", file: "packages/initializers/src/rules/xavier-rule.ts", from: "const bound = Math.sqrt(3.0) * std;", to: "const bound = Math.sqrt(2.0) * std;" },
];

let restore;
const interrupt = () => {
  restore?.();
  process.exit(130);
};
process.on("SIGINT", interrupt);
process.on("SIGTERM", interrupt);

let survived = 0;
for (const mutation of MUTATIONS) {
  const path = join(root, mutation.file);
  const original = readFileSync(path, "utf8");
  if (!original.includes(mutation.from)) {
    console.log(`? ${mutation.name}: the code to mutate is no longer in ${mutation.file}; update this script`);
    survived += 1;
    continue;
  }
  restore = () => writeFileSync(path, original);
  writeFileSync(path, original.replace(mutation.from, mutation.to));
  try {
    const runs = ["packages/initializers", "packages/core"].map((dir) =>
      spawnSync(join(root, "node_modules", ".bin", "vitest"), ["run", "--reporter=dot"], { cwd: join(root, dir), encoding: "utf8" }),
    );
    const caught = runs.some((run) => run.status !== 0);
    if (!caught) survived += 1;
    console.log(`${caught ? "caught   " : "SURVIVED "} ${mutation.name}`);
  } finally {
    restore();
    restore = undefined;
  }
}
console.log(`${MUTATIONS.length - survived} of ${MUTATIONS.length} mutations caught`);
process.exit(survived === 0 ? 0 : 1);
