/**
 * Secrets audit: the whole lifecycle with recognisable credentials (an STS token too) and a recognisable private
 * key offered by mistake, then every byte the provider produced — state, outputs, check failures, errors, the host's
 * stdout and stderr, the serialized provider — is searched for them. Also with a wrong secret and V1 signing, where
 * Alibaba's SignatureDoesNotMatch message carries the string to sign (and so the percent-encoded token).
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KeyPair } from '../../sdk';
import { percentEncode } from '../../provider/alibaba/percentEncode';
import { programOf, startWorld, stopWorld, World } from './helpers';
import { key, privateKey, TEST_CREDENTIAL } from '../support/fixtures';

const TOKEN = 'CAIS-Recognisable+Security/Token=AUDIT-0123456789';
const CREDENTIAL = { ...TEST_CREDENTIAL, securityToken: TOKEN };
const PRIVATE = privateKey('rsa2048-pkcs1.pem');
/** What must never appear: the secret, the token (raw and as sent on the wire) and every line of the private key. */
const FORBIDDEN = [
  TEST_CREDENTIAL.accessKeySecret,
  TOKEN,
  percentEncode(TOKEN),
  encodeURIComponent(TOKEN),
  // Its distinctive tail, whatever the encoding (V1's string to sign encodes it twice).
  'AUDIT-0123456789',
  ...PRIVATE.split('\n').filter((line) => line.length >= 16 && !line.startsWith('-----')),
];

function assertNothingForbidden(everything: string, where: string): void {
  for (const secret of FORBIDDEN) assert.equal(everything.includes(secret), false, `${where} contains ${secret.slice(0, 6)}…`);
  assert.equal(/PRIVATE KEY/.test(everything), false, `${where} contains private key armour`);
}

