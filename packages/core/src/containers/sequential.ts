import { BaseModule } from "../base-module";
import type { Module } from "../module";
import type { ModuleInitCfg } from "../normalize-init-cfg";

/** Options of the containers. */
export interface ContainerOptions {
  /** The container's own init_cfg; its entries reach every element, elements that are BaseModules run afterwards and win. */
  readonly initCfg?: ModuleInitCfg;
}

/**
 * MMEngine's `Sequential`: a BaseModule whose children are named `'0'`, `'1'`, ... (so
 * `override: { name: '2' }` works). Direct bases `BaseModule` and `Sequential`.
 * @example
 * const stages = new Sequential([new Linear({ inFeatures: 4, outFeatures: 4 }), new ReLU()], { initCfg: { type: "Kaiming", layer: "Linear" } });
 */
export class Sequential extends BaseModule {
  static override readonly typeName: string = "Sequential";
  static override readonly typeBases: readonly string[] = ["BaseModule", "Sequential"];

  constructor(modules: readonly Module[] = [], options: ContainerOptions = {}) {
    super(options.initCfg);
    modules.forEach((module) => this.append(module));
  }

  /** Number of elements. */
  get length(): number {
    return this.children().length;
  }

  /** The element at `index` (negative counts from the end). @example stages.at(-1) */
  at(index: number): Module | undefined {
    const items = this.children();
    return items[index < 0 ? items.length + index : index];
  }

  /** Appends an element under the next index name. @example stages.append(new ReLU()) */
  append(module: Module): this {
    const record = this as unknown as Record<string, unknown>;
    let index = 0;
    while (record[String(index)] !== undefined) index++;
    record[String(index)] = module;
    return this;
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.children()[Symbol.iterator]();
  }
}
