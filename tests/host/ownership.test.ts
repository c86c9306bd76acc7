/**
 * A create only adopts or cleans up a key pair it can show it made itself. Two stacks share one account: stack A
 * owns `shared`; stack B declares the same name and key without `adoptExisting`. Whatever the cloud answers B,
 * A's key pair stays where it is and B is told why it cannot have it.
 */
import { strict as assert } from 'assert';
import { KeyPair } from '../../sdk';
import { OWNER_TAG } from '../../provider/ownership';
import { MiniEngine } from '../../tools/engine-standin/engine';
import { programOf, resetWorld, startWorld, stopWorld, World } from './helpers';
import { key } from '../support/fixtures';

describe('ownership: a create never takes or deletes a key pair it did not make', function () {
  this.timeout(60_000);
  let world: World;
  let stackB: MiniEngine;

  before(async () => {
    // A short deadline: a 503 storm ends B's create in about two seconds.
    world = await startWorld({ env: { ALIBABA_CLOUD_RETRY_DEADLINE_SECONDS: '2' } });
  });
  after(async () => stopWorld(world));
  beforeEach(async () => {
    resetWorld(world);
    stackB = new MiniEngine(world.host);
    const [created] = await world.engine.up(await stackAProgram());
    assert.equal(created.error, undefined);
    world.emulator.requests.length = 0;
  });

  const stackAProgram = () => programOf(() => [new KeyPair('a', { publicKey: key('rsa2048.pub'), keyPairName: 'shared' })]);
  const stackBProgram = () => programOf(() => [new KeyPair('b', { publicKey: key('rsa2048.pub'), keyPairName: 'shared' })]);
  const cloudNames = () => world.emulator.snapshot().map((k) => k.keyPairName);

  it("an import that answers 503 until the deadline does not delete stack A's key pair", async () => {
    world.emulator.scriptFaults('ImportKeyPair', Array<'service-unavailable'>(500).fill('service-unavailable'));
    const [step] = await stackB.up(await stackBProgram());
    assert.deepEqual(cloudNames(), ['shared'], "A's key pair is still there");
    assert.equal(world.emulator.count('DeleteKeyPairs'), 0, 'nothing was deleted');
    assert.match(step.error ?? '', /^key pair "shared" already exists in cn-hangzhou with the same key \(fingerprint [0-9a-f]{32}\)/);
    assert.match(step.error ?? '', /adoptExisting: true/);
    assert.equal(stackB.state.size, 0);
  });

  it("one 503 and then a retry does not adopt stack A's key pair without adoptExisting", async () => {
    world.emulator.scriptFaults('ImportKeyPair', ['service-unavailable']);
    const [step] = await stackB.up(await stackBProgram());
    assert.equal(stackB.state.size, 0, 'B holds nothing it could later destroy');
    assert.match(step.error ?? '', /^key pair "shared" already exists in cn-hangzhou with the same key/);
    assert.deepEqual(cloudNames(), ['shared']);
  });

  it("an existing key pair is looked up before any import: B's create sends no ImportKeyPair", async () => {
    const [step] = await stackB.up(await stackBProgram());
    assert.ok(step.error);
    assert.deepEqual(
      world.emulator.requests.map((r) => r.action),
      ['DescribeKeyPairs'],
    );
  });

  it('with adoptExisting, B adopts without importing, and A keeps its key pair in the cloud', async () => {
    const [step] = await stackB.up(
      await programOf(() => [new KeyPair('b', { publicKey: key('rsa2048.pub'), keyPairName: 'shared', adoptExisting: true })]),
    );
    assert.equal(step.error, undefined);
    assert.equal(world.emulator.count('ImportKeyPair'), 0);
    assert.equal([...stackB.state.values()][0].id, 'shared');
  });

  it('our own import applied with its answer lost still ends with exactly one key pair, adopted', async () => {
    world.emulator.scriptFaults('ImportKeyPair', ['ambiguous-write']);
    const [step] = await stackB.up(await programOf(() => [new KeyPair('b', { publicKey: key('rsa4096.pub'), keyPairName: 'b-own' })]));
    assert.equal(step.error, undefined);
    assert.deepEqual(cloudNames().sort(), ['b-own', 'shared']);
    assert.equal([...stackB.state.values()][0].id, 'b-own');
  });

  it('a key pair someone imports between our look-up and our import is not adopted', async () => {
    // The import is held for 300 ms; meanwhile another stack takes the name. Our import then meets AlreadyExist
    // with no ambiguous attempt behind it: not ours.
    world.emulator.scriptFaults('ImportKeyPair', [{ delayMs: 300 }]);
    const pending = stackB.up(await programOf(() => [new KeyPair('b', { publicKey: key('rsa4096.pub'), keyPairName: 'raced' })]));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const other = world.emulator.snapshot().find((k) => k.keyPairName === 'shared')!;
    world.emulator.store.ecsRegion('cn-hangzhou').set('raced', {
      keyPairName: 'raced',
      fingerprint: other.fingerprint,
      publicKey: other.publicKey,
      creationTime: '2026-01-01T00:00Z',
      resourceGroupId: 'rg-default',
      tags: new Map(),
      attachedInstances: [],
    });
    const [step] = await pending;
    assert.match(step.error ?? '', /^key pair "raced" already exists in cn-hangzhou with another key/);
    assert.equal(world.emulator.snapshot().find((k) => k.keyPairName === 'raced')?.fingerprint, other.fingerprint);
  });
  it('ECS imports carry the owner tag, which never shows in outputs or diffs', async () => {
    const [a] = world.emulator.snapshot();
    assert.match(a.tags?.[OWNER_TAG] ?? '', /^[0-9a-f]{32}$/);
    const state = [...world.engine.state.values()][0];
    assert.deepEqual(state.outputs.tags, {});
    assert.deepEqual(
      (await world.engine.preview(await stackAProgram())).map((step) => step.kind),
      ['same'],
    );
  });

  it('an interrupted create (key pair made, state never told) is carried on by the same resource, never by another', async () => {
    // What an interrupted `pulumi up` leaves: the key pair in the cloud with this resource's owner tag, no state.
    const program = await programOf(() => [new KeyPair('c', { publicKey: key('rsa4096.pub'), keyPairName: 'interrupted' })]);
    const half = new MiniEngine(world.host);
    world.emulator.scriptFaults('ImportKeyPair', [{ delayMs: 200 }]);
    await half.up(program);
    half.state.clear();
    const [again] = await new MiniEngine(world.host).up(program);
    assert.equal(again.error, undefined, 'the same resource carries on with its own key pair');
    assert.equal(world.emulator.snapshot().filter((k) => k.keyPairName === 'interrupted').length, 1);
    // Another stack (another scope), same name and key: not its key pair.
    const other = await programOf(() => [new KeyPair('other-name', { publicKey: key('rsa4096.pub'), keyPairName: 'interrupted' })]);
    const [refused] = await new MiniEngine(world.host).up(other);
    assert.match(refused.error ?? '', /^key pair "interrupted" already exists in cn-hangzhou with the same key/);
  });

  it('a user tag named like the owner tag is refused by check', async () => {
    const [step] = await stackB.up(
      await programOf(() => [new KeyPair('b', { publicKey: key('rsa2048.pub'), keyPairName: 'tagged', tags: { [OWNER_TAG]: 'x' } })]),
    );
    assert.match(step.error ?? '', /tag key "pulumi-alicloud-keypair:owner" is reserved/);
  });
});
