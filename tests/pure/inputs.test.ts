/** inputs.ts: check, row by row: what it accepts, what it makes of it, which rule a failure names. */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { checkInputs } from '../../provider/inputs';
import { OWNER_TAG, ownerToken } from '../../provider/ownership';
import { UNKNOWN } from '../../provider/unknown';
import { withoutNetwork } from './noNetwork';
import type { Service } from '../../provider/serviceFacts';

const key = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'keys', name), 'utf8');
const SEED = { resourceName: 'web', scope: 'proj/dev' };
const ECS = { service: 'ecs' as const, defaultRegion: 'cn-hangzhou' };
const ENS = { service: 'ens' as const };

describe('check', () => {
  withoutNetwork();

  const FAILURES: Array<[string, Service, Record<string, unknown>, RegExp]> = [
    ['no public key', 'ecs', {}, /^publicKey is required/],
    ['an Ed25519 key for ECS', 'ecs', { publicKey: key('ed25519.pub') }, /^publicKey: ECS accepts RSA, DSA and ECDSA keys/],
    ['an ECDSA key for ENS', 'ens', { publicKey: key('ecdsa256.pub') }, /^publicKey: ENS accepts RSA keys only/],
    ['a name starting with a digit', 'ecs', { publicKey: key('rsa2048.pub'), keyPairName: '1abc' }, /^keyPairName /],
    ['a reserved tag key', 'ecs', { publicKey: key('rsa2048.pub'), tags: { 'acs:x': 'y' } }, /must not start with "aliyun" or "acs:"/],
    [
      'the owner tag as a user tag',
      'ecs',
      { publicKey: key('rsa2048.pub'), tags: { [OWNER_TAG]: 'x' } },
      /is reserved: pulumi-alicloud-keypair marks/,
    ],
    ['a region for ENS', 'ens', { publicKey: key('rsa2048.pub'), region: 'cn-hangzhou' }, /^region is not supported for ENS key pairs/],
    [
      'adoptExisting that is not a boolean',
      'ecs',
      { publicKey: key('rsa2048.pub'), adoptExisting: 'yes' },
      /^adoptExisting must be true or false/,
    ],
  ];
  for (const [label, service, news, reason] of FAILURES) {
    it(`refuses ${label}`, () => {
      const { failures } = checkInputs({}, { __autoName: SEED, ...news }, service === 'ecs' ? ECS : ENS);
      assert.ok(
        failures.some((f) => reason.test(f.reason)),
        JSON.stringify(failures),
      );
    });
  }

  it('tags nested 10,000 levels deep: one failure naming the rule, no RangeError', () => {
    let deep: Record<string, unknown> = { leaf: 'x' };
    for (let i = 0; i < 10_000; i++) deep = { nested: deep };
    const { failures } = checkInputs({}, { publicKey: key('rsa2048.pub'), tags: deep }, ECS);
    assert.deepEqual(failures, [
      {
        property: '',
        rule: 'nesting',
        reason: 'tags are nested more than 32 levels deep; tags must be a flat object of string keys to string values',
      },
    ]);
  });

  it('canonicalizes the key, adds its fingerprint, region, generated name and owner token', () => {
    const { inputs, failures } = checkInputs({}, { __autoName: SEED, publicKey: `  ${key('rsa2048.pub')}\n` }, ECS);
    assert.deepEqual(failures, []);
    assert.match(inputs.publicKey, /^ssh-rsa [A-Za-z0-9+/=]+$/);
    assert.equal(inputs.fingerprint, 'bed4d87e19635b2f66506f5ff61cbcf8');
    assert.equal(inputs.region, 'cn-hangzhou');
    assert.match(inputs.keyPairName, /^web-[0-9a-f]{8}$/);
    assert.equal(inputs.autoNamed, true);
    assert.equal(inputs.owner, ownerToken(SEED));
  });

  it('ENS keeps no owner token (ENS has no tags)', () => {
    const { inputs } = checkInputs({}, { __autoName: SEED, publicKey: key('rsa2048.pub') }, ENS);
    assert.equal(inputs.owner, undefined);
  });

  it('keeps the generated name while the key and region stay', () => {
    const first = checkInputs({}, { __autoName: SEED, publicKey: key('rsa2048.pub') }, ECS).inputs;
    const again = checkInputs(first as never, { __autoName: { ...SEED, scope: 'changed' }, publicKey: key('rsa2048.pem') }, ECS).inputs;
    assert.equal(again.keyPairName, first.keyPairName);
  });

  it('accepts unknowns during preview', () => {
    const { inputs, failures } = checkInputs({}, { __autoName: SEED, publicKey: UNKNOWN, tags: { a: UNKNOWN } }, ECS);
    assert.deepEqual(failures, []);
    assert.equal(inputs.fingerprint, UNKNOWN);
    assert.equal(inputs.keyPairName, UNKNOWN);
  });

  it("the inputs keep only the resource's own account selection: the stack's role (its secret parts) never enters them", () => {
    const own = { roleArn: 'acs:ram::3000000000000003:role/other', externalId: 'x' };
    const base = { __autoName: SEED, publicKey: key('rsa2048.pub') };
    assert.equal(checkInputs({}, base, ECS).inputs.assumeRole, undefined);
    assert.deepEqual(checkInputs({}, { ...base, assumeRole: own }, ECS).inputs.assumeRole, own);
    const profiled = checkInputs({}, { ...base, profile: 'prod' }, ECS).inputs;
    assert.equal(profiled.assumeRole, undefined);
    assert.equal(profiled.profile, 'prod');
  });

  it('assumeRole and profile not yet known during preview (from another resource) are accepted, not judged', () => {
    const base = { __autoName: SEED, publicKey: key('rsa2048.pub') };
    for (const news of [{ assumeRole: UNKNOWN }, { assumeRole: { roleArn: UNKNOWN, sessionName: UNKNOWN } }, { profile: UNKNOWN }]) {
      assert.deepEqual(checkInputs({}, { ...base, ...news }, ECS).failures, [], JSON.stringify(news));
    }
    assert.match(
      checkInputs({}, { ...base, assumeRole: { roleArn: UNKNOWN, sessionExpiration: 1 } }, ECS).failures[0].reason,
      /sessionExpiration must be/,
    );
  });
});
