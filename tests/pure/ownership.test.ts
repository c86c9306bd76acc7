/** ownership.ts: whose key pair is this. */
import { strict as assert } from 'assert';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { couldHaveBeenCreatedSince, holdsKey, isReservedTag, notOurs, OWNER_TAG, ownerToken } from '../../provider/ownership';
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

  it('ownerToken: stable, 32 hex, different per scope, stack instance, parents and resource', () => {
    const seed = { scope: 'p/s', resourceName: 'kp' };
    assert.match(ownerToken(seed)!, /^[0-9a-f]{32}$/);
    assert.equal(ownerToken(seed), ownerToken({ ...seed }));
    assert.notEqual(ownerToken(seed), ownerToken({ ...seed, scope: 'p/other' }));
    assert.notEqual(ownerToken(seed), ownerToken({ ...seed, resourceName: 'kp2' }));
    // The same project/stack on another backend or organization, and a child of another component type.
    assert.notEqual(
      ownerToken({ ...seed, instance: 'file:///a organization' }),
      ownerToken({ ...seed, instance: 'file:///b organization' }),
    );
    assert.notEqual(ownerToken({ ...seed, parents: ['my:index:Web'] }), ownerToken({ ...seed, parents: ['my:index:Db'] }));
    // The separator keeps "a/b" + "c" apart from "a" + "b/c".
    assert.notEqual(ownerToken({ scope: 'a/b', resourceName: 'c' }), ownerToken({ scope: 'a', resourceName: 'b/c' }));
    // Without instance and parents, the token key pairs already carry (a hash of scope NUL name).
    assert.equal(ownerToken(seed), crypto.createHash('sha256').update('p/s\u0000kp').digest('hex').slice(0, 32));
    assert.equal(ownerToken({}), undefined);
  });

  const MD5 = 'bed4d87e19635b2f66506f5ff61cbcf8';
  const OTHER = '0123456789abcdef0123456789abcdef';
  const NOT_OURS: Array<[string, Parameters<typeof notOurs>[0], Parameters<typeof notOurs>[1], RegExp | undefined]> = [
    ['our key and our tag', { fingerprint: MD5, owner: 'tok' }, { fingerprint: MD5, owner: 'tok' }, undefined],
    ['ENS: our key, no tags at all', { fingerprint: MD5 }, { fingerprint: MD5 }, undefined],
    [
      'another key',
      { fingerprint: MD5, owner: 'tok' },
      { fingerprint: OTHER, owner: 'tok' },
      /holds another key \(fingerprint 0123.*records bed4/,
    ],
    [
      'the cloud fingerprint the state recorded after drift',
      { fingerprint: OTHER, cloudFingerprint: OTHER },
      { fingerprint: OTHER },
      undefined,
    ],
    ["another stack's owner tag", { fingerprint: MD5, owner: 'tok' }, { fingerprint: MD5, owner: 'theirs' }, /owner tag of another stack/],
    ['our tag gone (made again by hand)', { fingerprint: MD5, owner: 'tok' }, { fingerprint: MD5 }, /lacks the owner tag/],
    ['adopted: no tag expected', { fingerprint: MD5, owner: 'tok', adoptExisting: true }, { fingerprint: MD5 }, undefined],
  ];
  for (const [name, recorded, cloud, expected] of NOT_OURS) {
    it(`notOurs: ${name}`, () => {
      const why = notOurs(recorded, cloud);
      if (expected) assert.match(why ?? '', expected);
      else assert.equal(why, undefined);
    });
  }
});
