/**
 * What costs a new user time, through the real provider host: a stopped emulator or a mistyped port fails at once,
 * naming the endpoint and the variable that set it; other network failures are retried with one line per retry.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { KeyPair } from '../../sdk';
import { MiniEngine } from '../../tools/engine-standin/engine';
import { ProviderHost } from '../../tools/engine-standin/providerHost';
import { programOf, startWorld, stopWorld, World } from './helpers';
import { key, TEST_CREDENTIAL } from '../support/fixtures';

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the first hour: failing fast on loopback, showing life elsewhere', function () {
  this.timeout(60_000);
  let world: World | undefined;
  afterEach(async () => {
    await stopWorld(world);
    world = undefined;
  });

  it('nothing listening on the loopback endpoint: the up fails within seconds, naming the endpoint and its variable', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}`;
    const host = await ProviderHost.start({
      env: {
        ALIBABA_CLOUD_ENDPOINT_ECS: url,
        ALIBABA_CLOUD_ENDPOINT_STS: url,
        ALIBABA_CLOUD_ACCESS_KEY_ID: TEST_CREDENTIAL.accessKeyId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: TEST_CREDENTIAL.accessKeySecret,
      },
    });
    try {
      await host.configure({ 'alicloud:region': 'cn-hangzhou' });
      const started = Date.now();
      const [step] = await new MiniEngine(host).up(
        await programOf(() => [new KeyPair('k', { publicKey: key('rsa2048.pub'), keyPairName: 'fast' })]),
      );
      const seconds = (Date.now() - started) / 1000;
      assert.ok(seconds < 5, `${seconds} s`);
      assert.match(
        step.error ?? '',
        new RegExp(`nothing is listening on ${url} \\(from ALIBABA_CLOUD_ENDPOINT_(ECS|STS)\\)\\. Is the emulator running there`),
      );
      assert.match(step.error ?? '', new RegExp(`pulumi-alicloud-keypair emulator --port ${port}`));
    } finally {
      await host.stop();
    }
  });

  it('connections dropped by the server: retried, with one line per retry that the CLI shows', async () => {
    world = await startWorld();
    world.emulator.scriptFaults('DescribeKeyPairs', ['drop']);
    const [step] = await world.engine.up(
      await programOf(() => [new KeyPair('k', { publicKey: key('rsa2048.pub'), keyPairName: 'retried' })]),
    );
    assert.equal(step.error, undefined);
    assert.match(
      world.host.stderr,
      /pulumi-alicloud-keypair: DescribeKeyPairs failed: could not reach 127\.0\.0\.1:\d+: .*; trying again in \d+\.\d s/,
    );
  });

  it('an access key the cloud does not know: the error names where it came from (a profile), never the secret', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'first-hour-home-'));
    fs.mkdirSync(path.join(home, '.aliyun'));
    const secret = 'dev-profile-secret-DO-NOT-LEAK';
    fs.writeFileSync(
      path.join(home, '.aliyun', 'config.json'),
      JSON.stringify({
        current: 'dev',
        profiles: [{ name: 'dev', mode: 'AK', access_key_id: 'unknown-key-id', access_key_secret: secret }],
      }),
    );
    try {
      world = await startWorld({
        env: { HOME: home, ALIBABA_CLOUD_ACCESS_KEY_ID: '', ALIBABA_CLOUD_ACCESS_KEY_SECRET: '' },
        config: { 'alicloud:region': 'cn-hangzhou', 'alicloud:profile': 'dev' },
      });
      const [step] = await world.engine.up(
        await programOf(() => [new KeyPair('k', { publicKey: key('rsa2048.pub'), keyPairName: 'nope' })]),
      );
      assert.match(
        step.error ?? '',
        /InvalidAccessKeyId\.NotFound.*The access key id is unknown \(the access key came from aliyun CLI profile "dev" in .*config\.json\)/,
      );
      assert.equal((step.error ?? '').includes(secret), false);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('the first hour: a region newer than the list', function () {
  this.timeout(60_000);
  it('a well-formed region far from every known one passes the preview, with one warning', async () => {
    const world = await startWorld({ config: { 'alicloud:region': 'xx-brandnew-1' } });
    try {
      const program = await programOf(() => [
        new KeyPair('a', { publicKey: key('rsa2048.pub'), keyPairName: 'a-key' }),
        new KeyPair('b', { publicKey: key('rsa2048.pub'), keyPairName: 'b-key' }),
      ]);
      const steps = await world.engine.preview(program);
      assert.deepEqual(
        steps.map((s) => [s.kind, s.failures]),
        [
          ['create', []],
          ['create', []],
        ],
      );
      const warnings = world.host.stderr
        .split('\n')
        .filter((line) => line.includes('warning: region "xx-brandnew-1" is not one this package knows'));
      assert.equal(warnings.length, 1);
    } finally {
      await stopWorld(world);
    }
  });
});
