/**
 * `npm run bench`: the performance claims, measured side by side on loopback against the bundled emulator.
 *
 *   1. API throughput: ImportKeyPair + DescribeKeyPairs + DeleteKeyPairs cycles per second, our client vs. the
 *      official `@alicloud/ecs20140526` client (both V3-signed), at concurrency 1 and 16.
 *   2. Provider-host cold start: spawn the real dynamic-provider host → first create answered, our provider vs.
 *      a trivial dynamic provider.
 *   3. Bulk: 500 key pairs created and deleted through the host, 10 in flight, 20 ms injected latency per request;
 *      wall time as a ratio of the ideal (requests × latency / 10), and the host's peak memory.
 *   4. Local work: RSA-4096 public keys parsed and fingerprinted per second; the serialized provider's size.
 *   5. Through the real Pulumi CLI (bench/realCli.ts): up, preview, refresh, destroy of 100 and 500 key pairs beside
 *      a provider that only sleeps as long as an API call.
 *
 * Prints a table and writes bench/results.md. Timings are medians of several runs; nothing here is a test.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { startEmulator, Emulator } from '../emulator';
import { EcsKeyPairApi, HttpTransport, RpcClient } from '../provider/alibaba';
import { parsePublicKey } from '../provider/ssh/publicKey';
import { MiniEngine, urnOf } from '../tools/engine-standin/engine';
import { registeredResources, RegisteredResource } from '../tools/engine-standin/program';
import { makePackedProject } from '../tools/engine-standin/packedProject';
import { ProviderHost } from '../tools/engine-standin/providerHost';
import { NodeHttpTransport } from './nodeHttpTransport';
import { realCliRows } from './realCli';
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
const Ecs = require('@alicloud/ecs20140526');
const { $OpenApiUtil } = require('@alicloud/openapi-core');

process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
const CREDENTIAL = { accessKeyId: 'bench-access-key-id', accessKeySecret: 'bench-access-key-secret' };
const RSA_2048 = fs.readFileSync(path.join(__dirname, '..', 'tests', 'fixtures', 'keys', 'rsa2048.pub'), 'utf8').trim();
const RSA_4096 = fs.readFileSync(path.join(__dirname, '..', 'tests', 'fixtures', 'keys', 'rsa4096.pub'), 'utf8').trim();
const quick = process.argv.includes('--quick');

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

interface Row {
  measure: string;
  ours: string;
  baseline: string;
  ratio: string;
  target: string;
}
const rows: Row[] = [];

/**
 * The resources of a program run against the package as users install it (`npm pack`, unpacked into a project's
 * node_modules), so `__provider` is what their state holds: a `require` of the installed module, not our code.
 */
