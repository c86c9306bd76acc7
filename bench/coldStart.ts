/**
 * 2. Provider-host cold start: spawn the real dynamic-provider host → first create answered, our provider (as
 * installed) vs. a trivial dynamic provider. Also gives the installed package's serialized provider size.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import * as pulumi from '@pulumi/pulumi';
import type { Emulator } from '../emulator';
import { urnOf } from '../tools/engine-standin/engine';
import { registeredResources } from '../tools/engine-standin/program';
import { ProviderHost } from '../tools/engine-standin/providerHost';
import { fmt, hostEnv, installedProgram, median, quick, Row } from './measure';

class TrivialResource extends pulumi.dynamic.Resource {
  constructor(name: string) {
    super(
      {
        async create() {
          return { id: 'trivial', outs: {} };
        },
      },
      name,
      {},
      undefined,
      'bench:index:Trivial',
    );
  }
}

export async function providerInputs(build: () => pulumi.Resource): Promise<{ urn: string; inputs: Record<string, any> }> {
  const [registered] = await registeredResources(() => [build()]);
  return { urn: urnOf(registered.type, registered.name), inputs: registered.inputs };
}

export async function coldStartMs(
  emulator: Emulator,
  which: 'ours' | 'trivial',
  program: { urn: string; inputs: Record<string, any> },
): Promise<number> {
  emulator.store.clear();
  const started = process.hrtime.bigint();
  const host = await ProviderHost.start({ env: hostEnv(emulator) });
  try {
    await host.configure({ 'alicloud:region': 'cn-hangzhou' });
    const checked = await host.check(program.urn, {}, program.inputs);
    await host.create(program.urn, { ...checked.inputs, __provider: program.inputs.__provider });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (which === 'ours' && emulator.store.snapshot().length !== 1) throw new Error('cold-start create did not import');
    return elapsed;
  } finally {
    await host.stop();
  }
}

export async function coldStart(rows: Row[], emulator: Emulator): Promise<number> {
  const [installed] = installedProgram(1);
  const ours = { urn: urnOf(installed.type, installed.name), inputs: installed.inputs };
  const trivial = await providerInputs(() => new TrivialResource('cold'));
  const runs = quick ? 2 : 7;
  const oursMs: number[] = [];
  const trivialMs: number[] = [];
  await coldStartMs(emulator, 'ours', ours); // warm the file-system cache for both
  await coldStartMs(emulator, 'trivial', trivial);
  for (let i = 0; i < runs; i++) {
    oursMs.push(await coldStartMs(emulator, 'ours', ours));
    trivialMs.push(await coldStartMs(emulator, 'trivial', trivial));
  }
  const o = median(oursMs);
  const t = median(trivialMs);
  rows.push({
    measure: 'host cold start → first create answered (ms, median)',
    ours: fmt(o),
    baseline: `${fmt(t)} (trivial provider)`,
    ratio: `${fmt(o / t, 2)}×`,
    target: '≤ 1.3×',
  });
  return Buffer.byteLength(JSON.stringify(ours.inputs.__provider));
}
