/**
 * Through the real Pulumi CLI (`npm run pulumi:cli`): `pulumi up`, `preview`, `refresh` and `destroy` of N key pairs
 * against the emulator with 20 ms added to every API call, beside the same number of resources of a dynamic
 * provider that does nothing but sleep 20 ms per create, read and delete — same CLI, same machine, same run. The
 * ratio says what our provider costs beyond the engine and the latency itself. Also: the provider host's peak
 * memory and the API calls per resource and operation. Skipped (with a line) when no CLI is built.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Emulator } from '../emulator';
import { GENERIC_PROGRAM } from '../tools/pulumi-cli/programs';
import { locatePulumiCli } from '../tools/pulumi-cli/locate';
import { PulumiProject } from '../tools/pulumi-cli/project';
import type { Row } from './measure';

/** Added to every API call; the floors sleep as long. */
export const LATENCY_MS = 20;
/** The operations timed, with their CLI arguments. */
export const OPERATIONS = [
  ['up', ['up', '--yes', '--skip-preview']],
  ['preview', ['preview']],
  ['refresh', ['refresh', '--yes', '--skip-preview']],
  ['destroy', ['destroy', '--yes', '--skip-preview']],
] as const;

/** The floor: a dynamic provider that only waits as long as one API call would. */
const FLOOR_PROGRAM = `const pulumi = require('@pulumi/pulumi');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const provider = {
  async create(inputs) { await sleep(${LATENCY_MS}); return { id: inputs.name, outs: { name: inputs.name } }; },
  async read(id, props) { await sleep(${LATENCY_MS}); return { id, props }; },
  async diff() { return { changes: false }; },
  async delete() { await sleep(${LATENCY_MS}); },
};
const count = JSON.parse(require('fs').readFileSync(__dirname + '/resources.json', 'utf8')).length;
for (let i = 0; i < count; i++) new pulumi.dynamic.Resource(provider, 'kp' + i, { name: 'kp' + i });
`;

/** Highest VmHWM (KiB) of any dynamic-provider host seen while `work` runs, by polling /proc. */
async function peakHostMemoryKiB<T>(work: () => Promise<T>): Promise<{ result: T; peakKiB: number }> {
  let peakKiB = 0;
  const poll = setInterval(() => {
    for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      try {
        if (!fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dynamic-provider')) continue;
        const hwm = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
        if (hwm) peakKiB = Math.max(peakKiB, Number(hwm[1]));
      } catch {
        // gone meanwhile
      }
    }
  }, 100);
  try {
    return { result: await work(), peakKiB };
  } finally {
    clearInterval(poll);
  }
}

async function timeOperations(
  project: PulumiProject,
  emulator: Emulator | undefined,
  count: number,
): Promise<{ seconds: Record<string, number>; calls: Record<string, number>; peakKiB: number; stateBytes: number }> {
  let stateBytes = 0;
  const seconds: Record<string, number> = {};
  const calls: Record<string, number> = {};
  let peakKiB = 0;
  await project.ok(['stack', 'init', 'bench']);
  await project.ok(['config', 'set', 'alicloud:region', 'cn-hangzhou']);
  for (const [name, args] of OPERATIONS) {
    if (emulator) emulator.requests.length = 0;
    const started = process.hrtime.bigint();
    const measured = await peakHostMemoryKiB(() => project.ok([...args], { timeoutMs: 1_800_000 }));
    seconds[name] = Number(process.hrtime.bigint() - started) / 1e9;
    calls[name] = emulator ? emulator.requests.length : 0;
    peakKiB = Math.max(peakKiB, measured.peakKiB);
    if (name === 'up') stateBytes = (await project.ok(['stack', 'export'])).stdout.length / count;
  }
  return { seconds, calls, peakKiB, stateBytes };
}

export async function realCliRows(
  emulator: Emulator,
  credential: { accessKeyId: string; accessKeySecret: string },
  quick: boolean,
): Promise<Row[]> {
  const cliDir = locatePulumiCli();
  if (!cliDir) {
    console.error('real CLI: no Pulumi CLI built (npm run --silent pulumi:cli): rows skipped');
    return [];
  }
  const key = fs.readFileSync(path.join(__dirname, '..', 'tests', 'fixtures', 'keys', 'rsa2048.pub'), 'utf8');
  const rows: Row[] = [];
  for (const count of quick ? [20] : [100, 500]) {
    console.error(`real CLI: ${count} key pairs…`);
    const resources = JSON.stringify(
      Array.from({ length: count }, (_, i) => ({ name: `kp${i}`, args: { publicKey: key, keyPairName: `bench-${i}` } })),
    );
    emulator.store.clear();
    emulator.faults.reset();
    emulator.configureFaults({ latencyMs: LATENCY_MS });
    const env = {
      ALIBABA_CLOUD_ENDPOINT_ECS: emulator.url,
      ALIBABA_CLOUD_ACCESS_KEY_ID: credential.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: credential.accessKeySecret,
    };
    // Installed as users have it: the state then holds a ~300-byte require per resource, not a copy of the shim.
    const ours = PulumiProject.create({
      cliDir,
      files: { 'index.js': GENERIC_PROGRAM, 'resources.json': resources },
      env,
      install: 'packed',
    });
    const floor = PulumiProject.create({
      cliDir,
      files: { 'index.js': FLOOR_PROGRAM, 'resources.json': resources },
      env,
      install: 'packed',
    });
    try {
      const measuredOurs = await timeOperations(ours, emulator, count);
      const measuredFloor = await timeOperations(floor, undefined, count);
      for (const [name] of OPERATIONS) {
        const ratio = measuredOurs.seconds[name] / measuredFloor.seconds[name];
        rows.push({
          measure: `real CLI: pulumi ${name}, ${count} key pairs, ${LATENCY_MS} ms per API call (s); API calls per key pair`,
          ours: `${measuredOurs.seconds[name].toFixed(2)}; ${(measuredOurs.calls[name] / count).toFixed(2)}`,
          baseline: `${measuredFloor.seconds[name].toFixed(2)} (provider that only sleeps ${LATENCY_MS} ms per call)`,
          ratio: `${ratio.toFixed(2)}×`,
          target: name === 'preview' ? '≤ 1.05×' : '≤ 1.10×',
        });
      }
      rows.push({
        measure: `real CLI: state bytes per resource (pulumi stack export), ${count} key pairs`,
        ours: measuredOurs.stateBytes.toFixed(0),
        baseline: `${measuredFloor.stateBytes.toFixed(0)} (sleeping provider)`,
        ratio: `${(measuredOurs.stateBytes / measuredFloor.stateBytes).toFixed(2)}×`,
        target: '',
      });
      rows.push({
        measure: `real CLI: provider host peak memory (VmHWM), ${count} key pairs`,
        ours: `${(measuredOurs.peakKiB / 1024).toFixed(1)} MiB`,
        baseline: `${(measuredFloor.peakKiB / 1024).toFixed(1)} MiB (sleeping provider)`,
        ratio: '',
        target: '',
      });
    } finally {
      emulator.faults.reset();
      ours.remove();
      floor.remove();
    }
  }
  return rows;
}
