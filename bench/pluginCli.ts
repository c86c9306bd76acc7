/**
 * The plugin through the real Pulumi CLI: `pulumi up`, `preview`, `refresh` and `destroy` of N key pairs from a
 * Pulumi YAML program against the emulator (20 ms added to every API call), beside a plugin that does nothing but
 * sleep 20 ms per create, read and delete — same CLI, same run — and the state bytes per resource of each (the file
 * backend rewrites the whole state after every step, so bytes per resource cost n² at scale).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Emulator } from '../emulator';
import { PluginProject } from '../tools/pulumi-cli/pluginProject';
import { PulumiProject } from '../tools/pulumi-cli/project';
import type { Row } from './measure';
import { LATENCY_MS, OPERATIONS } from './realCli';

/** A resource-provider plugin that only sleeps as long as one API call would: the floor of any plugin. */
function floorPlugin(dir: string): void {
  const pulumiDir = path.dirname(require.resolve('@pulumi/pulumi/package.json'));
  const source = `
const path = ${JSON.stringify(pulumiDir)};
const grpc = require(require.resolve('@grpc/grpc-js', { paths: [path] }));
const gen = require(path + '/proto/provider_grpc_pb');
const pb = require(path + '/proto/provider_pb');
const plugin = require(path + '/proto/plugin_pb');
const { Empty } = require(require.resolve('google-protobuf/google/protobuf/empty_pb', { paths: [path] }));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const schema = { name: 'floor', version: '0.0.1', resources: { 'floor:index:Sleeper': {
  inputProperties: { name: { type: 'string' } }, properties: { name: { type: 'string' } } } } };
const unary = (fn) => (call, callback) => fn(call.request).then((r) => callback(null, r), (e) => callback({ code: 2, details: String(e) }));
const server = new grpc.Server();
server.addService(gen.ResourceProviderService, {
  getPluginInfo: unary(async () => { const i = new plugin.PluginInfo(); i.setVersion('0.0.1'); return i; }),
  getSchema: unary(async () => { const r = new pb.GetSchemaResponse(); r.setSchema(JSON.stringify(schema)); return r; }),
  checkConfig: unary(async (q) => { const r = new pb.CheckResponse(); r.setInputs(q.getNews()); return r; }),
  diffConfig: unary(async () => new pb.DiffResponse()),
  configure: unary(async () => { const r = new pb.ConfigureResponse(); r.setSupportspreview(true); return r; }),
  check: unary(async (q) => { const r = new pb.CheckResponse(); r.setInputs(q.getNews()); return r; }),
  diff: unary(async () => new pb.DiffResponse()),
  create: unary(async (q) => { const r = new pb.CreateResponse(); if (!q.getPreview()) await sleep(${LATENCY_MS});
    r.setId(q.getProperties().toJavaScript().name || 'x'); r.setProperties(q.getProperties()); return r; }),
  read: unary(async (q) => { await sleep(${LATENCY_MS}); const r = new pb.ReadResponse(); r.setId(q.getId());
    r.setProperties(q.getProperties()); r.setInputs(q.getInputs()); return r; }),
  update: unary(async (q) => { const r = new pb.UpdateResponse(); r.setProperties(q.getNews()); return r; }),
  delete: unary(async () => { await sleep(${LATENCY_MS}); return new Empty(); }),
  cancel: unary(async () => new Empty()),
});
server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, port) => process.stdout.write(port + '\\n'));
`;
  fs.writeFileSync(path.join(dir, 'floor.js'), source);
  fs.writeFileSync(
    path.join(dir, 'pulumi-resource-floor'),
    `#!/bin/sh\nexec "${process.execPath}" "${path.join(dir, 'floor.js')}" "$@"\n`,
    {
      mode: 0o755,
    },
  );
}