describe('secrets audit through the real provider host', function () {
  this.timeout(120_000);
  let world: World | undefined;
  afterEach(async () => {
    await stopWorld(world);
    world = undefined;
  });

  it('a full lifecycle with a private key offered by mistake leaks nothing anywhere', async () => {
    world = await startWorld({ credentials: [CREDENTIAL], env: { ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN } });
    const seen: unknown[] = [];
    const run = async (resources: () => KeyPair[]) => {
      // (The program's own inputs hold the pasted key, as the user wrote it: what matters is what comes back.)
      const program = await programOf(resources);
      const results = await world!.engine.up(program);
      seen.push(results);
      return results;
    };

    const created = await run(() => [
      new KeyPair('good', { publicKey: key('rsa2048.pub'), keyPairName: 'audit-good', tags: { team: 'a' } }),
      new KeyPair('mistake', { publicKey: PRIVATE, keyPairName: 'audit-mistake' }),
    ]);
    assert.equal(created.find((r) => r.urn.endsWith('good'))?.error, undefined);
    assert.match(created.find((r) => r.urn.endsWith('mistake'))?.error ?? '', /^publicKey: this is a private key/);

    seen.push(await world.engine.refresh());
    const updated = await run(() => [
      new KeyPair('good', { publicKey: key('ecdsa256.pub'), keyPairName: 'audit-good', tags: { team: 'b' } }),
    ]);
    assert.equal(updated[0].error, undefined);
    // An API error on the way: the name is taken by someone else's key.
    world.emulator.store.ecsRegion('cn-hangzhou').set('audit-taken', {
      keyPairName: 'audit-taken',
      fingerprint: '00'.repeat(16),
      publicKey: key('rsa4096.pub').split(' ').slice(0, 2).join(' '),
      creationTime: '2026-01-01T00:00Z',
      resourceGroupId: 'rg-acfmdefault0001',
      tags: new Map(),
      attachedInstances: [],
    } as never);
    const conflict = await run(() => [
      new KeyPair('good', { publicKey: key('ecdsa256.pub'), keyPairName: 'audit-good', tags: { team: 'b' } }),
      new KeyPair('taken', { publicKey: key('rsa2048.pub'), keyPairName: 'audit-taken' }),
    ]);
    assert.match(conflict.find((r) => r.urn.endsWith('taken'))?.error ?? '', /already exists/);
    seen.push(await world.engine.destroy());

    const everything = JSON.stringify(seen) + JSON.stringify([...world.engine.state.values()]) + world.host.stdout + world.host.stderr;
    assert.ok(everything.length > 2_000, 'the audit looked at something');
    assertNothingForbidden(everything, 'the lifecycle output');
    // The serialized provider in particular: it goes into the state file as is.
    const providerText = JSON.stringify(
      [...(await programOf(() => [new KeyPair('p', { publicKey: key('rsa2048.pub') })])).values()][0].__provider,
    );
    assertNothingForbidden(providerText, '__provider');
    assert.equal(providerText.includes(TEST_CREDENTIAL.accessKeyId), false, 'not even the access key id is serialized');
  });

  it('a wrong secret with V1 signing: SignatureDoesNotMatch names the problem without the token or secret', async () => {
    world = await startWorld({
      credentials: [CREDENTIAL],
      env: {
        ALIBABA_CLOUD_SIGNATURE_VERSION: 'v1',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: `${TEST_CREDENTIAL.accessKeySecret}-wrong`,
        ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN,
      },
    });
    const [step] = await world.engine.up(
      await programOf(() => [new KeyPair('kp', { publicKey: key('rsa2048.pub'), keyPairName: 'audit-v1' })]),
    );
    // The server's message carries its string to sign (token included); the user gets what to do instead.
    assert.equal(
      step.error,
      'GetCallerIdentity failed: SignatureDoesNotMatch: the access key secret does not match the access key id (the access key came from ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET); check the credentials in use.',
    );
    // The account lookup is tried at check (quietly: a preview may run without credentials) and at create; neither
    // attempt is retried, and nothing reaches ECS.
    assert.equal(world.emulator.count('GetCallerIdentity'), 2, 'a signature mismatch is not retried');
    assert.equal(world.emulator.count(), 2);
    assertNothingForbidden(String(step.error) + world.host.stdout + world.host.stderr, 'the error');
    assert.equal((step.error ?? '').includes(`${TEST_CREDENTIAL.accessKeySecret}-wrong`), false);
  });
  it('a malformed ~/.aliyun/config.json full of secrets: the up fails naming the file, and none of it is seen', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'alicloud-keypair-audit-home-'));
    const planted = ['AUDIT-cli-secret-5c1e', 'AUDIT-cli-token-77ab', 'AUDIT-other-profile-secret-9d0f'];
    fs.mkdirSync(path.join(home, '.aliyun'));
    fs.writeFileSync(
      path.join(home, '.aliyun', 'config.json'),
      `{"current":"a","profiles":[{"name":"a","mode":"StsToken","access_key_id":"id","access_key_secret":"${planted[0]}",` +
        `"sts_token":"${planted[1]}"},{"name":"b","mode":"AK","access_key_id":"id2","access_key_secret":"${planted[2]}"},]}`,
    );
    try {
      // No credentials in the environment: the chain reaches the CLI profile, whose file does not parse.
      world = await startWorld({ env: { HOME: home, ALIBABA_CLOUD_ACCESS_KEY_ID: '', ALIBABA_CLOUD_ACCESS_KEY_SECRET: '' } });
      const [step] = await world.engine.up(
        await programOf(() => [new KeyPair('kp', { publicKey: key('rsa2048.pub'), keyPairName: 'audit-cli' })]),
      );
      assert.match(
        step.error ?? '',
        /^credentials from the aliyun CLI profile \(current\) in .*config\.json could not be obtained: the file is not valid JSON\./,
      );
      const everything = JSON.stringify(step) + JSON.stringify([...world.engine.state.values()]) + world.host.stdout + world.host.stderr;
      for (const secret of planted) assert.equal(everything.includes(secret), false, `${secret} was seen`);
      assert.equal(world.emulator.count(), 0);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
