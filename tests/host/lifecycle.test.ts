import { strict as assert } from 'assert';
import { EnsKeyPair, KeyPair } from '../../sdk';
import { normalizeFingerprint } from '../../provider/ssh/fingerprint';
import fingerprints from '../fixtures/fingerprints.json';
import { everythingSeen, programOf, resetWorld, startWorld, stopWorld, userTags, World } from './helpers';
import { key, privateKey, TEST_CREDENTIAL } from '../support/fixtures';

const md5 = (name: keyof typeof fingerprints.keys) => normalizeFingerprint(fingerprints.keys[name].md5);
const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

describe('lifecycle through the real provider host', function () {
  this.timeout(120_000);
  let world: World;

  before(async () => {
    world = await startWorld();
  });
  after(async () => stopWorld(world));
  beforeEach(() => resetWorld(world));
  afterEach(() => {
    const seen = everythingSeen(world);
    assert.equal(seen.includes(TEST_CREDENTIAL.accessKeySecret), false, 'the access key secret leaked');
    assert.equal(/PRIVATE KEY/.test(seen), false, 'private key material leaked');
  });

  it('create → refresh → preview shows no change; one API call per operation', async () => {
    const program = await programOf(() => [new KeyPair('deploy', { publicKey: key('rsa2048.pub'), keyPairName: 'deploy-key' })]);
    const [created] = await world.engine.up(program);
    assert.equal(created.error, undefined);
    assert.equal(created.kind, 'create');
    assert.deepEqual(
      world.emulator.requests.map((r) => r.action),
      ['GetCallerIdentity', 'DescribeKeyPairs', 'ImportKeyPair'],
      'the account is looked up once (STS), then create looks the name up and imports',
    );
    const state = [...world.engine.state.values()][0];
    assert.equal(state.id, 'deploy-key');
    assert.equal(state.outputs.fingerprint, md5('rsa2048'));
    assert.equal(state.outputs.fingerprintSha256, fingerprints.keys.rsa2048.sha256);
    assert.equal(state.outputs.keyType, 'ssh-rsa');
    assert.equal(state.outputs.keyBits, 2048);
    assert.equal(state.outputs.region, 'cn-hangzhou');
    assert.match(state.outputs.publicKey, /^ssh-rsa AAAA[A-Za-z0-9+/=]+$/);
    const cloud = world.emulator.snapshot();
    assert.deepEqual(
      cloud.map((k) => [k.region, k.keyPairName, k.fingerprint]),
      [['cn-hangzhou', 'deploy-key', md5('rsa2048')]],
    );

    world.emulator.requests.length = 0;
    const refreshed = await world.engine.refresh();
    assert.deepEqual(
      refreshed.map((r) => r.gone),
      [false],
    );
    assert.equal(world.emulator.count(), 1, 'refresh makes one call (DescribeKeyPairs)');
    const steps = await world.engine.preview(program);
    assert.deepEqual(
      steps.map((s) => s.kind),
      ['same'],
    );

    world.emulator.requests.length = 0;
    const destroyed = await world.engine.destroy();
    assert.equal(destroyed[0].error, undefined);
    assert.deepEqual(
      world.emulator.requests.map((r) => r.action),
      ['DescribeKeyPairs', 'DeleteKeyPairs'],
      'delete checks the key pair is still ours, then deletes it',
    );
    assert.deepEqual(world.emulator.snapshot(), []);
  });

  it('a comment, whitespace or encoding change makes no diff', async () => {
    await world.engine.up(await programOf(() => [new KeyPair('kp', { publicKey: key('ecdsa256.pub'), keyPairName: 'enc-test' })]));
    for (const variant of [
      key('ecdsa256.pub').replace(/\S+@example/, 'another-comment'),
      '\n  ' + key('ecdsa256.pub') + '\n\n',
      key('ecdsa256.rfc4716'),
      key('ecdsa256.pem'),
    ]) {
      const steps = await world.engine.preview(await programOf(() => [new KeyPair('kp', { publicKey: variant, keyPairName: 'enc-test' })]));
      assert.deepEqual(
        steps.map((s) => [s.kind, s.changedInputs.length]),
        [['same', 0]],
      );
    }
  });

  it('a key change with a fixed name replaces delete-first, and the cloud then holds the new key', async () => {
    await world.engine.up(await programOf(() => [new KeyPair('kp', { publicKey: key('rsa2048.pub'), keyPairName: 'fixed' })]));
    const program = await programOf(() => [new KeyPair('kp', { publicKey: key('rsa4096.pub'), keyPairName: 'fixed' })]);
    const [planned] = await world.engine.preview(program);
    assert.equal(planned.kind, 'replace');
    assert.deepEqual(planned.replaces, ['publicKey', 'fingerprint']);
    assert.equal(planned.deleteBeforeReplace, true);
    world.emulator.requests.length = 0;
    const [applied] = await world.engine.up(program);
    assert.equal(applied.error, undefined);
    assert.deepEqual(
      world.emulator.requests.map((r) => r.action),
      // Delete first looks at the key pair it is about to delete (still ours?), then the create.
      ['DescribeKeyPairs', 'DeleteKeyPairs', 'DescribeKeyPairs', 'ImportKeyPair'],
    );
    assert.deepEqual(
      world.emulator.snapshot().map((k) => [k.keyPairName, k.fingerprint]),
      [['fixed', md5('rsa4096')]],
    );
  });

  it('a key change when auto-named creates a new name first, then deletes the old one', async () => {
    await world.engine.up(await programOf(() => [new KeyPair('web-server', { publicKey: key('rsa2048.pub') })]));
    const [first] = world.emulator.snapshot();
    assert.match(first.keyPairName, /^web-server-[0-9a-f]{8}$/);
    // Stable across updates: a tag change keeps the name.
    const tagged = await programOf(() => [new KeyPair('web-server', { publicKey: key('rsa2048.pub'), tags: { env: 'prod' } })]);
    const [tagStep] = await world.engine.up(tagged);
    assert.equal(tagStep.kind, 'update');
    assert.equal(world.emulator.snapshot()[0].keyPairName, first.keyPairName);

    const program = await programOf(() => [new KeyPair('web-server', { publicKey: key('rsa4096.pub'), tags: { env: 'prod' } })]);
    const [planned] = await world.engine.preview(program);
    assert.equal(planned.kind, 'replace');
    assert.equal(planned.deleteBeforeReplace, false);
    world.emulator.requests.length = 0;
    const [applied] = await world.engine.up(program);
    assert.equal(applied.error, undefined);
    assert.deepEqual(
      world.emulator.requests.map((r) => r.action),
      ['DescribeKeyPairs', 'ImportKeyPair', 'DescribeKeyPairs', 'DeleteKeyPairs'],
    );
    const [second] = world.emulator.snapshot();
    assert.notEqual(second.keyPairName, first.keyPairName);
    assert.match(second.keyPairName, /^web-server-[0-9a-f]{8}$/);
    assert.equal(second.fingerprint, md5('rsa4096'));
    assert.deepEqual(userTags(second.tags), { env: 'prod' });
  });

  it('tags and resource group change in place', async () => {
    await world.engine.up(
      await programOf(() => [new KeyPair('kp', { publicKey: key('rsa2048.pub'), keyPairName: 'tagged', tags: { a: '1', b: '2' } })]),
    );
    world.emulator.requests.length = 0;
    const retagged = () =>
      programOf(() => [
        new KeyPair('kp', {
          publicKey: key('rsa2048.pub'),
          keyPairName: 'tagged',
          tags: { a: '1', c: '3' },
          resourceGroupId: 'rg-acfmteam0001',
        }),
      ]);
    const [step] = await world.engine.up(await retagged());
    assert.equal(step.kind, 'update');
    assert.equal(step.error, undefined);
    assert.deepEqual(
      world.emulator.requests.map((r) => r.action),
      ['DescribeKeyPairs', 'UntagResources', 'TagResources', 'JoinResourceGroup'],
    );
    const [cloud] = world.emulator.snapshot();
    assert.deepEqual(userTags(cloud.tags), { a: '1', c: '3' });
    assert.equal(cloud.resourceGroupId, 'rg-acfmteam0001');
    const steps = await world.engine.preview(await retagged());
    assert.deepEqual(
      steps.map((s) => s.kind),
      ['same'],
    );
  });

  it('deleted outside Pulumi: refresh drops it, the next up recreates it', async () => {
    const program = await programOf(() => [new KeyPair('kp', { publicKey: key('rsa2048.pub'), keyPairName: 'drift-gone' })]);
    await world.engine.up(program);
    world.emulator.store.ecsRegion('cn-hangzhou').delete('drift-gone');
    const [refreshed] = await world.engine.refresh();
    assert.equal(refreshed.gone, true);
    assert.equal(world.engine.state.size, 0);
    const [step] = await world.engine.up(program);
    assert.equal(step.kind, 'create');
    assert.equal(step.error, undefined);
    assert.equal(world.emulator.snapshot().length, 1);
  });

  it('re-imported outside with another key: refresh records it and preview shows the replacement and why', async () => {
    const program = await programOf(() => [new KeyPair('kp', { publicKey: key('rsa2048.pub'), keyPairName: 'drift-key' })]);
    await world.engine.up(program);
    const record = world.emulator.store.ecsRegion('cn-hangzhou').get('drift-key')!;
    record.fingerprint = md5('rsa4096');
    record.publicKey = key('rsa4096.pub').split(' ').slice(0, 2).join(' ');
    await world.engine.refresh();
    const state = [...world.engine.state.values()][0];
    assert.equal(state.outputs.fingerprint, md5('rsa4096'));
    assert.equal(state.outputs.keyBits, 4096);
    const [planned] = await world.engine.preview(program);
    assert.equal(planned.kind, 'replace');
    // The cloud's key shows as the old value of both properties: a reviewer sees what changed and why.
    assert.deepEqual(planned.replaces, ['publicKey', 'fingerprint']);
    assert.equal(planned.changedInputs.find((c) => c.property === 'publicKey')!.old, key('rsa4096.pub').split(' ').slice(0, 2).join(' '));
    assert.deepEqual(
      planned.changedInputs.find((c) => c.property === 'fingerprint'),
      { property: 'fingerprint', old: md5('rsa4096'), new: md5('rsa2048') },
    );
    const [applied] = await world.engine.up(program);
    assert.equal(applied.error, undefined);
    assert.deepEqual(
      world.emulator.snapshot().map((k) => k.fingerprint),
      [md5('rsa2048')],
    );
  });

  it('a refresh with no drift changes nothing, whatever form the cloud prints the fingerprint in', async () => {
    const program = await programOf(() => [new KeyPair('kp', { publicKey: key('rsa2048.pub'), keyPairName: 'no-drift' })]);
    await world.engine.up(program);
    const record = world.emulator.store.ecsRegion('cn-hangzhou').get('no-drift')!;
    record.fingerprint = record.fingerprint.toUpperCase().replace(/(..)(?!$)/g, '$1:');
    const [refreshed] = await world.engine.refresh();
    assert.equal(refreshed.error, undefined);
    assert.deepEqual(
      (await world.engine.preview(program)).map((s) => s.kind),
      ['same'],
    );
  });

  it('create after an ambiguous write adopts its own key pair: one key pair, no error', async () => {
    world.emulator.scriptFaults('ImportKeyPair', ['ambiguous-write']);
    const [step] = await world.engine.up(
      await programOf(() => [new KeyPair('kp', { publicKey: key('rsa2048.pub'), keyPairName: 'ambiguous' })]),
    );
    assert.equal(step.error, undefined);
    assert.deepEqual(
      world.emulator.requests.map((r) => `${r.action}:${r.code ?? r.status}`),
      ['DescribeKeyPairs:200', 'ImportKeyPair:dropped', 'ImportKeyPair:KeyPair.AlreadyExist', 'DescribeKeyPairs:200'],
    );
    assert.deepEqual(
      world.emulator.snapshot().map((k) => k.keyPairName),
      ['ambiguous'],
    );
    assert.equal([...world.engine.state.values()][0].outputs.fingerprint, md5('rsa2048'));
  });

  it('an existing key pair of that name: adopted only with adoptExisting and the same key, else a clear error', async () => {
    world.emulator.store.ecsRegion('cn-hangzhou').set('existing', {
      keyPairName: 'existing',
      fingerprint: md5('rsa2048'),
      publicKey: key('rsa2048.pub').split(' ').slice(0, 2).join(' '),
      creationTime: '2025-01-01T00:00Z',
      resourceGroupId: 'rg-acfmdefault0001',
      tags: new Map(),
      attachedInstances: [],
    });
    const [refused] = await world.engine.up(
      await programOf(() => [new KeyPair('kp', { publicKey: key('rsa2048.pub'), keyPairName: 'existing' })]),
    );
    assert.match(
      refused.error!,
      /already exists in cn-hangzhou with the same key \(fingerprint bed4d87e19635b2f66506f5ff61cbcf8\), and it was not created by this resource \(another stack, or by hand\)\. To manage it with Pulumi set `adoptExisting: true`/,
    );
    const [other] = await world.engine.up(
      await programOf(() => [new KeyPair('kp', { publicKey: key('rsa4096.pub'), keyPairName: 'existing', adoptExisting: true })]),
    );
    assert.match(
      other.error!,
      /already exists in cn-hangzhou with another key: the cloud holds fingerprint bed4d87e19635b2f66506f5ff61cbcf8, publicKey has 0964f626aeb74964a2e535dc7fdf98a8\. Ways out/,
    );
    const [adopted] = await world.engine.up(
      await programOf(() => [new KeyPair('kp', { publicKey: key('rsa2048.pub'), keyPairName: 'existing', adoptExisting: true })]),
    );
    assert.equal(adopted.error, undefined);
    assert.equal([...world.engine.state.values()][0].outputs.creationTime, '2025-01-01T00:00Z');
    assert.equal(world.emulator.snapshot().length, 1);
  });

  it('delete of a key pair already gone succeeds; delete of an attached one says what to do', async () => {
    await world.engine.up(
      await programOf(() => [
        new KeyPair('a', { publicKey: key('rsa2048.pub'), keyPairName: 'gone-already' }),
        new KeyPair('b', { publicKey: key('rsa2048.pub'), keyPairName: 'attached' }),
      ]),
    );
    world.emulator.store.ecsRegion('cn-hangzhou').delete('gone-already');
    world.emulator.store.ecsRegion('cn-hangzhou').get('attached')!.attachedInstances.push('i-bp1example');
    const results = await world.engine.destroy();
    const byUrn = Object.fromEntries(results.map((r) => [r.urn.split('::').pop(), r.error]));
    assert.equal(byUrn.a, undefined);
    assert.match(
      byUrn.b!,
      /key pair "attached" in cn-hangzhou is still bound to instances, so ECS refuses to delete it \(InvalidParameter\.KeypairAlreadyAttachedInstance\)\. Unbind it first/,
    );
  });

  it('the quota error names the quota and the region', async () => {
    await world.emulator.close();
    const { startEmulator } = await import('../support/emulatorUnderTest');
    const small = await startEmulator({ credentials: [TEST_CREDENTIAL], quotaPerRegion: 1, port: world.emulator.port });
    world.emulator = small;
    const results = await world.engine.up(
      await programOf(() => [
        new KeyPair('a', { publicKey: key('rsa2048.pub'), keyPairName: 'q1' }),
        new KeyPair('b', { publicKey: key('rsa2048.pub'), keyPairName: 'q2' }),
      ]),
    );
    assert.equal(results[0].error, undefined);
    assert.equal(
      results[1].error,
      'the key pair quota is used up in cn-hangzhou: Alibaba Cloud allows 500 key pairs per region (QuotaExceed.KeyPair). Delete key pairs you no longer use, or use another region.',
    );
  });

  it('a private key pasted into publicKey fails at resource level without the key text anywhere', async () => {
    const pasted = privateKey('rsa2048.openssh');
    const [step] = await world.engine.up(await programOf(() => [new KeyPair('kp', { publicKey: pasted, keyPairName: 'oops' })]));
    assert.equal(step.failures.length, 1);
    assert.equal(step.failures[0].property, '');
    assert.match(step.failures[0].reason, /^publicKey: this is a private key, which must never leave your machine/);
    assert.equal(world.emulator.count(), 0, 'no API call for invalid input');
    const body = pasted.split('\n')[1];
    assert.equal(JSON.stringify(step).includes(body), false);
  });

  it('values unknown during preview: check accepts them and diff reports a possible replacement', async () => {
    const program = await programOf(() => [new KeyPair('kp', { publicKey: key('rsa2048.pub'), keyPairName: 'later' })]);
    await world.engine.up(program);
    const news: Record<string, any> = { ...program.values().next().value!, publicKey: UNKNOWN, tags: { a: UNKNOWN } }; // eslint-disable-line @typescript-eslint/no-explicit-any
    const unknownProgram = new Map([[program.keys().next().value!, news]]);
    const [planned] = await world.engine.preview(unknownProgram);
    assert.deepEqual(planned.failures, []);
    assert.equal(planned.kind, 'replace');
    assert.deepEqual(planned.replaces, ['publicKey']);
    const { keyPairName: _dropped, ...withoutName } = news;
    const autoNamed = new Map([['urn:pulumi:test::keypair-test::pulumi-nodejs:dynamic/alicloud-keypair:KeyPair::fresh', withoutName]]);
    const [fresh] = await world.engine.preview(autoNamed);
    assert.deepEqual([fresh.kind, fresh.failures], ['create', []]);
  });

  it('ENS: create, refresh, replace on key change, idempotent delete; ssh-rsa only', async () => {
    const program = await programOf(() => [new EnsKeyPair('edge', { publicKey: key('rsa2048.pub'), keyPairName: 'edge-key' })]);
    const [created] = await world.engine.up(program);
    assert.equal(created.error, undefined);
    assert.deepEqual(
      world.emulator.requests.map((r) => r.action),
      ['DescribeKeyPairs', 'ImportKeyPair', 'DescribeKeyPairs'],
    );
    const state = [...world.engine.state.values()][0];
    assert.match(state.id, /^ssh-/);
    assert.equal(state.outputs.keyPairId, state.id);
    assert.equal(state.outputs.fingerprint, md5('rsa2048'));
    assert.deepEqual(
      (await world.engine.preview(program)).map((s) => s.kind),
      ['same'],
    );
    const changed = await programOf(() => [new EnsKeyPair('edge', { publicKey: key('rsa4096.pub'), keyPairName: 'edge-key' })]);
    const [replaced] = await world.engine.up(changed);
    assert.deepEqual([replaced.kind, replaced.deleteBeforeReplace, replaced.error], ['replace', true, undefined]);
    assert.deepEqual(
      world.emulator.snapshot().map((k) => [k.service, k.keyPairName, k.fingerprint]),
      [['ens', 'edge-key', md5('rsa4096')]],
    );
    world.emulator.store.ens.clear();
    assert.equal((await world.engine.destroy())[0].error, undefined);
    const [refused] = await world.engine.up(await programOf(() => [new EnsKeyPair('edge2', { publicKey: key('ecdsa256.pub') })]));
    assert.match(refused.error!, /ENS accepts RSA keys only \(ssh-rsa\); this is an ECDSA P-256 key/);
  });
});