async function timeOperations(project: PulumiProject, count: number): Promise<{ seconds: Record<string, number>; stateBytes: number }> {
  const seconds: Record<string, number> = {};
  let stateBytes = 0;
  for (const [name, args] of OPERATIONS) {
    const started = process.hrtime.bigint();
    await project.ok([...args], { timeoutMs: 1_800_000 });
    seconds[name] = Number(process.hrtime.bigint() - started) / 1e9;
    if (name === 'up') stateBytes = (await project.ok(['stack', 'export'])).stdout.length / count;
  }
  return { seconds, stateBytes };
}

export async function pluginCliRows(
  cliDir: string,
  emulator: Emulator,
  credential: { accessKeyId: string; accessKeySecret: string },
  quick: boolean,
): Promise<Row[]> {
  const key = fs.readFileSync(path.join(__dirname, '..', 'tests', 'fixtures', 'keys', 'rsa2048.pub'), 'utf8').trim();
  const rows: Row[] = [];
  const floorDir = fs.mkdtempSync(path.join(os.tmpdir(), 'alicloud-keypair-floor-plugin-'));
  floorPlugin(floorDir);
  try {
    for (const count of quick ? [20] : [100, 500]) {
      console.error(`real CLI, plugin (YAML): ${count} key pairs…`);
      emulator.store.clear();
      emulator.faults.reset();
      emulator.configureFaults({ latencyMs: LATENCY_MS });
      const ours = PluginProject.create({
        cliDir,
        language: 'yaml',
        program: {
          resources: Array.from({ length: count }, (_, i) => ({ name: `kp${i}`, type: 'KeyPair' as const, keyPairName: `bench-${i}` })),
        },
        env: {
          ALIBABA_CLOUD_ENDPOINT_ECS: emulator.url,
          ALIBABA_CLOUD_ACCESS_KEY_ID: credential.accessKeyId,
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: credential.accessKeySecret,
        },
      });
      const floorYaml = [
        'name: floor-bench',
        'runtime: yaml',
        'plugins:',
        '  providers:',
        '    - name: floor',
        `      path: ${JSON.stringify(floorDir)}`,
        'resources:',
        ...Array.from({ length: count }, (_, i) => `  kp${i}:\n    type: floor:index:Sleeper\n    properties:\n      name: kp${i}`),
      ].join('\n');
      const floor = PulumiProject.create({ cliDir, files: { 'Pulumi.yaml': floorYaml + '\n' }, custom: true });
      try {
        await ours.project.ok(['stack', 'init', 'bench']);
        await ours.project.ok(['config', 'set', 'alicloud-keypair:region', 'cn-hangzhou']);
        await ours.project.ok(['config', 'set', 'publicKey', key]);
        await floor.ok(['stack', 'init', 'bench']);
        const measuredOurs = await timeOperations(ours.project, count);
        const measuredFloor = await timeOperations(floor, count);
        for (const [name] of OPERATIONS) {
          rows.push({
            measure: `real CLI, plugin from YAML: pulumi ${name}, ${count} key pairs, ${LATENCY_MS} ms per API call (s)`,
            ours: measuredOurs.seconds[name].toFixed(2),
            baseline: `${measuredFloor.seconds[name].toFixed(2)} (plugin that only sleeps ${LATENCY_MS} ms per call)`,
            ratio: `${(measuredOurs.seconds[name] / measuredFloor.seconds[name]).toFixed(2)}×`,
            target: '',
          });
        }
        rows.push({
          measure: `real CLI, plugin from YAML: state bytes per resource (pulumi stack export), ${count} key pairs`,
          ours: measuredOurs.stateBytes.toFixed(0),
          baseline: `${measuredFloor.stateBytes.toFixed(0)} (sleeping plugin)`,
          ratio: `${(measuredOurs.stateBytes / measuredFloor.stateBytes).toFixed(2)}×`,
          target: '',
        });
      } finally {
        emulator.faults.reset();
        ours.remove();
        floor.remove();
      }
    }
  } finally {
    fs.rmSync(floorDir, { recursive: true, force: true });
  }
  return rows;
}
