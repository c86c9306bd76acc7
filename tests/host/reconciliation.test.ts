import { strict as assert } from 'assert';
import { KeyPair } from '../../sdk';
import { programOf, resetWorld, startWorld, stopWorld, userTags, World } from './helpers';
import { key } from '../support/fixtures';

describe('reconciliation edge cases through the real provider host', function () {
  this.timeout(60_000);
  let world: World;

  before(async () => {
    // A short retry deadline so that an outage ends the create quickly.
    world = await startWorld({ env: { ALIBABA_CLOUD_RETRY_DEADLINE_SECONDS: '1' } });
  });
  after(async () => stopWorld(world));
  beforeEach(() => resetWorld(world));

  it('a create that applied the import but then failed leaves nothing behind', async () => {
    // The import is applied but its answer lost; every retry then meets a server error until the deadline.
    world.emulator.scriptFaults('ImportKeyPair', ['ambiguous-write', ...Array<'internal-error'>(100).fill('internal-error')]);
    const [step] = await world.engine.up(
      await programOf(() => [new KeyPair('kp', { publicKey: key('rsa2048.pub'), keyPairName: 'half-made' })]),
    );
    assert.match(step.error!, /^ImportKeyPair gave up after \d+ attempts in \d+ s; the last error was InternalError/);
    assert.equal(world.engine.state.size, 0);
    assert.deepEqual(world.emulator.snapshot(), [], 'the key pair the lost import created was deleted');
    assert.deepEqual(
      world.emulator.requests.slice(-2).map((r) => r.action),
      ['DescribeKeyPairs', 'DeleteKeyPairs'],
    );
  });

  it('when the clean-up itself cannot look, the key pair is left alone and the error says what may be there', async () => {
    // The look-up before the import passes; the import is applied with its answer lost, then everything fails.
    world.emulator.scriptFaults('DescribeKeyPairs', [{ delayMs: 0 }, ...Array<'internal-error'>(100).fill('internal-error')]);
    world.emulator.scriptFaults('ImportKeyPair', ['ambiguous-write', ...Array<'internal-error'>(100).fill('internal-error')]);
    const [step] = await world.engine.up(
      await programOf(() => [new KeyPair('kp', { publicKey: key('rsa2048.pub'), keyPairName: 'unchecked' })]),
    );
    assert.match(step.error!, /^ImportKeyPair gave up after \d+ attempts in \d+ s; the last error was InternalError/);
    assert.match(
      step.error!,
      /An attempt may have created key pair "unchecked" in cn-hangzhou before the failure, and it could not be checked or removed\. Look it up \(DescribeKeyPairs\); if it is there with this key, delete it or set `adoptExisting: true`, then run again\.$/,
    );
    assert.equal(world.emulator.count('DeleteKeyPairs'), 0);
    assert.deepEqual(
      world.emulator.snapshot().map((k) => k.keyPairName),
      ['unchecked'],
    );
  });

  it("tags changed outside Pulumi: refresh records them and preview shows the update from the cloud's tags", async () => {
    const program = await programOf(() => [
      new KeyPair('kp', { publicKey: key('rsa2048.pub'), keyPairName: 'tag-drift', tags: { env: 'prod' } }),
    ]);
    await world.engine.up(program);
    world.emulator.store.ecsRegion('cn-hangzhou').get('tag-drift')!.tags.set('env', 'staging');
    await world.engine.refresh();
    const [planned] = await world.engine.preview(program);
    assert.equal(planned.kind, 'update');
    assert.deepEqual(planned.changedInputs, [{ property: 'tags', old: { env: 'staging' }, new: { env: 'prod' } }]);
    await world.engine.up(program);
    assert.deepEqual(userTags(world.emulator.snapshot()[0].tags), { env: 'prod' });
  });
  it('cloud tags named toString, constructor, valueOf and __proto__ are removed like any other, and the diff then settles', async () => {
    const program = await programOf(() => [
      new KeyPair('kp', { publicKey: key('rsa2048.pub'), keyPairName: 'proto-tags', tags: { env: 'prod' } }),
    ]);
    await world.engine.up(program);
    const tags = world.emulator.store.ecsRegion('cn-hangzhou').get('proto-tags')!.tags;
    for (const name of ['toString', 'constructor', 'valueOf', '__proto__']) tags.set(name, 'x');
    const [refreshed] = await world.engine.refresh();
    assert.equal(refreshed.error, undefined);
    const [planned] = await world.engine.preview(program);
    assert.equal(planned.kind, 'update');
    const [applied] = await world.engine.up(program);
    assert.equal(applied.error, undefined);
    assert.deepEqual(userTags(world.emulator.snapshot()[0].tags), { env: 'prod' });
    await world.engine.refresh();
    assert.deepEqual(
      (await world.engine.preview(program)).map((step) => step.kind),
      ['same'],
    );
  });
});
