/** drift.ts: what a refresh makes of the kept state and the cloud's answer. */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { reconcile } from '../../provider/drift';
import type { CloudKeyPair, KeyPairState } from '../../provider/types';
import { parsePublicKey } from '../../provider/ssh/publicKey';
import { withoutNetwork } from './noNetwork';

const keyText = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'keys', name), 'utf8');
const RSA = parsePublicKey(keyText('rsa2048.pub'));
const OTHER = parsePublicKey(keyText('rsa4096.pub'));
const STATE: KeyPairState = {
  keyPairName: 'k',
  publicKey: RSA.publicKey,
  fingerprint: RSA.md5,
  cloudFingerprint: RSA.md5,
  region: 'cn-hangzhou',
  tags: { env: 'prod' },
  tagsManaged: true,
  resourceGroupId: 'rg-a',
  resourceGroupManaged: false,
};
const CLOUD: CloudKeyPair = { keyPairName: 'k', fingerprint: RSA.md5, creationTime: '2026-01-01T00:00Z', tags: { env: 'prod' } };
const ecsFields = (cloud: CloudKeyPair) => ({ tags: cloud.tags ?? {}, resourceGroupId: cloud.resourceGroupId ?? '' });

const ROWS: Array<[string, KeyPairState, CloudKeyPair, boolean, Partial<KeyPairState>]> = [
  ['unchanged', STATE, { ...CLOUD, resourceGroupId: 'rg-a' }, false, { fingerprint: RSA.md5 }],
  [
    'the cloud reports the fingerprint in its own form: judged against what it said last time',
    { ...STATE, fingerprint: 'not-ours-any-more' },
    { ...CLOUD, resourceGroupId: 'rg-a' },
    false,
    { fingerprint: 'not-ours-any-more' },
  ],
  [
    're-imported with another key: the cloud key is described',
    STATE,
    { ...CLOUD, fingerprint: OTHER.md5, publicKey: OTHER.publicKey },
    true,
    { fingerprint: OTHER.md5, cloudFingerprint: OTHER.md5, keyBits: 4096, publicKey: OTHER.publicKey },
  ],
  [
    'managed tags changed outside',
    STATE,
    { ...CLOUD, tags: { env: 'staging' }, resourceGroupId: 'rg-a' },
    true,
    { tags: { env: 'staging' } },
  ],
  ['unmanaged resource group moved: recorded, not drift', STATE, { ...CLOUD, resourceGroupId: 'rg-b' }, false, { resourceGroupId: 'rg-b' }],
  [
    'managed resource group moved: drift',
    { ...STATE, resourceGroupManaged: true },
    { ...CLOUD, resourceGroupId: 'rg-b' },
    true,
    { resourceGroupId: 'rg-b' },
  ],
  [
    'the cloud gives a CreationTime: kept',
    STATE,
    { ...CLOUD, resourceGroupId: 'rg-a', creationTime: '2026-02-02T02:02Z' },
    false,
    { creationTime: '2026-02-02T02:02Z' },
  ],
];

describe('drift: refresh as a pure function', () => {
  withoutNetwork();
  for (const [situation, state, cloud, drifted, expected] of ROWS) {
    it(situation, () => {
      const result = reconcile(state, cloud, ecsFields(cloud));
      assert.equal(result.drifted, drifted);
      for (const [field, value] of Object.entries(expected)) assert.deepEqual(result.state[field as keyof KeyPairState], value, field);
      assert.equal(Object.values(result.state).includes(undefined), false, 'no undefined in outputs');
    });
  }
});
