import type { FillRule, InitializerPlan, LoadReport, ModuleLike, WeightInitializer } from "@initlib/initializers";
import { InitlibError } from "@initlib/registry";
import { hasInitWeights, type InitWeightsOptions, isBaseModule, type SessionBaseModule } from "./init-participants";
import type { RuleReport } from "./init-report";
import type { LogLevel } from "./logger";
import { locate } from "./locate-error";
import { Module } from "./module";
import type { PlannedWrites } from "./planned-writes";
import { configHasParams, loadedParameterRules, loadParameterRules } from "./load-parameter-rules";
import type { ParameterSelection } from "./parameter-selection";
import { pythonRepr } from "./python-repr";
import { resolveInitConfig, type ResolvedEntry } from "./resolve-init-config";
import { StateTensor } from "./state-tensor";

// The ordering of an initWeights() call: MMEngine's BaseModule.init_weights, run over resolved
// entries. Each initializer's writes are recorded in the plan (PlannedWrites), never executed here;
// user-defined initWeights code runs where MMEngine runs it, and its writes join the plan too.

/** Where the ordering reports what it does: the session's log and its report. */
export interface OrderingSinks {
  emit(level: LogLevel, message: string): void;
  warn(message: string): void;
  /** A checkpoint load of a Pretrained plan. */
  loaded(report: LoadReport): void;
  /** Something a plan holds open (a checkpoint file), to free when the call ends. */
  hold(release: () => Promise<void>): void;
  /** A rule ran: what it selected and wrote. */
  ruleApplied?(report: RuleReport): void;
}

/** What the ordering needs to know about the call. */
export interface OrderingContext {
  readonly topClass: string;
  readonly dryRun: boolean;
  /** Dotted path of each module of the tree (`''` for the top). */
  readonly modulePaths: ReadonlyMap<Module, string>;
  readonly writes: PlannedWrites;
  readonly sinks: OrderingSinks;
  /** Dotted path of a tensor of the tree, for the rule reports. */
  readonly tensorPath?: (tensor: StateTensor) => string;
  /** A `params` pattern that matches nothing is an error, not a warning (`initWeights({ strict })`). */
  readonly strictParams?: boolean;
}

/**
 * MMEngine's ordering for one call: a module's non-`Pretrained` entries over its subtree (each
 * override right after its entry), then each direct child's own `initWeights`, then the module's
 * `Pretrained` entries. Modules below a plain `Module` are never called (MMEngine's rule), whether
 * they are BaseModules or plain modules with an `initWeights` of their own; each is named once in a
 * warning.
 */
export class InitOrdering {
  private readonly resolved = new Map<Module, readonly ResolvedEntry[]>();
  private readonly initialized = new Set<SessionBaseModule>();
  private readonly running = new Set<SessionBaseModule>();
  private readonly visitedPlain = new Set<Module>();
  private readonly userLabels: string[] = [];
  private userApplyDepth = 0;

  constructor(private readonly context: OrderingContext) {}

  /** BaseModules whose body completed in this call; the session sets their `isInit` on commit. */
  get initializedModules(): ReadonlySet<SessionBaseModule> {
    return this.initialized;
  }

  /** Whether user-defined `initWeights` code of this call is running (a call from there joins). */
  get inUserCode(): boolean {
    return this.userLabels.length > 0;
  }

  /**
   * Loads the `params` compiler when a BaseModule of `top`'s tree has `params` in its init_cfg, so
   * that the validate stage can resolve every config synchronously.
   */
  async prepareTree(top: Module): Promise<void> {
    for (const module of top.modules()) {
      if (isBaseModule(module) && configHasParams(module.initCfg)) {
        await loadParameterRules();
        return;
      }
    }
  }

  /** Resolves `module`'s own init_cfg once per call; problems join `problems` (the validate stage). */
  resolveModule(module: SessionBaseModule, problems?: InitlibError[]): readonly ResolvedEntry[] {
    const cached = this.resolved.get(module);
    if (cached) return cached;
    const entries = resolveInitConfig(module, module.initCfg, this.configPath(module), module.pretrainedDefaults, {
      strict: false,
      warn: (message) => this.context.sinks.warn(message),
      problems,
      strictParams: this.context.strictParams,
    });
    this.resolved.set(module, entries);
    return entries;
  }

  /** MMEngine's free `initialize(module, cfg)`: entries in list order, `Pretrained` not deferred. */
  async applyConfig(module: Module, cfg: unknown, path: string, pretrainedDefaults?: Readonly<Record<string, unknown>>): Promise<void> {
    if (configHasParams(cfg)) await loadParameterRules();
    const entries = resolveInitConfig(module, cfg, path, pretrainedDefaults, {
      strict: true,
      warn: (message) => this.context.sinks.warn(message),
      strictParams: this.context.strictParams,
    });
    for (const entry of entries) await this.applyEntry(module, entry);
  }

