import { createHostBackend, resolveBackend } from "@initlib/initializers";
import type { Backend, FillRule, InitializerPlan, LoadReport, WeightInitializer } from "@initlib/initializers";
import { InitlibError } from "@initlib/registry";
import type { InitReport } from "./init-report";
import { formatInitInfoFile, formatInitInfoRecord } from "./init-report";
import { MODULE_SESSION, TENSOR_STATE } from "./internal";
import { type InitLogger, type LogLevel, type LogRecord, silentLogger } from "./logger";
import { Module } from "./module";
import { pythonRepr } from "./python-repr";
import { locate } from "./locate-error";
import { resolveInitConfig, type ResolvedEntry, resolveTreeConfigs } from "./resolve-init-config";
import { PlannedWrites } from "./planned-writes";
import { StagedWrites } from "./staged-writes";
import { TreeSnapshot } from "./tree-snapshot";
import { StateTensor, type TensorSessionHooks } from "./state-tensor";
import { hasInitWeights, type InitWeightsOptions, isBaseModule, type SessionBaseModule, type SessionSettings } from "./init-participants";

export type { InitWeightsOptions, SessionBaseModule } from "./init-participants";

/**
 * One `initWeights()` call on a tree: MMEngine's ordering run as a transaction. Initializer and
 * user writes only record a pending rule per tensor (the last writer replaces the earlier ones);
 * a read by user-defined code flushes that tensor's current rule into staged storage; at the end,
 * every tensor with a pending rule (and every tensor never materialized, with its torch default) is
 * written into fresh staged storage, and only when all writes succeeded are the stages swapped in.
 * Any failure disposes the stages: values, materialization, `isInit` and parameter objects are left
 * as they were, and no module keeps state of the failed call, so a retry is a first call.
 */
export class InitSession implements TensorSessionHooks {
  readonly top: Module;
  readonly topClass: string;
  readonly backend: Backend;
  readonly seed: number;
  readonly logger: InitLogger;
  readonly dryRun: boolean;
  private readonly tensorPaths = new Map<StateTensor, string>();
  private readonly modulePaths = new Map<Module, string>();
  private readonly stagedWrites: StagedWrites;
  private readonly initialized = new Set<SessionBaseModule>();
  private readonly running = new Set<SessionBaseModule>();
  private readonly visitedPlain = new Set<Module>();
  private readonly resolved = new Map<Module, readonly ResolvedEntry[]>();
  private readonly userLabels: string[] = [];
  /** What plans hold open (checkpoint files), freed when the call ends, however it ends. */
  private readonly releases: (() => Promise<void>)[] = [];
  private userApplyDepth = 0;
  private readonly warnings: string[] = [];
  private readonly logs: LogRecord[] = [];
  private readonly loadReports: LoadReport[] = [];
  private readonly snapshot: TreeSnapshot;
  private readonly writes: PlannedWrites;
  private readonly report: { -readonly [K in keyof InitReport]: InitReport[K] };

  private readonly settings: SessionSettings;

  private constructor(top: Module, options: InitWeightsOptions, settings: SessionSettings) {
    this.settings = settings;
    this.top = top;
    this.topClass = top.typeName;
    this.seed = options.seed ?? 0;
    if (!Number.isInteger(this.seed) || this.seed < 0 || this.seed >= 2 ** 53) {
      throw new InitlibError("INITLIB_BAD_ARGUMENT", "seed must be an integer in [0, 2^53)", { path: "initWeights.seed", received: options.seed });
    }
    // A library is silent unless asked: logs go to the logger the caller passes (the CLI shows INFO).
    this.logger = options.logger ?? silentLogger;
    this.dryRun = options.dryRun ?? false;
    let backend = options.backend;
    for (const [path, module] of top.namedModules()) this.modulePaths.set(module, path);
    for (const entry of top.stateEntries()) {
      this.tensorPaths.set(entry.tensor, entry.name);
      backend ??= entry.tensor.backend;
    }
    // Checked before any work: the spec version and every required method, with what is missing.
    this.backend = backend === undefined ? createHostBackend() : resolveBackend(backend);
    const pathOf = (tensor: StateTensor) => this.tensorPaths.get(tensor) ?? "";
    this.stagedWrites = new StagedWrites(this.backend, this.seed, pathOf);
    this.writes = new PlannedWrites(pathOf, (tensor) => this.stagedWrites.keyOf(tensor));
    this.snapshot = new TreeSnapshot([...top.modules()]);
    this.report = {
      topClass: this.topClass,
      seed: this.seed,
      backend: this.backend.name,
      dryRun: this.dryRun,
      parameters: [],
      warnings: this.warnings,
      loadReports: this.loadReports,
      logs: this.logs,
    };
  }

