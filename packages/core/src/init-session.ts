import { resolveBackend } from "@initlib/initializers";
import type { Backend, FillRule, LoadReport } from "@initlib/initializers";
import { InitlibError } from "@initlib/registry";
import { type InitWeightsOptions, type SessionBaseModule, type SessionSettings } from "./init-participants";
import { InitOrdering } from "./init-ordering";
import { loadExecutionCode } from "./load-execution-code";
import type { InitReport, RuleReport } from "./init-report";
import { TENSOR_STATE } from "./module-symbols";
import { type InitLogger, type LogLevel, type LogRecord, silentLogger } from "./logger";
import type { Module } from "./module";
import { PlannedWrites } from "./planned-writes";
import { reportInitCall } from "./report-init-call";
import { StagedWrites } from "./staged-writes";
import type { StateTensor, TensorSessionHooks } from "./state-tensor";
import { TreeSnapshot } from "./tree-snapshot";
import { readMaxTensorElements, validateInitCall } from "./validate-init-call";

export type { InitWeightsOptions, SessionBaseModule } from "./init-participants";

/** The call each module of a running call's tree takes part in (a module's own `initWeights` then joins it). */
const ACTIVE_SESSIONS = new WeakMap<Module, InitSession>();

/**
 * One `initWeights()` call on a tree, as a transaction through the stages: validate (every
 * BaseModule's init_cfg resolved, every tensor's size checked, all problems reported together),
 * ordering (MMEngine's algorithm records the last writer's rule per tensor, running user-defined
 * code where MMEngine runs it), execute (each final rule written into fresh staged storage, swapped
 * in only when every write succeeded), report. Any failure disposes the stages and puts back
 * replaced parameter objects: values, materialization and `isInit` are as they were, and no module
 * keeps state of the failed call, so a retry is a first call.
 */
export class InitSession implements TensorSessionHooks {
  readonly top: Module;
  readonly backend: Backend;
  readonly ordering: InitOrdering;
  private readonly seed: number;
  private readonly logger: InitLogger;
  private readonly dryRun: boolean;
  private readonly settings: SessionSettings;
  private readonly maxTensorElements: number;
  private readonly tensorPaths = new Map<StateTensor, string>();
  private readonly writes: PlannedWrites;
  private readonly staged: StagedWrites;
  private readonly snapshot: TreeSnapshot;
  /** What plans hold open (checkpoint files), freed when the call ends, however it ends. */
  private readonly releases: (() => Promise<void>)[] = [];
  private readonly warnings: string[] = [];
  private readonly logs: LogRecord[] = [];
  private readonly loadReports: LoadReport[] = [];
  private readonly rules: RuleReport[] = [];
  private readonly report: { -readonly [K in keyof InitReport]: InitReport[K] };

  private constructor(top: Module, options: InitWeightsOptions, settings: SessionSettings, createHostBackend: (() => Backend) | undefined) {
    this.top = top;
    this.settings = settings;
    this.seed = options.seed ?? 0;
    if (!Number.isInteger(this.seed) || this.seed < 0 || this.seed >= 2 ** 53) {
      throw new InitlibError("INITLIB_BAD_ARGUMENT", "seed must be an integer in [0, 2^53)", { path: "initWeights.seed", received: options.seed });
    }
    // A library is silent unless asked: logs go to the logger the caller passes (the CLI shows INFO).
    this.logger = options.logger ?? silentLogger;
    this.dryRun = options.dryRun ?? false;
    const modulePaths = new Map<Module, string>();
    for (const [path, module] of top.namedModules()) modulePaths.set(module, path);
    let backend = options.backend;
    for (const entry of top.stateEntries()) {
      this.tensorPaths.set(entry.tensor, entry.name);
      backend ??= entry.tensor.backend;
    }
    // Checked before any work: the spec version and every required method, with what is missing.
    this.backend = backend === undefined ? createHostBackend!() : resolveBackend(backend);
    const pathOf = (tensor: StateTensor) => this.tensorPaths.get(tensor) ?? "";
    this.staged = new StagedWrites(this.backend, this.seed, pathOf);
    this.writes = new PlannedWrites(pathOf, (tensor) => this.staged.keyOf(tensor));
    this.snapshot = new TreeSnapshot([...top.modules()]);
    this.report = {
      topClass: top.typeName,
      seed: this.seed,
      backend: this.backend.name,
      dryRun: this.dryRun,
      parameters: [],
      rules: this.rules,
      untouched: [],
      warnings: this.warnings,
      loadReports: this.loadReports,
      logs: this.logs,
    };
    this.ordering = new InitOrdering({
      topClass: top.typeName,
      dryRun: this.dryRun,
      modulePaths,
      writes: this.writes,
      tensorPath: pathOf,
      strictParams: options.strict ?? false,
      sinks: {
        emit: (level, message) => this.emit(level, message),
        warn: (message) => this.warn(message),
        loaded: (load) => void this.loadReports.push(load),
        hold: (release) => void this.releases.push(release),
        ruleApplied: (rule) => void this.rules.push(rule),
      },
    });
    this.maxTensorElements = readMaxTensorElements(options.maxTensorElements);
  }

