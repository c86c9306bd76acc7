/** faultSettings.ts: every field checked, once, for options, command line and control API alike. */
import { strict as assert } from 'assert';
import { Faults } from '../../emulator';
import { validateFaultSettings } from '../../emulator/faultSettings';
import { withoutNetwork } from './noNetwork';

describe('fault settings', () => {
  withoutNetwork();
  const REFUSED: Array<[unknown, string]> = [
    [[], 'faults must be a JSON object'],
    [
      { throttle: 1 },
      'unknown field throttle; known: seed, throttleProbability, serverErrorProbability, dropProbability, ambiguousWriteProbability, rateLimitPerSecond, latencyMs, actions',
    ],
    [{ seed: 1.5 }, 'seed must be a whole number'],
    [{ dropProbability: 2 }, 'dropProbability must be a number from 0 to 1'],
    [{ throttleProbability: '0.5' }, 'throttleProbability must be a number from 0 to 1'],
    [{ rateLimitPerSecond: 0 }, 'rateLimitPerSecond must be a whole number, 1 or more'],
    [{ latencyMs: -1 }, 'latencyMs must be a number of ms from 0 to 60000, or {"min": ms, "max": ms} with min ≤ max'],
    [{ latencyMs: { min: 50, max: 10 } }, 'latencyMs must be a number of ms from 0 to 60000, or {"min": ms, "max": ms} with min ≤ max'],
    [{ actions: 'ImportKeyPair' }, 'actions must be a list of action names'],
    [
      { actions: ['ImportKeyPair', 'constructor'] },
      'actions: unknown action "constructor"; known: AssumeRole, AssumeRoleWithOIDC, AttachKeyPair, CreateKeyPair, DeleteKeyPairs, DescribeInstances, DescribeKeyPairs, DetachKeyPair, GetCallerIdentity, ImportKeyPair, JoinResourceGroup, TagResources, UntagResources',
    ],
  ];
  for (const [settings, message] of REFUSED) {
    it(`refuses ${JSON.stringify(settings)}`, () =>
      assert.throws(() => validateFaultSettings(settings), { name: 'FaultSettingsError', message }));
  }

  it('accepts every field at its bounds, and Faults.configure checks the same way', () => {
    const settings = {
      seed: 7,
      throttleProbability: 0,
      dropProbability: 1,
      rateLimitPerSecond: 1,
      latencyMs: { min: 0, max: 60_000 },
      actions: ['ImportKeyPair'],
    };
    assert.deepEqual(validateFaultSettings(settings), settings);
    assert.throws(() => new Faults().configure({ dropProbability: 3 }), /dropProbability must be a number from 0 to 1/);
  });
});
