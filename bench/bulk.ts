/**
 * 3. Bulk: 500 key pairs created and deleted through the host and the engine stand-in, 10 in flight, 20 ms injected
 * latency per request, beside a provider that only sleeps as long; wall time against the ideal, CPU and memory.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import * as os from 'os';
import * as pulumi from '@pulumi/pulumi';
import type { Emulator } from '../emulator';
import { MiniEngine, urnOf } from '../tools/engine-standin/engine';
import { registeredResources } from '../tools/engine-standin/program';
import { ProviderHost } from '../tools/engine-standin/providerHost';
import { fmt, hostEnv, installedProgram, median, quick, Row } from './measure';

/** A dynamic provider whose create and delete only wait, as long as one API call takes: the bulk floor. */
class SleepingResource extends pulumi.dynamic.Resource {
  constructor(name: string, sleepMs: number) {
    const sleep = () => new Promise((resolve) => setTimeout(resolve, sleepMs));
    super(
      {
        async create() {
          await sleep();
          return { id: name, outs: {} };
        },
        async delete() {
          await sleep();
        },
      },
      name,
      {},
      undefined,
      'bench:index:Sleeping',
    );
  }
}

/** Wall seconds for `declared` created then destroyed through a fresh host, with the CPU each side used. */
export async function upAndDestroy(declared: Map<string, Record<string, any>>, env: NodeJS.ProcessEnv, inFlight: number) {
  const host = await ProviderHost.start({ env });
  try {
    await host.configure({ 'alicloud:region': 'cn-hangzhou' });
    const engine = new MiniEngine(host, inFlight);
    const hostCpu0 = host.cpuMilliseconds();
    const benchCpu0 = process.cpuUsage();
    const started = process.hrtime.bigint();
    const steps = [...(await engine.up(declared)), ...(await engine.destroy())];
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const benchCpu = process.cpuUsage(benchCpu0);
    const failure = steps.find((s) => s.error);
    if (failure) throw new Error(`bulk run failed: ${failure.error}`);
    return {
      seconds,
      hostCpu: (host.cpuMilliseconds() - hostCpu0) / 1000,
      benchCpu: (benchCpu.user + benchCpu.system) / 1e6,
      peak: host.peakMemoryBytes() ?? 0,
    };
  } finally {
    await host.stop();
  }
}

export async function bulk(rows: Row[], emulator: Emulator): Promise<void> {
  const COUNT = quick ? 100 : 500;
  const LATENCY_MS = 20;
  const IN_FLIGHT = 10;
  emulator.store.clear();
  emulator.requests.length = 0;
  emulator.configureFaults({ latencyMs: LATENCY_MS });
  try {
    const resources = installedProgram(COUNT);
    const declared = new Map(resources.map((r) => [urnOf(r.type, r.name), r.inputs]));
    // The same lifecycle for a provider that only waits LATENCY_MS per create and delete: what the host and
    // this engine stand-in cost by themselves on this machine.
    const sleeping = await registeredResources(() =>
      Array.from({ length: COUNT }, (_, i) => new SleepingResource(`sleep-${i}`, LATENCY_MS)),
    );
    const floorDeclared = new Map(sleeping.map((r) => [urnOf(r.type, r.name), r.inputs]));
    const runs: Array<Awaited<ReturnType<typeof upAndDestroy>>> = [];
    const floors: number[] = [];
    for (let run = 0; run < (quick ? 1 : 3); run++) {
      emulator.requests.length = 0;
      runs.push(await upAndDestroy(declared, hostEnv(emulator), IN_FLIGHT));
      if (emulator.store.snapshot().length !== 0) throw new Error('bulk run left key pairs behind');
      floors.push((await upAndDestroy(floorDeclared, hostEnv(emulator), IN_FLIGHT)).seconds);
    }
    const ours = runs.sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];
    const floor = { seconds: median(floors) };
    const requests = emulator.requests.length;
    const ideal = (requests * LATENCY_MS) / 1000 / IN_FLIGHT;
    rows.push({
      measure: `bulk: ${COUNT} created + deleted via host, ${IN_FLIGHT} in flight, ${LATENCY_MS} ms latency (s)`,
      ours: fmt(ours.seconds, 2),
      baseline: `${fmt(ideal, 2)} (ideal: ${requests} requests × ${LATENCY_MS} ms / ${IN_FLIGHT})`,
      ratio: `${fmt(ours.seconds / ideal, 2)}×`,
      target: '≤ 1.25×',
    });
    rows.push({
      measure: `  same lifecycle, a provider that only sleeps ${LATENCY_MS} ms per call (s)`,
      ours: fmt(floor.seconds, 2),
      baseline: `${fmt(ideal, 2)} (ideal)`,
      ratio: `${fmt(floor.seconds / ideal, 2)}×`,
      target: '',
    });
    rows.push({
      measure: '  ours vs. that floor',
      ours: fmt(ours.seconds, 2),
      baseline: fmt(floor.seconds, 2),
      ratio: `${fmt(ours.seconds / floor.seconds, 2)}×`,
      target: '',
    });
    rows.push({
      measure: 'bulk: CPU seconds, provider host vs. this process (engine stand-in + emulator)',
      ours: fmt(ours.hostCpu, 2),
      baseline: fmt(ours.benchCpu, 2),
      ratio: '',
      target: `${os.cpus().length} cores`,
    });
    rows.push({
      measure: 'bulk: provider host peak memory (VmHWM)',
      ours: `${fmt(ours.peak / 2 ** 20, 1)} MiB`,
      baseline: '',
      ratio: '',
      target: '',
    });
  } finally {
    emulator.faults.reset();
  }
}