function installedProgram(count: number): RegisteredResource[] {
  const project = makePackedProject('alicloud-keypair-bench-');
  try {
    const program = `
      const pulumi = require('@pulumi/pulumi');
      const out = [];
      pulumi.runtime.setMocks({ newResource: (a) => { out.push({ type: a.type, name: a.name, inputs: a.inputs }); return { id: 'x', state: a.inputs }; }, call: (a) => a.inputs }, 'bench', 'bench', false);
      const { KeyPair } = require('pulumi-alicloud-keypair');
      for (let i = 0; i < ${count}; i++) new KeyPair('bulk-' + i, { publicKey: ${JSON.stringify(RSA_2048)}, keyPairName: 'bulk-' + i });
      setTimeout(() => console.log(JSON.stringify(out)), 500);
    `;
    const output = execFileSync(process.execPath, ['-e', program], {
      cwd: project,
      encoding: 'utf8',
      maxBuffer: 64 * 2 ** 20,
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    const resources = JSON.parse(output.trim().split('\n').pop()!) as RegisteredResource[];
    if (resources.length !== count) throw new Error(`the installed program registered ${resources.length} resources, not ${count}`);
    return resources;
  } finally {
    fs.rmSync(project, { recursive: true, force: true });
  }
}

/** Calls `one(i)` for i = 0 … total-1 with `concurrency` calls in flight; wall seconds and process CPU µs. */
async function inFlight(
  concurrency: number,
  total: number,
  one: (i: number) => Promise<unknown>,
): Promise<{ seconds: number; cpuMicros: number }> {
  let next = 0;
  const cpu0 = process.cpuUsage();
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await one(next++);
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, cpuMicros: cpu.user + cpu.system };
}

/** A loopback server that answers every request with `body` at once: the client is all that is measured. */
async function fixedAnswerServer(body: string): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

// ---------------------------------------------------------------------------------------------- 1. throughput

interface CycleClient {
  cycle(name: string): Promise<void>;
  close(): void;
}

function ourClient(url: string, transport?: HttpTransport): CycleClient {
  const rpc = new RpcClient({
    endpoint: new URL(url),
    version: '2014-05-26',
    credentials: async () => ({ ...CREDENTIAL, source: 'bench' }),
    transport,
  });
  const api = new EcsKeyPairApi(rpc);
  return {
    async cycle(name) {
      await api.importKeyPair({ regionId: 'cn-hangzhou', keyPairName: name, publicKeyBody: RSA_2048 });
      const found = await api.findKeyPair('cn-hangzhou', name);
      if (!found) throw new Error(`${name} not found`);
      await api.deleteKeyPairs('cn-hangzhou', [name]);
    },
    close: () => rpc.close(),
  };
}

function officialClient(url: string): CycleClient {
  const client = new Ecs.default(
    new $OpenApiUtil.Config({ ...CREDENTIAL, endpoint: new URL(url).host, protocol: 'http', regionId: 'cn-hangzhou' }),
  );
  return {
    async cycle(name) {
      await client.importKeyPair(new Ecs.ImportKeyPairRequest({ regionId: 'cn-hangzhou', keyPairName: name, publicKeyBody: RSA_2048 }));
      const found = await client.describeKeyPairs(new Ecs.DescribeKeyPairsRequest({ regionId: 'cn-hangzhou', keyPairName: name }));
      if (found.body.totalCount !== 1) throw new Error(`${name} not found`);
      await client.deleteKeyPairs(new Ecs.DeleteKeyPairsRequest({ regionId: 'cn-hangzhou', keyPairNames: JSON.stringify([name]) }));
    },
    close: () => undefined,
  };
}

async function cyclesPerSecond(client: CycleClient, concurrency: number, cycles: number, label: string): Promise<number> {
  const { seconds } = await inFlight(concurrency, cycles, (i) => client.cycle(`${label}-${i}`));
  return cycles / seconds;
}

async function throughput(emulator: Emulator): Promise<void> {
  for (const concurrency of [1, 16]) {
    const cycles = quick ? 100 : concurrency === 1 ? 400 : 1200;
    const ours: number[] = [];
    const official: number[] = [];
    const bare: number[] = [];
    // Alternate them, after one warm-up each, so none gets a warmer process.
    const a = ourClient(emulator.url);
    const b = officialClient(emulator.url);
    const c = ourClient(emulator.url, new NodeHttpTransport());
    await cyclesPerSecond(a, concurrency, 50, 'warm-ours');
    await cyclesPerSecond(b, concurrency, 50, 'warm-official');
    await cyclesPerSecond(c, concurrency, 50, 'warm-bare');
    for (let run = 0; run < (quick ? 1 : 3); run++) {
      ours.push(await cyclesPerSecond(a, concurrency, cycles, `ours-${run}`));
      official.push(await cyclesPerSecond(b, concurrency, cycles, `official-${run}`));
      bare.push(await cyclesPerSecond(c, concurrency, cycles, `bare-${run}`));
    }
    a.close();
    b.close();
    c.close();
    const o = median(ours);
    const f = median(official);
    const n = median(bare);
    rows.push({
      measure: `API cycles/s (import+describe+delete), concurrency ${concurrency}`,
      ours: fmt(o),
      baseline: `${fmt(f)} (official client)`,
      ratio: `${fmt(o / f, 2)}×`,
      target: '≥ 1.5×',
    });
    rows.push({
      measure: `  same, our client on node:http instead of axios (not shipped), concurrency ${concurrency}`,
      ours: fmt(n),
      baseline: `${fmt(f)} (official client)`,
      ratio: `${fmt(n / f, 2)}×`,
      target: '',
    });
  }
  if (emulator.store.snapshot().length !== 0) throw new Error('throughput cycles left key pairs behind');
}

/**
 * Client CPU per signed DescribeKeyPairs against a loopback server that answers a fixed body at once (no emulator),
 * 16 in flight: what each client itself costs. Process CPU (user + system) divided by requests; the server's share
 * is the same for all three.
 */
async function clientCpu(): Promise<void> {
  const server = await fixedAnswerServer('{"RequestId":"x","TotalCount":0,"KeyPairs":{"KeyPair":[]}}');
  const url = server.url;
  const rpc = (transport?: HttpTransport) =>
    new RpcClient({
      endpoint: new URL(url),
      version: '2014-05-26',
      credentials: async () => ({ ...CREDENTIAL, source: 'bench' }),
      transport,
    });
  const ours = rpc();
  const bare = rpc(new NodeHttpTransport());
  const official = new Ecs.default(
    new $OpenApiUtil.Config({ ...CREDENTIAL, endpoint: new URL(url).host, protocol: 'http', regionId: 'cn-hangzhou' }),
  );
  const variants: Array<[string, () => Promise<unknown>]> = [
    ['ours (axios)', () => ours.call('DescribeKeyPairs', { RegionId: 'cn-hangzhou', KeyPairName: 'k' })],
    ['ours (node:http)', () => bare.call('DescribeKeyPairs', { RegionId: 'cn-hangzhou', KeyPairName: 'k' })],
    ['official', () => official.describeKeyPairs(new Ecs.DescribeKeyPairsRequest({ regionId: 'cn-hangzhou', keyPairName: 'k' }))],
  ];
  const cost: Record<string, number> = {};
  for (const [name, one] of variants) {
    const samples: number[] = [];
    for (let run = 0; run < (quick ? 1 : 3); run++) {
      const total = quick ? 2_000 : 8_000;
      for (let i = 0; i < 300; i++) await one();
      samples.push((await inFlight(16, total, one)).cpuMicros / total);
    }
    cost[name] = median(samples);
  }
  ours.close();
  bare.close();
  await server.close();
  rows.push({
    measure: 'client CPU µs per signed request, fixed-answer loopback server',
    ours: `${fmt(cost['ours (axios)'])} (axios)`,
    baseline: `${fmt(cost.official)} (official client)`,
    ratio: `${fmt(cost['ours (axios)'] / cost.official, 2)}×`,
    target: 'lower is better',
  });
  rows.push({
    measure: '  same, our client on node:http (not shipped)',
    ours: fmt(cost['ours (node:http)']),
    baseline: `${fmt(cost.official)} (official client)`,
    ratio: `${fmt(cost['ours (node:http)'] / cost.official, 2)}×`,
    target: '',
  });
}

/**
 * Why the throughput rows come out as they do: the same POST to a loopback server that answers at once, through an
 * axios instance configured as ours and through bare node:http, 16 in flight. Client CPU is the whole cost here.
 */
async function transportFloor(): Promise<void> {
  const server = await fixedAnswerServer('{"RequestId":"x"}');
  const port = server.port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const axios = (require('axios') as typeof import('axios')).default.create({
    adapter: 'http',
    httpAgent: agent,
    responseType: 'text',
    transformRequest: [],
    transformResponse: [],
    validateStatus: () => true,
    maxRedirects: 0,
    proxy: false,
  });
  const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-acs-action': 'DescribeKeyPairs' };
  const viaAxios = () => axios.request({ method: 'POST', url: `http://127.0.0.1:${port}/?RegionId=cn-hangzhou`, headers, data: '' });
  const viaNode = () =>
    new Promise<string>((resolve, reject) => {
      const request = http.request(
        { host: '127.0.0.1', port, path: '/?RegionId=cn-hangzhou', method: 'POST', headers, agent },
        (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk) => (body += chunk));
          response.on('end', () => resolve(body));
        },
      );
      request.on('error', reject);
      request.end('');
    });
  const rate = async (one: () => Promise<unknown>) => {
    const total = quick ? 2_000 : 10_000;
    for (let i = 0; i < 300; i++) await one();
    return total / (await inFlight(16, total, one)).seconds;
  };
  const a = median([await rate(viaAxios), await rate(viaAxios), await rate(viaAxios)]);
  const n = median([await rate(viaNode), await rate(viaNode), await rate(viaNode)]);
  agent.destroy();
  await server.close();
  rows.push({
    measure: 'transport floor: unsigned POSTs/s to a loopback server, 16 in flight',
    ours: `${fmt(a)} (axios)`,
    baseline: `${fmt(n)} (node:http)`,
    ratio: `${fmt(a / n, 2)}×`,
    target: '',
  });
}