  /**
   * Whether a call arriving now comes from inside this session: a module's own `initWeights` that
   * the session is running (which joins it, as in MMEngine). Any other call while the session runs
   * is a second, concurrent call.
   */
  get inUserCode(): boolean {
    return this.userLabels.length > 0;
  }

  /** The session a module currently takes part in, if any. */
  static of(module: Module): InitSession | undefined {
    return (module as unknown as Record<symbol, InitSession | undefined>)[MODULE_SESSION];
  }

  /** A top-level `initWeights()` call: attach, run `body`, commit or roll back, report. */
  static async run(
    top: Module,
    options: InitWeightsOptions,
    body: (session: InitSession) => Promise<void>,
    settings: SessionSettings = { dump: true, resolveTree: true },
  ): Promise<InitReport> {
    for (const module of top.modules()) {
      if (InitSession.of(module)) {
        throw new InitlibError("INITLIB_CONCURRENT_INIT", "initWeights() is already running on a module of this tree", {
          received: module.typeName,
          hint: "await the running call before starting another one",
        });
      }
    }
    const session = new InitSession(top, options, settings);
    session.attach();
    let succeeded = false;
    try {
      if (!session.dryRun) await session.stagedWrites.begin();
      if (settings.resolveTree) session.resolveTree(top);
      await body(session);
      if (!session.dryRun) await session.commit();
      succeeded = true;
    } catch (error) {
      session.snapshot.restore();
      await session.stagedWrites.discard();
      throw error;
    } finally {
      session.detach();
      await Promise.allSettled(session.releases.map((release) => release()));
      try {
        await session.stagedWrites.end();
      } catch (error) {
        // After a commit the values are in place: a backend that fails to end its run becomes a warning.
        if (succeeded) session.warnings.push(`backend ${session.backend.name} failed to end the run: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (!session.dryRun) for (const module of session.initialized) module.isInit = true;
    session.finishReport();
    try {
      await session.logger.flush?.();
    } catch (error) {
      // The parameters are already written; a logger that cannot write must not turn a finished
      // call into a failure (whose promise is "nothing changed"), so it becomes a warning.
      session.warnings.push(`the logger failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    return session.report;
  }

  /** The report object of this call; complete once the top-level call returns. */
  get pendingReport(): InitReport {
    return this.report;
  }

  private attach(): void {
    for (const module of this.top.modules()) (module as unknown as Record<symbol, unknown>)[MODULE_SESSION] = this;
    for (const tensor of this.tensorPaths.keys()) tensor[TENSOR_STATE].session = this;
  }

  private detach(): void {
    for (const module of [...this.top.modules(), ...this.snapshot.heldModules()]) delete (module as unknown as Record<symbol, unknown>)[MODULE_SESSION];
    for (const tensor of this.tensorPaths.keys()) tensor[TENSOR_STATE].session = undefined;
  }

  private emit(level: LogLevel, message: string): void {
    const record = { level, message };
    this.logs.push(record);
    this.logger.log(record);
  }

  private warn(message: string): void {
    this.warnings.push(message);
    this.emit("warning", message);
  }

  private configPath(module: Module): string {
    const path = this.modulePaths.get(module) ?? "";
    return path === "" ? `${this.topClass}.initCfg` : `${this.topClass}.${path}.initCfg`;
  }

  private modulePath(module: Module): string {
    return this.modulePaths.get(module) || this.topClass;
  }

  // ---------------------------------------------------------------- resolve

  /** Builds and checks every reachable BaseModule's init_cfg before anything runs. */
  private resolveTree(module: Module): void {
    resolveTreeConfigs(module, (current) => this.resolve(current));
  }

  private resolve(module: SessionBaseModule): readonly ResolvedEntry[] {
    const cached = this.resolved.get(module);
    if (cached) return cached;
    const entries = resolveInitConfig(module, module.initCfg, this.configPath(module), module.pretrainedDefaults, { strict: false, warn: (message) => this.warn(message) });
    this.resolved.set(module, entries);
    return entries;
  }

  /**
   * MMEngine's free `initialize(module, init_cfg)`: every entry in list order, overrides right after
   * their entry, `Pretrained` not deferred.
   */
  async applyConfig(module: Module, cfg: unknown, path: string, pretrainedDefaults?: Readonly<Record<string, unknown>>): Promise<void> {
    const entries = resolveInitConfig(module, cfg, path, pretrainedDefaults, { strict: true, warn: (message) => this.warn(message) });
    for (const entry of entries) await this.applyEntry(module, entry);
  }

  /**
   * `initialize()` called by user-defined `initWeights` code inside this call (a common MMEngine
   * pattern): applied in place, its writes labelled as that user code's, with the initializer's
   * info kept in the history.
   */
  async applyUserConfig(module: Module, cfg: unknown, path: string, pretrainedDefaults?: Readonly<Record<string, unknown>>): Promise<void> {
    this.userApplyDepth++;
    try {
      await this.applyConfig(module, cfg, path, pretrainedDefaults);
    } finally {
      this.userApplyDepth--;
    }
  }

  // ---------------------------------------------------------------- ordering

  /** Effective `isInit` inside this call: set, or initialized earlier in this call. */
  isInitialized(module: SessionBaseModule): boolean {
    return module.isInit || this.initialized.has(module);
  }

  /** BaseModule's `initWeights` body (MMEngine's algorithm) for `module`, inside this call. */
  async runBody(module: SessionBaseModule): Promise<void> {
    if (this.isInitialized(module)) {
      this.warn(`init_weights of ${module.typeName} has been called more than once.`);
      return;
    }
    // A module that contains itself (directly or through its children) runs once.
    if (this.running.has(module)) return;
    this.running.add(module);
    const entries = this.resolve(module);
    if (entries.length > 0) {
      this.emit("debug", `initialize ${module.typeName} with init_cfg ${pythonRepr(module.rawInitCfg)}`);
      for (const entry of entries) if (!entry.pretrained) await this.applyEntry(module, entry);
    }
    for (const child of module.children()) await this.visitChild(child, false);
    for (const entry of entries) if (entry.pretrained) await this.applyEntry(module, entry);
    this.initialized.add(module);
    this.running.delete(module);
  }

  private async applyEntry(module: Module, entry: ResolvedEntry): Promise<void> {
    entry.initializer.matchesEveryModule = false;
    const writes = await this.plan(entry.initializer, module, entry.path);
    if (entry.hasLayer && writes === 0) {
      this.warn(`${entry.path} (${entry.initializer.info}) matched no module with a weight or bias below ${this.modulePath(module)}`);
    }
    for (const override of entry.overrides) {
      override.initializer.matchesEveryModule = true;
      await this.plan(override.initializer, override.target, override.path);
    }
  }

  private async plan(initializer: WeightInitializer, module: Module, path: string): Promise<number> {
    let plan: InitializerPlan;
    try {
      plan = await initializer.plan(module);
    } catch (error) {
      throw locate(error, path, "INITLIB_BUILD_FAILED", `planning ${initializer.info} failed`);
    }
    for (const log of plan.logs) this.emit(log.level, log.message);
    if (plan.loadReport) this.loadReports.push(plan.loadReport);
    if (plan.release) this.releases.push(plan.release);
    for (const write of plan.writes) {
      if (!(write.tensor instanceof StateTensor)) {
        throw new InitlibError("INITLIB_BAD_CONFIG", "an initializer planned a write into a tensor that is not part of this module tree", { path });
      }
      if (this.userApplyDepth > 0) this.userWrite(write.tensor, write.rule, write.info);
      else this.writes.record(write.tensor, write.rule, write.info);
    }
    return plan.writes.length;
  }

  private async visitChild(child: Module, belowPlain: boolean): Promise<void> {
    // One rule, MMEngine's: a module below a plain Module is never called, whether it is a
    // BaseModule or a plain module with its own initWeights; each is named once in a warning.
    if (belowPlain && (isBaseModule(child) || hasInitWeights(child))) {
      const kind = isBaseModule(child) ? "is a BaseModule" : "defines initWeights";
      this.warn(
        `${this.modulePath(child)} (${child.typeName}) ${kind} below a plain Module, so its initWeights is not called (as in MMEngine); only rules of an enclosing BaseModule reach it. Use Sequential/ModuleList/ModuleDict or a BaseModule parent to have it called`,
      );
      return;
    }
    if (isBaseModule(child)) {
      if (!this.isInitialized(child)) await this.callChild(child);
      return;
    }
    if (hasInitWeights(child)) {
      if (!child.isInit) await this.callChild(child);
      return;
    }
    if (this.visitedPlain.has(child)) return;
    this.visitedPlain.add(child);
    for (const grandchild of child.children()) await this.visitChild(grandchild, true);
  }

  private async callChild(child: Module): Promise<void> {
    const path = this.modulePath(child);
    const label = child.typeName;
    if (this.dryRun) {
      if (isBaseModule(child)) {
        if (child.initVisit().ownInitWeights) {
          this.warn(`dry run: the user-defined initWeights of ${path} (${label}) is not run; only its init_cfg is planned`);
        }
        await this.runBody(child);
      } else {
        this.warn(`dry run: the user-defined initWeights of ${path} (${label}) is not run`);
      }
      return;
    }
    const before = new Set(child.parameters());
    this.userLabels.push(label);
    try {
      await (child as unknown as { initWeights: () => unknown }).initWeights();
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

  // ---------------------------------------------------------------- tensor hooks (user code)

  userWrite(tensor: StateTensor, rule: FillRule, info: string | undefined): void {
    const label = `Initialized by user-defined \`init_weights\` in ${this.userLabels.at(-1) ?? this.topClass} `;
    this.writes.record(tensor, rule, label, info === undefined ? label : `${label}(${info})`);
  }

  async readTensor(tensor: StateTensor): Promise<Float32Array> {
    const rule = this.writes.ruleToWrite(tensor);
    const state = tensor[TENSOR_STATE];
    if (rule === undefined) return state.backend!.read(state.storage);
    const stage = await this.stagedWrites.stage(tensor, rule);
    return this.backend.read(stage);
  }

  // ---------------------------------------------------------------- commit

  private async commit(): Promise<void> {
    const jobs: [StateTensor, FillRule][] = [];
    for (const tensor of this.tensorPaths.keys()) {
      const rule = this.writes.ruleToWrite(tensor);
      if (rule !== undefined) jobs.push([tensor, rule]);
    }
    await this.stagedWrites.stageAll(jobs);
    await this.stagedWrites.commitRun(jobs.map(([tensor]) => tensor));
    for (const [tensor, rule] of jobs) {
      const state = tensor[TENSOR_STATE];
      const oldBackend = state.backend;
      const oldStorage = state.storage;
      state.backend = this.backend;
      state.storage = this.stagedWrites.take(tensor);
      state.seed = this.seed;
      state.keyPath = this.tensorPaths.get(tensor) ?? "";
      state.history.push(...this.writes.committedHistory(tensor, rule));
      state.preRule = undefined; // the committed rule now describes the values
      if (oldBackend !== undefined && oldStorage !== undefined) {
        try {
          await oldBackend.dispose(oldStorage);
        } catch {
          // The new values are in place; a failing dispose of the old storage only leaks it.
        }
      }
    }
    await this.stagedWrites.discard();
  }

  // ---------------------------------------------------------------- report

  private finishReport(): void {
    const parameters = this.writes.parameterReports(this.top, this.topClass, this.dryRun);
    this.report.parameters = parameters;
    if (parameters.length === 0 || !this.settings.dump || this.dryRun) return;
    if (this.logger.writeInitInfo) this.logger.writeInitInfo(formatInitInfoFile(parameters));
    else for (const entry of parameters) this.emit("info", formatInitInfoRecord(entry));
  }
}
