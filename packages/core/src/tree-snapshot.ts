import { Module } from "./module";
import { StateTensor } from "./state-tensor";

/**
 * The parameter, buffer and child properties of every module of a tree, as they were when an
 * initWeights() call began, so that a failed call can put back what user code replaced and remove
 * what it added.
 */
export class TreeSnapshot {
  private readonly entries: [Record<string, unknown>, string, unknown][] = [];

  constructor(private readonly modules: readonly Module[]) {
    for (const module of modules) {
      const record = module as unknown as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        if (record[key] instanceof StateTensor || record[key] instanceof Module) this.entries.push([record, key, record[key]]);
      }
    }
  }

  /** Modules the snapshot holds as property values (children, also ones user code replaced). */
  *heldModules(): Iterable<Module> {
    for (const [record] of this.entries) if (record instanceof Module) yield record;
  }

  /** Puts back replaced properties and removes added ones. */
  restore(): void {
    const known = new Map<Record<string, unknown>, Set<string>>();
    for (const [record, key, value] of this.entries) {
      if (record[key] !== value) record[key] = value;
      let keys = known.get(record);
      if (!keys) known.set(record, (keys = new Set()));
      keys.add(key);
    }
    for (const module of this.modules) {
      const record = module as unknown as Record<string, unknown>;
      const keys = known.get(record) ?? new Set<string>();
      for (const key of Object.keys(record)) {
        if (!keys.has(key) && (record[key] instanceof StateTensor || record[key] instanceof Module)) delete record[key];
      }
    }
  }
}
