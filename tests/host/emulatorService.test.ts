/**
 * The emulator as a service, through the built command: a request log on standard error, --state kept across a
 * restart between an up and a destroy (through the real provider host), a corrupt state file refused and left
 * alone, and SIGTERM answered after the requests in flight.
 */
import { strict as assert } from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RpcClient } from '../../provider/alibaba';
import { EnsKeyPair, KeyPair } from '../../sdk';
import { MiniEngine } from '../../tools/engine-standin/engine';
import { ProviderHost } from '../../tools/engine-standin/providerHost';
import { freePort, startCommand } from '../support/commandEmulator';
import { programOf } from './helpers';
import { key } from '../support/fixtures';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli', 'index.js');
const CREDENTIAL = { accessKeyId: 'emulator-access-key-id', accessKeySecret: 'emulator-access-key-secret' };

describe('the emulator as a service (built command)', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alicloud-keypair-state-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('--state: restarted between an up and a destroy, the destroy finds every key pair; one log line per request', async () => {
    const stateFile = path.join(dir, 'state.json');
    const port = String(await freePort());
    let emulator = await startCommand(['--port', port, '--state', stateFile]);
    const host = await ProviderHost.start({
      env: {
        ALIBABA_CLOUD_ENDPOINT_ECS: emulator.url,
        ALIBABA_CLOUD_ENDPOINT_ENS: emulator.url,
        ALIBABA_CLOUD_ACCESS_KEY_ID: CREDENTIAL.accessKeyId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: CREDENTIAL.accessKeySecret,
      },
    });
    try {
      await host.configure({ 'alicloud:region': 'cn-hangzhou' });
      const engine = new MiniEngine(host);
      const program = await programOf(() => [
        new KeyPair('ecs', { publicKey: key('rsa2048.pub'), keyPairName: 'kept-ecs', tags: { a: '1' } }),
        new EnsKeyPair('ens', { publicKey: key('rsa2048.pub'), keyPairName: 'kept-ens' }),
      ]);
      const created = await engine.up(program);
      assert.deepEqual(
        created.map((s) => s.error),
        [undefined, undefined],
      );
      assert.match(emulator.stderr(), /^\d{4}-\d{2}-\d{2}T[\d:.]+Z ecs ImportKeyPair cn-hangzhou 200 -$/m);
      assert.match(emulator.stderr(), /^\S+ ens ImportKeyPair - 200 -$/m);
      emulator.child.kill('SIGTERM');
      assert.equal(await emulator.exit, 0);
      const saved = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
      assert.deepEqual(
        [saved.ecs.map((r: { keyPairName: string }) => r.keyPairName), saved.ens.map((r: { keyPairName: string }) => r.keyPairName)],
        [['kept-ecs'], ['kept-ens']],
      );

      emulator = await startCommand(['--port', port, '--state', stateFile, '--quiet']);
      const keyPairs = (await (await fetch(`${emulator.url}/__emulator/keypairs`)).json()) as Array<{ keyPairName: string; tags?: object }>;
      assert.deepEqual(
        keyPairs.map((k) => k.keyPairName),
        ['kept-ecs', 'kept-ens'],
      );
      const [refreshed] = await engine.refresh();
      assert.equal(refreshed.gone, false, 'refresh after the restart still finds it');
      const destroyed = await engine.destroy();
      assert.deepEqual(
        destroyed.map((s) => s.error),
        [undefined, undefined],
      );
      assert.deepEqual(await (await fetch(`${emulator.url}/__emulator/keypairs`)).json(), []);
      assert.equal(emulator.stderr(), '', '--quiet: no request log');
      const after = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
      assert.deepEqual([after.ecs, after.ens], [[], []]);
    } finally {
      emulator.child.kill('SIGTERM');
      await emulator.exit;
      await host.stop();
    }
  });

  it('a state file that is not an emulator state is refused (exit 1, a clear message) and left as it was', async () => {
    const stateFile = path.join(dir, 'precious.json');
    fs.writeFileSync(stateFile, '{"not":"ours"}');
    const child = spawn(process.execPath, [CLI, 'emulator', '--state', stateFile]);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 1);
    assert.equal(
      stderr,
      `alicloud-keypair: the state file ${stateFile} is not an emulator state (its format is not alicloud-keypair-emulator-state/1); it was left as it is. Move it away, or give --state another file.\n`,
    );
    assert.equal(fs.readFileSync(stateFile, 'utf8'), '{"not":"ours"}');
  });

  it('SIGTERM answers the requests in flight before stopping', async () => {
    const emulator = await startCommand(['--quiet', '--faults', '{"latencyMs":1500,"actions":["DescribeKeyPairs"]}']);
    const client = new RpcClient({
      endpoint: new URL(emulator.url),
      version: '2014-05-26',
      credentials: async () => ({ ...CREDENTIAL, source: 'test' }),
      deadlineMs: 10_000,
    });
    const inFlight = client.call<{ TotalCount: number }>('DescribeKeyPairs', { RegionId: 'cn-hangzhou' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    emulator.child.kill('SIGTERM');
    assert.equal((await inFlight).TotalCount, 0, 'the request in flight was answered');
    assert.equal(await emulator.exit, 0);
    client.close();
  });
});
