import type { Module } from "../module";
import type { ContainerOptions } from "./sequential";
import { Sequential } from "./sequential";

/**
 * MMEngine's `ModuleList`: elements named `'0'`, `'1'`, ...; direct bases `BaseModule` and
 * `ModuleList`.
 * @example
 * const blocks = new ModuleList([new Block(), new Block()]);
 */
export class ModuleList extends Sequential {
  static override readonly typeName: string = "ModuleList";
  static override readonly typeBases: readonly string[] = ["BaseModule", "ModuleList"];

  constructor(modules: readonly Module[] = [], options: ContainerOptions = {}) {
    super(modules, options);
  }

  /** Appends every module. @example blocks.extend([a, b]) */
  extend(modules: Iterable<Module>): this {
    for (const module of modules) this.append(module);
    return this;
  }
}
