/** nearest.ts and what uses it: region typos at preview, unknown inputs from JavaScript. */
import { strict as assert } from 'assert';
import * as pulumi from '@pulumi/pulumi';
import { editDistance, nearest } from '../../provider/nearest';
import { validateRegion } from '../../provider/validation';
import { EnsKeyPair, KeyPair } from '../../sdk';
import { registeredResources } from '../../tools/engine-standin/program';
import { withoutNetwork } from './noNetwork';

describe('did you mean …? (pure)', () => {
  withoutNetwork();

  const DISTANCES: Array<[string, string, number]> = [
    ['cn-hangzou', 'cn-hangzhou', 1],
    ['cn-hanzgou', 'cn-hangzhou', 2],
    ['publickey', 'publicKey', 1],
    ['', 'abc', 3],
    ['same', 'same', 0],
  ];
  for (const [a, b, expected] of DISTANCES) it(`editDistance(${a}, ${b}) = ${expected}`, () => assert.equal(editDistance(a, b), expected));

  it('nearest: within the distance, case-insensitive, else nothing', () => {
    assert.equal(nearest('REGOIN', ['region', 'tags'], 2), 'region');
    assert.equal(nearest('xyz', ['region', 'tags'], 2), undefined);
  });

  it('a region a small edit from a known one fails at preview with "did you mean"; one far from all is let through', () => {
    assert.deepEqual(
      validateRegion('cn-hangzou').map((f) => f.reason),
      ['region "cn-hangzou" is not an Alibaba Cloud region; did you mean cn-hangzhou?'],
    );
    assert.deepEqual(validateRegion('cn-hangzhou'), []);
    assert.deepEqual(validateRegion('xx-brandnew-1'), [], 'maybe a region newer than the list');
  });

  it('an input a JavaScript program misspells is refused, naming the nearest input (a RunError: no stack trace)', async () => {
    await assert.rejects(
      registeredResources(() => [new KeyPair('k', { publickey: 'ssh-rsa AAAA', regoin: 'cn-hangzhou' } as never)]),
      (error: Error) => {
        assert.ok(pulumi.RunError.isInstance(error), String(error));
        assert.match(
          error.message,
          /^KeyPair "k": "publickey" \(did you mean "publicKey"\?\), "regoin" \(did you mean "region"\?\) are not inputs of KeyPair; its inputs are publicKey, /,
        );
        return true;
      },
    );
    await assert.rejects(
      registeredResources(() => [new EnsKeyPair('e', { publicKey: 'x', region: 'cn-hangzhou' } as never)]),
      /"region" is not an input of EnsKeyPair/,
    );
  });
});
