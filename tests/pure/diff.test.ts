/** diff.ts: the lifecycle table, one row per situation. */
import { strict as assert } from 'assert';
import { diffKeyPair, sameTags } from '../../provider/diff';
import { UNKNOWN } from '../../provider/unknown';
import { withoutNetwork } from './noNetwork';

const OLD = { keyPairName: 'k', region: 'cn-hangzhou', publicKey: 'ssh-rsa AAAA', fingerprint: 'aa', autoNamed: false, tags: { a: '1' } };

const ROLE_OLD = { assumeRole: { roleArn: 'acs:ram::2:role/r', sessionName: 's' } };

const ROWS: Array<
  [string, Record<string, unknown>, { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean }, Record<string, unknown>?]
> = [
  ['nothing changed', { ...OLD }, { changes: false, replaces: [], deleteBeforeReplace: false }],
  [
    'the same role in another order of fields',
    { ...OLD, ...ROLE_OLD, assumeRole: { sessionName: 's', roleArn: 'acs:ram::2:role/r' } },
    { changes: false, replaces: [], deleteBeforeReplace: false },
    ROLE_OLD,
  ],
  [
    'the same role, another session name: update (the state only)',
    { ...OLD, assumeRole: { roleArn: 'acs:ram::2:role/r', sessionName: 'other' } },
    { changes: true, replaces: [], deleteBeforeReplace: false },
    ROLE_OLD,
  ],
  [
    'another role: replace',
    { ...OLD, assumeRole: { roleArn: 'acs:ram::3:role/r' } },
    { changes: true, replaces: ['assumeRole'], deleteBeforeReplace: true },
    ROLE_OLD,
  ],
  [
    'the role unknown during preview: replace',
    { ...OLD, assumeRole: UNKNOWN },
    { changes: true, replaces: ['assumeRole'], deleteBeforeReplace: true },
    ROLE_OLD,
  ],
  [
    'the fingerprint written in another form (colons, capitals)',
    { ...OLD, fingerprint: 'AA' },
    { changes: false, replaces: [], deleteBeforeReplace: false },
  ],
  ['adoptExisting only', { ...OLD, adoptExisting: true }, { changes: false, replaces: [], deleteBeforeReplace: false }],
  [
    'assumeRole added (another account): replace, delete first (it may be the same account)',
    { ...OLD, assumeRole: { roleArn: 'acs:ram::2:role/r' } },
    { changes: true, replaces: ['assumeRole'], deleteBeforeReplace: true },
  ],
  ['profile set: replace', { ...OLD, profile: 'prod' }, { changes: true, replaces: ['profile'], deleteBeforeReplace: true }],
  [
    'a new key, fixed name: replace, delete first',
    { ...OLD, publicKey: 'ssh-rsa BBBB', fingerprint: 'bb' },
    { changes: true, replaces: ['publicKey', 'fingerprint'], deleteBeforeReplace: true },
  ],
  [
    'a new key, auto-named (a new name): create first',
    { ...OLD, publicKey: 'ssh-rsa BBBB', fingerprint: 'bb', keyPairName: 'k2', autoNamed: true },
    { changes: true, replaces: ['publicKey', 'fingerprint', 'keyPairName'], deleteBeforeReplace: false },
  ],
  [
    'the cloud holds another key (drift): replace, shown on fingerprint only',
    { ...OLD, fingerprint: 'cc' },
    { changes: true, replaces: ['fingerprint'], deleteBeforeReplace: true },
  ],
  ['another name', { ...OLD, keyPairName: 'other' }, { changes: true, replaces: ['keyPairName'], deleteBeforeReplace: false }],
  ['another region', { ...OLD, region: 'cn-shanghai' }, { changes: true, replaces: ['region'], deleteBeforeReplace: false }],
  ['other tags: update in place', { ...OLD, tags: { a: '2' } }, { changes: true, replaces: [], deleteBeforeReplace: false }],
  ['tags no longer declared: left alone', { ...OLD, tags: undefined }, { changes: false, replaces: [], deleteBeforeReplace: false }],
  ['a resource group: update in place', { ...OLD, resourceGroupId: 'rg-x' }, { changes: true, replaces: [], deleteBeforeReplace: false }],
  [
    'an unknown key during preview: maybe a replacement',
    { ...OLD, publicKey: UNKNOWN, fingerprint: UNKNOWN },
    { changes: true, replaces: ['publicKey'], deleteBeforeReplace: true },
  ],
  [
    'an unknown name during preview',
    { ...OLD, keyPairName: UNKNOWN },
    { changes: true, replaces: ['keyPairName'], deleteBeforeReplace: true },
  ],
];

describe('diff: the lifecycle table', () => {
  withoutNetwork();
  for (const [situation, news, expected, oldExtra] of ROWS) {
    it(situation, () => assert.deepEqual(diffKeyPair({ ...OLD, ...oldExtra }, news), expected));
  }

  const TAGS: Array<[string, unknown, unknown, boolean]> = [
    ['equal', { a: '1' }, { a: '1' }, true],
    ['absent and empty', undefined, {}, true],
    ['another value', { a: '1' }, { a: '2' }, false],
    ['one more', { a: '1' }, { a: '1', b: '2' }, false],
    ['a tag named toString on one side only', { toString: 'x' }, {}, false],
    ['a tag named constructor on both sides', { constructor: 'x' }, { constructor: 'x' }, true],
  ];
  for (const [label, left, right, same] of TAGS) {
    it(`sameTags: ${label}`, () => assert.equal(sameTags(left, right), same));
  }
});
