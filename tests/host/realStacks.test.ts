/**
 * What real stacks meet, through the real provider host: system tags Alibaba adds, key pairs still bound to
 * released instances, the gateway's 429, looking a key pair up with `get`, generated names with a prefix, and an
 * alicloud provider passed where Pulumi would ignore it.
 */
import { strict as assert } from 'assert';
import * as alicloud from '@pulumi/alicloud';
import * as pulumi from '@pulumi/pulumi';
import { EnsKeyPair, KeyPair } from '../../sdk';
import { normalizeFingerprint } from '../../provider/ssh/fingerprint';
import { urnOf } from '../../tools/engine-standin/engine';
import { registeredResources } from '../../tools/engine-standin/program';
import fingerprints from '../fixtures/fingerprints.json';
import { programOf, resetWorld, startWorld, stopWorld, World } from './helpers';
import { key } from '../support/fixtures';

const md5 = (name: keyof typeof fingerprints.keys) => normalizeFingerprint(fingerprints.keys[name].md5);

describe('real stacks through the real provider host', function () {
  this.timeout(120_000);
  let world: World;
  before(async () => {
    world = await startWorld({ env: { ALIBABA_CLOUD_DETACH_TIMEOUT_SECONDS: '2' } });
  });
  after(async () => stopWorld(world));
  beforeEach(() => resetWorld(world));

  it('a key pair carrying acs:* and aliyun system tags previews with no changes, and update leaves them alone', async () => {
    const program = await programOf(() => [
      new KeyPair('tagged', { publicKey: key('rsa2048.pub'), keyPairName: 'tagged-key', tags: { team: 'infra' } }),
    ]);
    await world.engine.up(program);
    const record = world.emulator.store.ecsRegion('cn-hangzhou').get('tagged-key')!;
    record.tags.set('acs:rm:rgId', 'rg-acfm2xxxxxx');
    record.tags.set('aliyun:ecs:created-by', 'console');

    const refreshed = await world.engine.refresh();
    assert.deepEqual(
      refreshed.map((r) => r.gone),
      [false],
    );
    const state = [...world.engine.state.values()][0];
    assert.deepEqual(state.outputs.tags, { team: 'infra' }, 'system tags are not reported');
    assert.deepEqual(
      (await world.engine.preview(program)).map((s) => s.kind),
      ['same'],
    );

    // A tag change updates only the user's tags; the system tags stay.
    const changed = await programOf(() => [
      new KeyPair('tagged', { publicKey: key('rsa2048.pub'), keyPairName: 'tagged-key', tags: { team: 'platform' } }),
    ]);
    const [updated] = await world.engine.up(changed);
    assert.equal(updated.error, undefined);
    assert.equal(updated.kind, 'update');
    assert.equal(record.tags.get('acs:rm:rgId'), 'rg-acfm2xxxxxx');
    assert.equal(record.tags.get('aliyun:ecs:created-by'), 'console');
    assert.equal(record.tags.get('team'), 'platform');
    assert.equal(
      world.emulator.requests.some((r) => r.action === 'UntagResources'),
      false,
      'no system tag is ever removed',
    );
  });

  it('delete waits for instances to let go of the key pair (released after 3 s) and succeeds, saying what it waits for', async function () {
    this.timeout(60_000);
    await world.host.stop();
    await world.emulator.close();
    world = await startWorld({ env: { ALIBABA_CLOUD_DETACH_TIMEOUT_SECONDS: '30' } });
    await world.engine.up(await programOf(() => [new KeyPair('bound', { publicKey: key('rsa2048.pub'), keyPairName: 'bound-key' })]));
    world.emulator.attachKeyPair({ region: 'cn-hangzhou', keyPairName: 'bound-key', instanceIds: ['i-one'], releaseAfterMs: 3000 });

    const started = Date.now();
    const [deleted] = await world.engine.destroy();
    const took = Date.now() - started;
    assert.equal(deleted.error, undefined);
    assert.ok(took >= 2900, `the delete waited for the release (${took} ms)`);
    assert.ok(took < 20_000, `and not much longer (${took} ms)`);
    assert.deepEqual(world.emulator.snapshot(), []);
    assert.ok(world.emulator.count('DeleteKeyPairs') >= 2, 'refused, then retried');
    assert.match(
      world.host.stderr,
      /pulumi-alicloud-keypair: key pair "bound-key" in cn-hangzhou is still bound to instances; waiting for ECS to release it before deleting \(\d+ s of up to 30 s\)/,
    );
    await world.host.stop();
    await world.emulator.close();
    world = await startWorld({ env: { ALIBABA_CLOUD_DETACH_TIMEOUT_SECONDS: '2' } });
  });

  it('a key pair that stays bound fails after the configured wait with the clear error, and stays in the state', async () => {
    await world.engine.up(await programOf(() => [new KeyPair('stuck', { publicKey: key('rsa2048.pub'), keyPairName: 'stuck-key' })]));
    world.emulator.attachKeyPair({ region: 'cn-hangzhou', keyPairName: 'stuck-key', instanceIds: ['i-forever'] });
    const started = Date.now();
    const [deleted] = await world.engine.destroy();
    const took = Date.now() - started;
    assert.ok(took >= 1900 && took < 10_000, `waited about the 2 s configured (${took} ms)`);
    assert.match(
      deleted.error ?? '',
      /key pair "stuck-key" in cn-hangzhou is still bound to instances, so ECS refuses to delete it \(InvalidParameter\.KeypairAlreadyAttachedInstance\)\. It stayed bound for the 2 s waited \(alicloud-keypair:detachTimeoutSeconds/,
    );
    assert.equal(world.engine.state.size, 1, 'the resource stays in the state');
    assert.deepEqual(
      world.emulator.snapshot().map((k) => k.keyPairName),
      ['stuck-key'],
    );
  });

  it('ENS: a key pair bound to an instance is waited for the same way (PubKeyAttachedWithInstance)', async () => {
    await world.engine.up(await programOf(() => [new EnsKeyPair('edge', { publicKey: key('rsa2048.pub'), keyPairName: 'edge-key' })]));
    world.emulator.attachKeyPair({ service: 'ens', keyPairName: 'edge-key', instanceIds: ['i-edge'], releaseAfterMs: 1000 });
    const [deleted] = await world.engine.destroy();
    assert.equal(deleted.error, undefined);
    assert.match(world.host.stderr, /key pair "edge-key" is still bound to instances; waiting for ENS to release it/);
    assert.deepEqual(world.emulator.snapshot(), []);
  });

  it('a 429 with x-acs-retry-after: 300 is retried after at least 300 ms', async () => {
    world.emulator.scriptFaults('ImportKeyPair', [{ tooManyRequestsRetryAfterMs: 300 }]);
    const started = Date.now();
    const [created] = await world.engine.up(
      await programOf(() => [new KeyPair('busy', { publicKey: key('rsa2048.pub'), keyPairName: 'busy-key' })]),
    );
    assert.equal(created.error, undefined);
    const imports = world.emulator.requests.filter((r) => r.action === 'ImportKeyPair');
    assert.deepEqual(
      imports.map((r) => [r.status, r.code]),
      [
        [429, 'Throttling'],
        [200, undefined],
      ],
    );
    assert.ok(Date.now() - started >= 300, 'the retry came after the 300 ms the gateway asked for');
  });

  it("KeyPair.get reads an existing key pair by name: the cloud's fingerprint, key and tags", async () => {
    await world.engine.up(
      await programOf(() => [new KeyPair('made', { publicKey: key('ecdsa256.pub'), keyPairName: 'existing-key', tags: { a: 'b' } })]),
    );
    const [lookup] = await registeredResources(() => [KeyPair.get('found', 'existing-key', { region: 'cn-hangzhou' })]);
    const read = await world.host.read('existing-key', urnOf(lookup.type, 'found'), lookup.inputs, {});
    assert.equal(read.id, 'existing-key');
    assert.equal(read.outputs.fingerprint, md5('ecdsa256'));
    assert.equal(read.outputs.keyType, 'ecdsa-sha2-nistp256');
    assert.equal(read.outputs.fingerprintSha256, fingerprints.keys.ecdsa256.sha256);
    assert.deepEqual(read.outputs.tags, { a: 'b' });
    assert.equal(read.outputs.region, 'cn-hangzhou');

    const [missing] = await registeredResources(() => [KeyPair.get('absent', 'no-such-key')]);
    const gone = await world.host.read('no-such-key', urnOf(missing.type, 'absent'), missing.inputs, {});
    assert.equal(gone.id, '', 'a name that does not exist reads as gone (the region defaults to the stack config)');
  });

  it('EnsKeyPair.get reads an existing ENS key pair by its id', async () => {
    await world.engine.up(await programOf(() => [new EnsKeyPair('made', { publicKey: key('rsa2048.pub'), keyPairName: 'edge-existing' })]));
    const id = world.emulator.snapshot()[0].keyPairId!;
    // The same argument order as KeyPair.get: name, id, where to look, resource options.
    const [lookup] = await registeredResources(() => [EnsKeyPair.get('found', id, {}, { protect: true })]);
    const read = await world.host.read(id, urnOf(lookup.type, 'found'), lookup.inputs, {});
    assert.equal(read.id, id);
    assert.equal(read.outputs.keyPairName, 'edge-existing');
    assert.equal(read.outputs.fingerprint, md5('rsa2048'));
    assert.match(read.outputs.creationTime, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, 'ENS reports seconds');
  });

  it('keyPairNamePrefix: a valid generated name with the prefix, kept across updates; an error with keyPairName', async () => {
    const program = await programOf(() => [new KeyPair('web', { publicKey: key('rsa2048.pub'), keyPairNamePrefix: 'web-' })]);
    const [created] = await world.engine.up(program);
    assert.equal(created.error, undefined);
    const [name] = world.emulator.snapshot().map((k) => k.keyPairName);
    assert.match(name, /^web--[0-9a-f]{8}$/);
    assert.deepEqual(
      (await world.engine.preview(program)).map((s) => s.kind),
      ['same'],
    );
    const both = await programOf(() => [
      new KeyPair('x', { publicKey: key('rsa2048.pub'), keyPairNamePrefix: 'web', keyPairName: 'web-1' }),
    ]);
    const [refused] = await world.engine.up(both);
    assert.match(refused.error ?? '', /keyPairNamePrefix and keyPairName are both set; set one/);
    const bad = await programOf(() => [new KeyPair('y', { publicKey: key('rsa2048.pub'), keyPairNamePrefix: '1st' })]);
    const [invalid] = await world.engine.up(bad);
    assert.match(invalid.error ?? '', /keyPairNamePrefix must start with a letter/);
  });

  it('an alicloud provider in provider, providers or a parent component is refused by the constructor, saying what to use', async () => {
    await registeredResources(() => []); // the mock engine, so that the provider and the component can register
    // The real @pulumi/alicloud Provider, as users pass it (another region and a role).
    const alicloudProvider = new alicloud.Provider('other-account', {
      region: 'cn-beijing',
      assumeRole: { roleArn: 'acs:ram::2000000000000002:role/deployer' },
    });
    assert.throws(
      () => new KeyPair('k', { publicKey: key('rsa2048.pub') }, { provider: alicloudProvider }),
      /KeyPair "k": an alicloud provider comes in through the `provider` option, but Pulumi ignores it .*`region`, `assumeRole: \{ roleArn \}` or `profile`/,
    );
    assert.throws(
      () => new EnsKeyPair('e', { publicKey: key('rsa2048.pub') }, { providers: [alicloudProvider] } as pulumi.CustomResourceOptions),
      /EnsKeyPair "e": an alicloud provider comes in through the `providers` option/,
    );
    const parent = new pulumi.ComponentResource('my:stack:Servers', 'servers', {}, { providers: [alicloudProvider] });
    assert.throws(() => new KeyPair('child', { publicKey: key('rsa2048.pub') }, { parent }), /through the parent's `providers`/);
    // A user error: Pulumi prints a RunError's message alone, with no Node stack trace.
    assert.throws(
      () => new KeyPair('k2', { publicKey: key('rsa2048.pub') }, { provider: alicloudProvider }),
      (error: unknown) => pulumi.RunError.isInstance(error),
    );
  });
});
