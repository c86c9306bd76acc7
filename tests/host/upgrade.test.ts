/**
 * States written by the previous version (plain bookkeeping names, no account recorded, no key facts in the inputs)
 * preview with no changes after the upgrade, and the first `up` makes no cloud call beyond the account look-up a
 * refresh makes too — through the real provider host.
 */
import { strict as assert } from 'assert';
import { EnsKeyPair, KeyPair } from '../../sdk';
import { programOf, startWorld, stopWorld, World } from './helpers';
import { key } from '../support/fixtures';

/** A state as the previous version wrote it. */
function asPreviousVersion(values: Record<string, unknown>, inputs: boolean): Record<string, unknown> {
  const legacy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    if (name === 'accountId' || name === '__stackRoleArn') continue;
    if (inputs && ['fingerprintSha256', 'keyType', 'keyBits'].includes(name)) continue;
    legacy[name.startsWith('__') && name !== '__provider' ? name.slice(2) : name] = value;
  }
  return { adoptExisting: false, ...legacy };
}

describe('upgrading: states of the previous version', function () {
  this.timeout(60_000);
  let world: World | undefined;
  after(async () => stopWorld(world));

  it('preview with no changes, and the first up changes nothing in the cloud', async () => {
    world = await startWorld();
    const program = await programOf(() => [
      new KeyPair('fixed', { publicKey: key('rsa2048.pub'), keyPairName: 'upgrade-fixed', tags: { env: 'prod' } }),
      new KeyPair('auto', { publicKey: key('ecdsa256.pub') }),
      new EnsKeyPair('edge', { publicKey: key('rsa2048.pub'), keyPairName: 'upgrade-edge' }),
    ]);
    await world.engine.up(program);
    for (const [urn, resource] of world.engine.state) {
      world.engine.state.set(urn, {
        ...resource,
        inputs: asPreviousVersion(resource.inputs, true),
        outputs: asPreviousVersion(resource.outputs, false),
      });
    }
    const legacy = [...world.engine.state.values()][0];
    assert.equal(
      legacy.outputs.owner !== undefined && legacy.outputs.accountId === undefined,
      true,
      'the state looks like the previous version',
    );
    world.emulator.requests.length = 0;
    const steps = await world.engine.preview(program);
    assert.deepEqual(
      steps.map((s) => s.kind),
      ['same', 'same', 'same'],
    );
    const applied = await world.engine.up(program);
    assert.deepEqual(
      applied.map((s) => [s.kind, s.error]),
      [
        ['same', undefined],
        ['same', undefined],
        ['same', undefined],
      ],
    );
    assert.deepEqual(
      world.emulator.requests.filter((r) => r.version !== '2015-04-01').map((r) => r.action),
      [],
      'no ECS or ENS call: at most the account look-up (STS) a refresh makes too',
    );
    await world.engine.destroy();
    assert.deepEqual(world.emulator.snapshot(), []);
  });
});