  /** `initialize()` called by user-defined code inside this call: its writes are labelled as that code's. */
  async applyUserConfig(module: Module, cfg: unknown, path: string, pretrainedDefaults?: Readonly<Record<string, unknown>>): Promise<void> {
    this.userApplyDepth++;
    try {
      await this.applyConfig(module, cfg, path, pretrainedDefaults);
    } finally {
      this.userApplyDepth--;
    }
  }

  /** BaseModule's `initWeights` body (MMEngine's algorithm) for `module`, inside this call. */
  async runBody(module: SessionBaseModule): Promise<void> {
    if (module.isInit || this.initialized.has(module)) {
      this.context.sinks.warn(`init_weights of ${module.typeName} has been called more than once.`);
      return;
    }
    // A module that contains itself (directly or through its children) runs once.
    if (this.running.has(module)) return;
    this.running.add(module);
    if (!this.resolved.has(module) && configHasParams(module.initCfg)) await loadParameterRules();
    const entries = this.resolveModule(module);
    if (entries.length > 0) {
      this.context.sinks.emit("debug", `initialize ${module.typeName} with init_cfg ${pythonRepr(module.rawInitCfg)}`);
      for (const entry of entries) if (!entry.pretrained) await this.applyEntry(module, entry);
    }
    for (const child of module.children()) await this.visitChild(child, false);
    for (const entry of entries) if (entry.pretrained) await this.applyEntry(module, entry);
    this.initialized.add(module);
    this.running.delete(module);
  }

  /** A write by user-defined code (a tensor's `assign`/`fill`/`set` inside this call). */
  userWrite(tensor: StateTensor, rule: FillRule, info: string | undefined): void {
    const label = `Initialized by user-defined \`init_weights\` in ${this.userLabels.at(-1) ?? this.context.topClass} `;
    this.context.writes.record(tensor, rule, label, info === undefined ? label : `${label}(${info})`);
  }

  private configPath(module: Module): string {
    const path = this.context.modulePaths.get(module) ?? "";
    return path === "" ? `${this.context.topClass}.initCfg` : `${this.context.topClass}.${path}.initCfg`;
  }

  private modulePath(module: Module): string {
    return this.context.modulePaths.get(module) || this.context.topClass;
  }

  private async applyEntry(module: Module, entry: ResolvedEntry): Promise<void> {
    const layers = `layer=${entry.initializer.layer.join(",")}`;
    if (entry.params) {
      // A params rule: the initializer sees only the selected parameters (in whole-module mode
      // unless `layer` narrows them to matching layers), so it never plans one it does not select.
      const selection = loadedParameterRules().selectParameters(module, entry.params);
      const sources = `params=${entry.params.map((pattern) => pattern.source).join(", ")}`;
      const writes = await this.plan(entry.initializer, module, entry.path, !entry.hasLayer, {
        selection,
        label: entry.hasLayer ? `${sources} & ${layers}` : sources,
      });
      if (writes === 0 && selection.selected.size > 0) {
        this.context.sinks.warn(`${entry.path} (${entry.initializer.info}) wrote nothing: no parameter its params select belongs to a layer of ${layers}`);
      }
    } else {
      const writes = await this.plan(entry.initializer, module, entry.path, false, { label: entry.pretrained ? "checkpoint" : layers });
      if (entry.hasLayer && writes === 0) {
        this.context.sinks.warn(`${entry.path} (${entry.initializer.info}) matched no module with a weight or bias below ${this.modulePath(module)}`);
      }
    }
    for (const override of entry.overrides) await this.plan(override.initializer, override.target, override.path, true, { label: "whole module" });
  }

