import { BaseModule } from "../base-module";
import { Module } from "../module";
import type { ContainerOptions } from "./sequential";

/**
 * MMEngine's `ModuleDict`: elements under their keys; direct bases `BaseModule` and `ModuleDict`.
 * Keys that look like array indices ("0", "1") are listed first, in numeric order (JavaScript
 * property order), then the others in insertion order.
 * @example
 * const heads = new ModuleDict({ cls: new Linear({ inFeatures: 8, outFeatures: 3 }) });
 */
export class ModuleDict extends BaseModule {
  static override readonly typeName: string = "ModuleDict";
  static override readonly typeBases: readonly string[] = ["BaseModule", "ModuleDict"];

  constructor(modules: Readonly<Record<string, Module>> = {}, options: ContainerOptions = {}) {
    super(options.initCfg);
    for (const [key, module] of Object.entries(modules)) this.set(key, module);
  }

  /** The element under `key`. @example heads.get("cls") */
  get(key: string): Module | undefined {
    const value = (this as unknown as Record<string, unknown>)[key];
    return value instanceof Module ? value : undefined;
  }

  /** Adds or replaces the element under `key`. @example heads.set("box", new Linear({ inFeatures: 8, outFeatures: 4 })) */
  set(key: string, module: Module): this {
    (this as unknown as Record<string, unknown>)[key] = module;
    return this;
  }

  /** Keys of the elements, in listing order. */
  keys(): string[] {
    return this.namedChildren().map(([name]) => name);
  }
}
