/**
 * A small stand-in for the Pulumi engine's step generation, enough to run a program's lifecycle (preview, up,
 * refresh, destroy) against the real provider host: Check → Diff → Create / Update / Replace (honouring
 * deleteBeforeReplace, with the second Check of a replacement given empty olds) / Delete, and Read for refresh.
 * It keeps a state like the engine's: per resource the id, the inputs and the outputs.
 */
import { HostError, ProviderHost } from './providerHost';

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface ResourceState {
  urn: string;
  id: string;
  inputs: Record<string, any>;
  outputs: Record<string, any>;
}

export type StepKind = 'create' | 'update' | 'replace' | 'same' | 'delete';

export interface PlannedStep {
  urn: string;
  kind: StepKind;
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** Properties whose stored inputs differ from the checked new ones, as `pulumi preview --diff` shows them. */
  changedInputs: Array<{ property: string; old: unknown; new: unknown }>;
  failures: Array<{ property: string; reason: string }>;
  /** What Check returned, which `up` applies (the engine checks once per step, as here). */
  checked?: Record<string, any>;
}

export interface StepResult extends PlannedStep {
  error?: string;
}

export type Declared = Map<string, Record<string, any>>; // urn → program inputs (news, with __provider)

export function urnOf(type: string, name: string): string {
  return `urn:pulumi:test::keypair-test::${type}::${name}`;
}

function changedInputs(olds: Record<string, any>, news: Record<string, any>): PlannedStep['changedInputs'] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  keys.delete('__provider');
  return [...keys]
    .filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]))
    .map((property) => ({ property, old: olds[property], new: news[property] }));
}

export class MiniEngine {
  readonly state = new Map<string, ResourceState>();

  constructor(
    readonly host: ProviderHost,
    private readonly concurrency = 1,
  ) {}

  /** What `pulumi preview` would do; calls only check and diff. */
  async preview(declared: Declared): Promise<PlannedStep[]> {
    const steps = await this.map([...declared], ([urn, news]) => this.plan(urn, news));
    for (const urn of this.state.keys()) {
      if (!declared.has(urn))
        steps.push({ urn, kind: 'delete', replaces: [], deleteBeforeReplace: false, changedInputs: [], failures: [] });
    }
    return steps;
  }

  /** What `pulumi up` would do: plan and apply every step; failures are reported per resource, not thrown. */
  async up(declared: Declared): Promise<StepResult[]> {
    const results = await this.map([...declared], async ([urn, news]) => {
      const step: StepResult = await this.plan(urn, news);
      if (step.failures.length > 0) return { ...step, error: step.failures.map((f) => f.reason).join('; ') };
      try {
        await this.apply(step, news);
      } catch (error) {
        step.error = error instanceof HostError ? error.details : String(error);
      }
      return step;
    });
    const orphans = [...this.state.keys()].filter((urn) => !declared.has(urn));
    results.push(...(await this.map(orphans, (urn) => this.remove(urn))));
    return results;
  }

  async refresh(): Promise<Array<{ urn: string; gone: boolean; error?: string }>> {
    return this.map([...this.state.values()], async (resource) => {
      try {
        const read = await this.host.read(resource.id, resource.urn, resource.outputs, resource.inputs);
        if (!read.id) {
          this.state.delete(resource.urn);
          return { urn: resource.urn, gone: true };
        }
        resource.id = read.id;
        resource.outputs = read.outputs;
        if (read.inputs) resource.inputs = read.inputs;
        return { urn: resource.urn, gone: false };
      } catch (error) {
        return { urn: resource.urn, gone: false, error: error instanceof HostError ? error.details : String(error) };
      }
    });
  }

  async destroy(): Promise<StepResult[]> {
    return this.map([...this.state.keys()], (urn) => this.remove(urn));
  }

  private async plan(urn: string, news: Record<string, any>): Promise<PlannedStep> {
    const old = this.state.get(urn);
    const checked = await this.host.check(urn, old?.inputs ?? {}, news);
    const base = { urn, replaces: [] as string[], deleteBeforeReplace: false, failures: checked.failures, checked: checked.inputs };
    if (!old) return { ...base, kind: 'create', changedInputs: changedInputs({}, checked.inputs) };
    const diff = await this.host.diff(old.id, urn, old.outputs, { ...checked.inputs, __provider: news.__provider });
    const changes = changedInputs(old.inputs, checked.inputs);
    if (diff.replaces.length > 0)
      return { ...base, kind: 'replace', replaces: diff.replaces, deleteBeforeReplace: diff.deleteBeforeReplace, changedInputs: changes };
    if (diff.changes === 'some') return { ...base, kind: 'update', changedInputs: changes };
    return { ...base, kind: 'same', changedInputs: changes };
  }

  private async apply(step: PlannedStep, news: Record<string, any>): Promise<void> {
    const old = this.state.get(step.urn);
    const checked = step.checked!;
    const withProvider = { ...checked, __provider: news.__provider };
    switch (step.kind) {
      case 'create': {
        const created = await this.host.create(step.urn, withProvider);
        this.state.set(step.urn, { urn: step.urn, id: created.id, inputs: withProvider, outputs: created.outputs });
        return;
      }
      case 'update': {
        const outputs = await this.host.update(old!.id, step.urn, old!.outputs, withProvider);
        this.state.set(step.urn, { ...old!, inputs: withProvider, outputs });
        return;
      }
      case 'replace': {
        // The engine checks the replacement again with empty olds.
        const fresh = { ...(await this.host.check(step.urn, {}, news)).inputs, __provider: news.__provider };
        if (step.deleteBeforeReplace) {
          await this.host.delete(old!.id, step.urn, old!.outputs);
          this.state.delete(step.urn);
          const created = await this.host.create(step.urn, fresh);
          this.state.set(step.urn, { urn: step.urn, id: created.id, inputs: fresh, outputs: created.outputs });
        } else {
          const created = await this.host.create(step.urn, fresh);
          this.state.set(step.urn, { urn: step.urn, id: created.id, inputs: fresh, outputs: created.outputs });
          await this.host.delete(old!.id, step.urn, old!.outputs);
        }
        return;
      }
      default:
        if (old) this.state.set(step.urn, { ...old, inputs: { ...checked, __provider: old.inputs.__provider } });
    }
  }

  private async remove(urn: string): Promise<StepResult> {
    const step: StepResult = { urn, kind: 'delete', replaces: [], deleteBeforeReplace: false, changedInputs: [], failures: [] };
    const resource = this.state.get(urn)!;
    try {
      await this.host.delete(resource.id, urn, resource.outputs);
      this.state.delete(urn);
    } catch (error) {
      step.error = error instanceof HostError ? error.details : String(error);
    }
    return step;
  }

  private async map<T, R>(items: T[], fn: (item: T) => Promise<R>): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    const workers = Array.from({ length: Math.min(this.concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await fn(items[index]);
      }
    });
    await Promise.all(workers);
    return results;
  }
}