// ---------------------------------------------------------------------------------------------- 2. cold start

/** A dynamic provider that does nothing: the floor for any dynamic provider's cold start. */
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

async function providerInputs(build: () => pulumi.Resource): Promise<{ urn: string; inputs: Record<string, any> }> {
  const [registered] = await registeredResources(() => [build()]);
  return { urn: urnOf(registered.type, registered.name), inputs: registered.inputs };
}

async function coldStartMs(
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

function hostEnv(emulator: Emulator): NodeJS.ProcessEnv {
  return {
    ALIBABA_CLOUD_ENDPOINT_ECS: emulator.url,
    ALIBABA_CLOUD_ACCESS_KEY_ID: CREDENTIAL.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: CREDENTIAL.accessKeySecret,
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
  };
}

async function coldStart(emulator: Emulator): Promise<number> {
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

// ---------------------------------------------------------------------------------------------- 3. bulk

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
async function upAndDestroy(declared: Map<string, Record<string, any>>, env: NodeJS.ProcessEnv, inFlight: number) {
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

async function bulk(emulator: Emulator): Promise<void> {
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

// ---------------------------------------------------------------------------------------------- 4. local work

function localWork(providerBytes: number): void {
  const iterations = quick ? 2_000 : 20_000;
  for (let i = 0; i < 500; i++) parsePublicKey(RSA_4096);
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) parsePublicKey(RSA_4096);
  const perSecond = iterations / (Number(process.hrtime.bigint() - started) / 1e9);
  rows.push({
    measure: 'RSA-4096 public keys parsed + fingerprinted (MD5, SHA256) per second',
    ours: fmt(perSecond),
    baseline: '',
    ratio: '',
    target: '',
  });
  rows.push({
    measure: 'serialized __provider per resource (bytes), installed package',
    ours: fmt(providerBytes),
    baseline: '',
    ratio: '',
    target: '',
  });
}

// ---------------------------------------------------------------------------------------------- report

function table(): string {
  const header: Row = { measure: 'measure', ours: 'ours', baseline: 'baseline', ratio: 'ratio', target: 'target' };
  const all = [header, ...rows];
  const widths = (Object.keys(header) as Array<keyof Row>).map((k) => Math.max(...all.map((r) => r[k].length)));
  const line = (r: Row) => `| ${(Object.keys(header) as Array<keyof Row>).map((k, i) => r[k].padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${cpu}, ${os.cpus().length} cores, ${fmt(os.totalmem() / 2 ** 30, 0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
}

async function main(): Promise<void> {
  const emulator = await startEmulator({ credentials: [CREDENTIAL] });
  try {
    console.error('throughput…');
    await throughput(emulator);
    console.error('transport floor…');
    await transportFloor();
    console.error('client CPU…');
    await clientCpu();
    console.error('cold start…');
    const providerBytes = await coldStart(emulator);
    console.error('bulk…');
    await bulk(emulator);
    console.error('local work…');
    localWork(providerBytes);
    rows.push(...(await realCliRows(emulator, CREDENTIAL, quick)));
  } finally {
    await emulator.close();
  }
  const report = table();
  console.log(report);
  if (!quick) {
    const text = [
      '# Benchmark results',
      '',
      `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${machine()}.`,
      'Loopback against the bundled emulator; medians of several runs. See bench/run.ts for what each row does.',
      '',
      report,
      '',
    ].join('\n');
    fs.writeFileSync(path.join(__dirname, 'results.md'), text);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