  /** The session a module currently takes part in, if any. */
  static of(module: Module): InitSession | undefined {
    return ACTIVE_SESSIONS.get(module);
  }

  /**
   * A top-level call: validate, attach, run `body` (the ordering), then execute and report, or roll
   * back. A tree with a module already in a running call is refused (`INITLIB_CONCURRENT_INIT`).
   */
  static async run(
    top: Module,
    options: InitWeightsOptions,
    body: (ordering: InitOrdering) => Promise<void>,
    settings: SessionSettings = { dump: true, resolveTree: true },
  ): Promise<InitReport> {
    // The host backend (with the random generator) is loaded only for a tree that names no backend.
    const named = options.backend !== undefined || [...top.stateEntries()].some((entry) => entry.tensor.backend !== undefined);
    const createHostBackend = named ? undefined : (await loadExecutionCode()).createHostBackend;
    for (const module of top.modules()) {
      if (InitSession.of(module)) {
        throw new InitlibError("INITLIB_CONCURRENT_INIT", "initWeights() is already running on a module of this tree", {
          received: module.typeName,
          hint: "await the running call before starting another one",
        });
      }
    }
    const session = new InitSession(top, options, settings, createHostBackend);
    session.attach();
    let succeeded = false;
    try {
      if (!session.dryRun) await session.staged.begin();
      if (settings.resolveTree) await session.ordering.prepareTree(top);
      validateInitCall(top, {
        resolveModule: settings.resolveTree ? (module, problems) => session.ordering.resolveModule(module, problems) : undefined,
        tensors: session.tensorPaths.entries(),
        maxTensorElements: session.maxTensorElements,
      });
      await body(session.ordering);
      if (!session.dryRun) await session.execute();
      succeeded = true;
    } catch (error) {
      session.snapshot.restore();
      await session.staged.discard();
      // What was logged before the failure still reaches a logger that holds records until flush.
      await Promise.resolve()
        .then(() => session.logger.flush?.())
        .catch(() => {});
      throw error;
    } finally {
      session.detach();
      await Promise.allSettled(session.releases.map((release) => release()));
      try {
        await session.staged.end();
      } catch (error) {
        // After a commit the values are in place: a backend that fails to end its run becomes a warning.
        if (succeeded) session.warnings.push(`backend ${session.backend.name} failed to end the run: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (!session.dryRun) for (const module of session.ordering.initializedModules) module.isInit = true;
    session.report.parameters = reportInitCall({
      top,
      topClass: top.typeName,
      dryRun: session.dryRun,
      dump: settings.dump,
      writes: session.writes,
      logger: session.logger,
      emit: (level, message) => session.emit(level, message),
    });
    session.report.untouched = session.report.parameters.filter((parameter) => !parameter.written).map((parameter) => parameter.name);
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

  /** Whether a call arriving now comes from user-defined `initWeights` code this session runs (it joins). */
  get inUserCode(): boolean {
    return this.ordering.inUserCode;
  }

  /** Runs BaseModule's body for `module` inside this call (a module's own `initWeights` joining it). */
  runBody(module: SessionBaseModule): Promise<void> {
    return this.ordering.runBody(module);
  }

  userWrite(tensor: StateTensor, rule: FillRule, info: string | undefined): void {
    this.ordering.userWrite(tensor, rule, info);
  }

  /** A read by user-defined code sees the writes planned so far: the tensor's current rule is staged. */
  async readTensor(tensor: StateTensor): Promise<Float32Array> {
    const rule = this.writes.ruleToWrite(tensor);
    const state = tensor[TENSOR_STATE];
    if (rule === undefined) return state.backend!.read(state.storage);
    return this.backend.read(await this.staged.stage(tensor, rule));
  }

  private attach(): void {
    for (const module of this.top.modules()) ACTIVE_SESSIONS.set(module, this);
    for (const tensor of this.tensorPaths.keys()) tensor[TENSOR_STATE].session = this;
  }

  private detach(): void {
    for (const module of [...this.top.modules(), ...this.snapshot.heldModules()]) if (ACTIVE_SESSIONS.get(module) === this) ACTIVE_SESSIONS.delete(module);
    for (const tensor of this.tensorPaths.keys()) tensor[TENSOR_STATE].session = undefined;
  }

  /** The execute stage: stage every final rule (and every default of a tensor never materialized), then commit. */
  private async execute(): Promise<void> {
    const jobs: [StateTensor, FillRule][] = [];
    for (const tensor of this.tensorPaths.keys()) {
      const rule = this.writes.ruleToWrite(tensor);
      if (rule !== undefined) jobs.push([tensor, rule]);
    }
    await this.staged.stageAll(jobs);
    await this.staged.commitRun(jobs.map(([tensor]) => tensor));
    await this.staged.commit(jobs, (tensor, rule) => this.writes.committedHistory(tensor, rule));
  }

  private emit(level: LogLevel, message: string): void {
    const record: LogRecord = { level, message };
    this.logs.push(record);
    this.logger.log(record);
  }

  private warn(message: string): void {
    this.warnings.push(message);
    this.emit("warning", message);
  }
}
