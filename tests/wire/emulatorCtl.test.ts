/**
 * `alicloud-keypair emulator-ctl` against the built `alicloud-keypair emulator`, both child processes: drift on
 * demand — delete, import another key under a name, tag, bind — and the errors a user can meet.
 */
import { strict as assert } from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parsePublicKey } from '../../provider/ssh/publicKey';
import { Running, startCommand } from '../support/commandEmulator';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli', 'index.js');
const KEYS = path.join(__dirname, '..', 'fixtures', 'keys');

function ctl(url: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, 'emulator-ctl', '--url', url, ...args], { timeout: 20_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) }),
    );
  });
}

describe('alicloud-keypair emulator-ctl: drift on demand', function () {
  this.timeout(30_000);
  let emulator: Running;
  before(async () => (emulator = await startCommand(['--port', '0', '--quiet'])));
  after(async () => {
    emulator.child.kill('SIGTERM');
    await emulator.exit;
  });

  it('import, tag, list, attach, delete: each changes what the emulator holds', async () => {
    const rsa = path.join(KEYS, 'rsa2048.pub');
    const ecdsa = path.join(KEYS, 'ecdsa256.pub');
    assert.equal((await ctl(emulator.url, ['import', '--name', 'deploy-key', '--public-key', rsa])).code, 0);
    // Another key under the same name: a re-import, as someone would do by hand.
    const reimported = await ctl(emulator.url, ['import', '--name', 'deploy-key', '--public-key', ecdsa]);
    assert.equal(reimported.code, 0, reimported.stderr);
    const tagged = await ctl(emulator.url, ['tag', '--name', 'deploy-key', '--tags', '{"env":"prod"}']);
    assert.equal(tagged.code, 0, tagged.stderr);
    const listed = JSON.parse((await ctl(emulator.url, ['list'])).stdout);
    assert.deepEqual(
      listed.map((k: { keyPairName: string; fingerprint: string; tags: unknown }) => [k.keyPairName, k.fingerprint, k.tags]),
      [['deploy-key', parsePublicKey(fs.readFileSync(ecdsa, 'utf8')).md5, { env: 'prod' }]],
    );
    assert.equal((await ctl(emulator.url, ['attach', '--name', 'deploy-key', '--instance', 'i-abc'])).code, 0);
    assert.deepEqual(JSON.parse((await ctl(emulator.url, ['list'])).stdout)[0].attachedInstances, ['i-abc']);
    assert.equal((await ctl(emulator.url, ['delete', '--name', 'deploy-key'])).code, 0);
    assert.deepEqual(JSON.parse((await ctl(emulator.url, ['list'])).stdout), []);
    // ENS by name.
    assert.equal((await ctl(emulator.url, ['import', '--service', 'ens', '--name', 'edge', '--public-key', rsa])).code, 0);
    assert.equal((await ctl(emulator.url, ['delete', '--service', 'ens', '--name', 'edge'])).code, 0);
    assert.equal((await ctl(emulator.url, ['reset'])).code, 0);
  });

  it('run-instance, instances, release-instance: an instance bound to a key pair, then released', async () => {
    const rsa = path.join(KEYS, 'rsa2048.pub');
    assert.equal((await ctl(emulator.url, ['import', '--name', 'bound-key', '--public-key', rsa])).code, 0);
    const run = await ctl(emulator.url, ['run-instance', '--instance', 'i-ctl1', '--name', 'web', '--key-pair', 'bound-key']);
    assert.equal(run.code, 0, run.stderr);
    const pick = (list: Array<Record<string, unknown>>) => list.map((i) => [i.instanceId, i.instanceName, i.keyPairName, i.regionId]);
    assert.deepEqual(pick(JSON.parse(run.stdout)), [['i-ctl1', 'web', 'bound-key', 'cn-hangzhou']]);
    assert.deepEqual(pick(JSON.parse((await ctl(emulator.url, ['instances'])).stdout)), [['i-ctl1', 'web', 'bound-key', 'cn-hangzhou']]);
    const released = await ctl(emulator.url, ['release-instance', '--instance', 'i-ctl1']);
    assert.deepEqual([released.code, JSON.parse(released.stdout)], [0, []]);
    assert.deepEqual(JSON.parse((await ctl(emulator.url, ['list'])).stdout)[0].attachedInstances, []);
    const missing = await ctl(emulator.url, ['release-instance']);
    assert.deepEqual([missing.code, missing.stderr.split('\n')[0]], [2, 'alicloud-keypair: release-instance needs --instance ID']);
    assert.equal((await ctl(emulator.url, ['reset'])).code, 0);
  });

  it('what a user can get wrong: named, exit 1 (input) or 2 (usage)', async () => {
    const missing = await ctl(emulator.url, ['delete', '--name', 'nope']);
    assert.deepEqual(
      [missing.code, missing.stderr],
      [1, 'alicloud-keypair: the emulator refused delete: delete: no ECS key pair "nope" in cn-hangzhou\n'],
    );
    const notKey = await ctl(emulator.url, ['import', '--name', 'x1', '--public-key', path.join(KEYS, 'ed25519.pub')]);
    assert.equal(notKey.code, 1);
    assert.match(notKey.stderr, /publicKey is not a public key ECS accepts/);
    const usage = await ctl(emulator.url, ['frobnicate']);
    assert.equal(usage.code, 2);
    assert.match(
      usage.stderr,
      /emulator-ctl needs an action: list, delete, import, tag, attach, instances, run-instance, release-instance, reset/,
    );
    const nobody = await ctl('http://127.0.0.1:9', ['list']);
    assert.equal(nobody.code, 1);
    assert.match(nobody.stderr, /no emulator answers at http:\/\/127\.0\.0\.1:9/);
  });
});
