/** accounts.ts: which identity a resource selects or a state records, and how identities are told apart. */
import { strict as assert } from 'assert';
import { accountInArn, describeIdentity, Identity, identityForInputs, identityKey, recordedIdentity } from '../../provider/accounts';
import { withoutNetwork } from './noNetwork';

const ROLE = 'acs:ram::2000000000000002:role/deployer';
const STACK_ROLE = 'acs:ram::3000000000000003:role/stack';

describe('accounts: identities (pure)', () => {
  withoutNetwork();

  const SELECTED: Array<[string, Record<string, unknown>, { assumeRole?: { roleArn: string } } | undefined, Identity]> = [
    ['nothing, no stack role: the base credentials', {}, undefined, { kind: 'base' }],
    ['nothing, a stack role: that role', {}, { assumeRole: { roleArn: STACK_ROLE } }, { kind: 'stackRole', roleArn: STACK_ROLE }],
    [
      'its own role wins',
      { assumeRole: { roleArn: ROLE } },
      { assumeRole: { roleArn: STACK_ROLE } },
      { kind: 'own', assumeRole: { roleArn: ROLE }, profile: undefined },
    ],
    [
      'its own profile wins',
      { profile: 'dev' },
      { assumeRole: { roleArn: STACK_ROLE } },
      { kind: 'own', assumeRole: undefined, profile: 'dev' },
    ],
  ];
  for (const [name, inputs, stack, expected] of SELECTED) {
    it(`identityForInputs: ${name}`, () => assert.deepEqual(identityForInputs(inputs, stack), expected));
  }

  const RECORDED: Array<[string, Record<string, unknown>, Identity]> = [
    ['a state of an earlier version (nothing recorded) means the base credentials, never the stack role now', {}, { kind: 'base' }],
    ['the stack role it was reached through', { stackRoleArn: STACK_ROLE }, { kind: 'stackRole', roleArn: STACK_ROLE }],
    [
      'its own role',
      { assumeRole: { roleArn: ROLE }, stackRoleArn: STACK_ROLE },
      { kind: 'own', assumeRole: { roleArn: ROLE }, profile: undefined },
    ],
  ];
  for (const [name, state, expected] of RECORDED) {
    it(`recordedIdentity: ${name}`, () => assert.deepEqual(recordedIdentity(state), expected));
  }

  it('identityKey: one key per identity, whatever the field order', () => {
    assert.equal(
      identityKey({ kind: 'own', assumeRole: { roleArn: ROLE, sessionName: 's' } }),
      identityKey({ kind: 'own', assumeRole: { sessionName: 's', roleArn: ROLE } }),
    );
    const keys = [
      identityKey({ kind: 'base' }),
      identityKey({ kind: 'stackRole', roleArn: ROLE }),
      identityKey({ kind: 'own', assumeRole: { roleArn: ROLE } }),
      identityKey({ kind: 'own', profile: 'a' }),
      identityKey({ kind: 'own', profile: 'b' }),
    ];
    assert.equal(new Set(keys).size, keys.length);
  });

  it('accountInArn and describeIdentity', () => {
    assert.equal(accountInArn(ROLE), '2000000000000002');
    assert.equal(accountInArn('arn:aws:iam::1:role/x'), undefined);
    assert.equal(describeIdentity({ kind: 'base' }), "the stack's base credentials");
    assert.equal(describeIdentity({ kind: 'stackRole', roleArn: ROLE }), `the stack's role ${ROLE} (alicloud:assumeRole)`);
    assert.equal(
      describeIdentity({ kind: 'own', profile: 'dev', assumeRole: { roleArn: ROLE } }),
      `the resource's own profile "dev" and role ${ROLE}`,
    );
  });
});
