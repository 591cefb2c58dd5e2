import { type Backend, type FillRule, writeRule } from "@initlib/initializers";
import { locate } from "./locate-error";
import type { StateTensor } from "./state-tensor";

/**
 * The execute stage's storage: every tensor an initWeights() call writes gets fresh storage on the
 * call's backend, filled by its final rule; nothing a model holds is touched until the caller takes
 * the stages (commit), and `discard` frees whatever was staged but not taken (roll back).
 */
export class StagedWrites {
  private readonly staged = new Map<StateTensor, { storage: unknown; rule: FillRule | undefined }>();

  constructor(
    readonly backend: Backend,
    private readonly seed: number,
    private readonly pathOf: (tensor: StateTensor) => string,
  ) {}

  /** The generator's key of `tensor`: the call's seed and the tensor's path. */
  keyOf(tensor: StateTensor): { seed: number; path: string } {
    return { seed: this.seed, path: this.pathOf(tensor) };
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

  /** Hands the staged storage of `tensor` to the caller, who now owns it. */
  take(tensor: StateTensor): unknown {
    const stage = this.staged.get(tensor)!;
    this.staged.delete(tensor);
    return stage.storage;
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