  /**
   * Records what `initializer` writes on `module`: the modules its `layer` names, or, for an
   * override's target, every module of the subtree (MMEngine's `wholemodule` mode); with a
   * selection, only the selected parameters (planned on a view that shows only them).
   */
  private async plan(
    initializer: WeightInitializer,
    module: Module,
    path: string,
    wholeSubtree: boolean,
    { selection, label }: { selection?: ParameterSelection; label: string },
  ): Promise<number> {
    let plan: InitializerPlan;
    try {
      initializer.matchesEveryModule = wholeSubtree;
      const target: ModuleLike = selection ? loadedParameterRules().selectionView(module, selection.selected) : module;
      plan = await initializer.plan(target);
    } catch (error) {
      throw locate(error, path, "INITLIB_BUILD_FAILED", `planning ${initializer.info} failed`);
    }
    const { sinks, writes } = this.context;
    for (const log of plan.logs) sinks.emit(log.level, log.message);
    if (plan.loadReport) sinks.loaded(plan.loadReport);
    if (plan.release) sinks.hold(plan.release);
    // An initializer that reads more of the module than the view shows writes only what is selected.
    const planned = selection ? plan.writes.filter((write) => selection.selected.has(write.tensor as never)) : plan.writes;
    for (const write of planned) {
      if (!(write.tensor instanceof StateTensor)) {
        throw new InitlibError("INITLIB_BAD_CONFIG", "an initializer planned a write into a tensor that is not part of this module tree", { path });
      }
      if (this.userApplyDepth > 0) this.userWrite(write.tensor, write.rule, write.info);
      else writes.record(write.tensor, write.rule, write.info);
    }
    sinks.ruleApplied?.({
      path,
      info: initializer.info,
      module: this.context.modulePaths.get(module) ?? "",
      selection: label,
      matched: planned.map((write) => this.context.tensorPath?.(write.tensor as StateTensor) ?? ""),
      ...(selection ? { patterns: selection.matchesByPattern.map(({ pattern, names }) => ({ pattern: pattern.source, matched: names })) } : {}),
    });
    return planned.length;
  }

  private async visitChild(child: Module, belowPlain: boolean): Promise<void> {
    // One rule, MMEngine's: a module below a plain Module is never called by the ordering, whether
    // it is a BaseModule or a plain module with its own initWeights, and whether or not the plain
    // Module above has an initWeights of its own (that code may call it); each is named in a warning.
    if (belowPlain && (isBaseModule(child) || hasInitWeights(child))) {
      this.warnNotCalled(child, isBaseModule(child) ? "is a BaseModule" : "defines initWeights");
      return;
    }
    if (isBaseModule(child)) {
      if (!child.isInit && !this.initialized.has(child)) await this.callChild(child);
      return;
    }
    if (hasInitWeights(child)) {
      if (child.isInit) return;
      await this.callChild(child);
      if (!this.context.dryRun) this.warnUnreachedBelow(child);
      return;
    }
    if (this.visitedPlain.has(child)) return;
    this.visitedPlain.add(child);
    for (const grandchild of child.children()) await this.visitChild(grandchild, true);
  }

  /** After a plain module's own initWeights ran: the BaseModules below it that its code did not call. */
  private warnUnreachedBelow(plain: Module): void {
    for (const child of plain.children()) {
      if (isBaseModule(child)) {
        if (!child.isInit && !this.initialized.has(child) && !this.running.has(child)) this.warnNotCalled(child, "is a BaseModule");
      } else if (!hasInitWeights(child) && !this.visitedPlain.has(child)) {
        this.visitedPlain.add(child);
        this.warnUnreachedBelow(child);
      }
    }
  }

  private warnNotCalled(module: Module, kind: string): void {
    this.context.sinks.warn(
      `${this.modulePath(module)} (${module.typeName}) ${kind} below a plain Module, so its initWeights is not called (as in MMEngine); only rules of an enclosing BaseModule reach it. Use Sequential/ModuleList/ModuleDict or a BaseModule parent to have it called`,
    );
  }

  private async callChild(child: Module & { initWeights(options?: InitWeightsOptions): unknown }): Promise<void> {
    const path = this.modulePath(child);
    const label = child.typeName;
    if (this.context.dryRun) {
      if (isBaseModule(child)) {
        if (child.initVisit().ownInitWeights) {
          this.context.sinks.warn(`dry run: the user-defined initWeights of ${path} (${label}) is not run; only its init_cfg is planned`);
        }
        await this.runBody(child);
      } else {
        this.context.sinks.warn(`dry run: the user-defined initWeights of ${path} (${label}) is not run`);
      }
      return;
    }
    const before = new Set(child.parameters());
    this.userLabels.push(label);
    try {
      await child.initWeights();
    } catch (error) {
      throw locate(error, path, "INITLIB_USER_INIT_FAILED", `the initWeights of ${label} threw`);
    } finally {
      this.userLabels.pop();
    }
    for (const [name, parameter] of child.namedParameters()) {
      if (!before.has(parameter)) {
        throw new InitlibError(
          "INITLIB_USER_INIT_FAILED",
          `Find a new Parameter named \`${name}\` during executing the \`init_weights\` of \`${label}\`. Please do not add or replace parameters during executing the \`init_weights\`.`,
          { path, received: name, hint: "write into the existing parameter (assign/fill/set) instead of replacing it" },
        );
      }
    }
  }
}
