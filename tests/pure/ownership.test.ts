/** ownership.ts: whose key pair is this. */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { couldHaveBeenCreatedSince, holdsKey, isReservedTag, OWNER_TAG, ownerToken } from '../../provider/ownership';
import { parsePublicKey } from '../../provider/ssh/publicKey';
import { withoutNetwork } from './noNetwork';

const RSA = parsePublicKey(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'keys', 'rsa2048.pub'), 'utf8'));
const STARTED = Date.parse('2026-06-01T12:00:30Z');

describe('ownership rules', () => {
  withoutNetwork();
  const HOLDS: Array<[string, { fingerprint: string; publicKey?: string }, boolean]> = [
    ['the same fingerprint', { fingerprint: RSA.md5 }, true],
    ['the same fingerprint with colons and capitals', { fingerprint: RSA.md5.toUpperCase().replace(/(..)(?!$)/g, '$1:') }, true],
    ['another fingerprint text, but the public key is ours', { fingerprint: 'SHA256:whatever', publicKey: RSA.publicKey }, true],
    ['another fingerprint and no public key', { fingerprint: '00'.repeat(16) }, false],
    ['another fingerprint and a public key that does not parse', { fingerprint: '00'.repeat(16), publicKey: 'junk' }, false],
  ];
  for (const [label, cloud, expected] of HOLDS) it(`holdsKey: ${label}`, () => assert.equal(holdsKey(cloud, RSA.md5), expected));

  const TIMES: Array<[string, string | undefined, boolean]> = [
    ['no CreationTime: cannot rule out', undefined, true],
    ['an unreadable CreationTime: cannot rule out', 'yesterday', true],
    ['the same minute (ECS minute precision)', '2026-06-01T12:00Z', true],
    ['two minutes before (clock skew allowed)', '2026-06-01T11:58Z', true],
    ['an hour before: not ours', '2026-06-01T11:00Z', false],
    ['ENS seconds, well before', '2026-06-01T11:50:00Z', false],
  ];
  for (const [label, creationTime, expected] of TIMES) {
    it(`couldHaveBeenCreatedSince: ${label}`, () =>
      assert.equal(couldHaveBeenCreatedSince({ fingerprint: '', creationTime }, STARTED), expected));
  }

  const RESERVED: Array<[string, boolean]> = [
    [OWNER_TAG, true],
    ['acs:rm:rgId', true],
    ['aliyun-managed', true],
    ['ACS:x', true],
    ['env', false],
    ['pulumi-alicloud-keypair:other', false],
  ];
  for (const [key, expected] of RESERVED) it(`isReservedTag: ${key}`, () => assert.equal(isReservedTag(key), expected));

  it('ownerToken: stable, 32 hex, different per scope and per resource', () => {
    assert.match(ownerToken('p/s', 'kp'), /^[0-9a-f]{32}$/);
    assert.equal(ownerToken('p/s', 'kp'), ownerToken('p/s', 'kp'));
    assert.notEqual(ownerToken('p/s', 'kp'), ownerToken('p/other', 'kp'));
    assert.notEqual(ownerToken('p/s', 'kp'), ownerToken('p/s', 'kp2'));
    // The separator keeps "a/b" + "c" apart from "a" + "b/c".
    assert.notEqual(ownerToken('a/b', 'c'), ownerToken('a', 'b/c'));
  });
});
