import type { Backend, CommittedStorage, FillRule } from "@initlib/initializers";
import { loadExecutionCode } from "./load-execution-code";
import { startBackendRun, type StartedBackendRun } from "@initlib/initializers/internal";
import { TENSOR_STATE } from "./module-symbols";
import { locate } from "./locate-error";
import type { StateTensor, WriteRecord } from "./state-tensor";

/**
 * The execute stage: every tensor an initWeights() call writes gets fresh storage on the call's
 * backend, filled by its final rule (stage); nothing a model holds is touched until every write
 * succeeded and `commit` swaps the stages in; `discard` frees whatever was staged (roll back).
 * The backend sees the call as one run (`Backend.beginRun`): `begin` opens it before the first
 * allocation, `commitRun` calls its commit hook before any storage is swapped, and `end` disposes
 * it once, on success and on roll back.
 */
export class StagedWrites {
  private readonly staged = new Map<StateTensor, { storage: unknown; rule: FillRule | undefined }>();
  private run: StartedBackendRun | undefined;

  constructor(
    readonly backend: Backend,
    private readonly seed: number,
    private readonly pathOf: (tensor: StateTensor) => string,
  ) {}

  /** The generator's key of `tensor`: the call's seed and the tensor's path. */
  keyOf(tensor: StateTensor): { seed: number; path: string } {
    return { seed: this.seed, path: this.pathOf(tensor) };
  }

  /** Opens the backend's run; call once, before anything is staged. */
  async begin(): Promise<void> {
    this.run = await startBackendRun(this.backend);
  }

  /**
   * The backend's commit hook, once every job is staged and before any storage is swapped: each
   * tensor's stage, and the storage it replaces when that one is on the same backend. When the
   * hook throws, the call rolls back as after any other failure.
   */
  async commitRun(tensors: readonly StateTensor[]): Promise<void> {
    const storages: CommittedStorage[] = tensors.map((tensor) => {
      const state = tensor[TENSOR_STATE];
      return { tensor, path: this.pathOf(tensor), staged: this.staged.get(tensor)!.storage, replaced: state.backend === this.backend ? state.storage : undefined };
    });
    await this.run?.commit(storages);
  }

  /** Disposes the backend's run (exactly once, committed or not); stages must be discarded first. */
  async end(): Promise<void> {
    const run = this.run;
    this.run = undefined;
    await run?.dispose();
  }

  /** Staged storage of `tensor` holding `rule`'s values (written once per rule). */
  async stage(tensor: StateTensor, rule: FillRule): Promise<unknown> {
    let stage = this.staged.get(tensor);
    if (!stage) {
      stage = { storage: await this.backend.allocate(tensor.shape), rule: undefined };
      this.staged.set(tensor, stage);
    }
    if (stage.rule !== rule) {
      stage.rule = undefined;
      const { writeRule } = await loadExecutionCode();
      await writeRule(this.backend, stage.storage, tensor.shape, rule, this.keyOf(tensor));
      stage.rule = rule;
    }
    return stage.storage;
  }

  /** Stages every job; a backend failure names the tensor it was writing. */
  async stageAll(jobs: readonly (readonly [StateTensor, FillRule])[]): Promise<void> {
    for (const [tensor, rule] of jobs) {
      try {
        await this.stage(tensor, rule);
      } catch (error) {
        throw locate(error, this.pathOf(tensor), "INITLIB_BACKEND_FAILURE", `writing ${this.pathOf(tensor)} on backend ${this.backend.name} failed`);
      }
    }
  }

  /**
   * Commit, once every job is staged: each job's staged storage replaces its tensor's storage on
   * the call's backend (the old storage is freed), its random key becomes this call's, and its
   * history grows by `historyOf(tensor, rule)`. Nothing here can fail halfway for a user reason.
   */
  async commit(jobs: readonly (readonly [StateTensor, FillRule])[], historyOf: (tensor: StateTensor, rule: FillRule) => readonly WriteRecord[]): Promise<void> {
    for (const [tensor, rule] of jobs) {
      const state = tensor[TENSOR_STATE];
      const oldBackend = state.backend;
      const oldStorage = state.storage;
      const stage = this.staged.get(tensor)!;
      this.staged.delete(tensor);
      state.backend = this.backend;
      state.storage = stage.storage;
      state.seed = this.seed;
      state.keyPath = this.pathOf(tensor);
      state.history.push(...historyOf(tensor, rule));
      state.preRule = undefined; // the committed rule now describes the values
      if (oldBackend !== undefined && oldStorage !== undefined) {
        try {
          await oldBackend.dispose(oldStorage);
        } catch {
          // The new values are in place; a failing dispose of the old storage only leaks it.
        }
      }
    }
    await this.discard();
  }

  /** Frees every stage not taken. */
  async discard(): Promise<void> {
    const stages = [...this.staged.values()];
    this.staged.clear();
    for (const stage of stages) {
      try {
        await this.backend.dispose(stage.storage);
      } catch {
        // Already failing or finished; nothing else to undo.
      }
    }
  }
}
