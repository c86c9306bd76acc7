/**
 * accounts.ts against the emulator's STS: the one home of "which account" — credentials and account ids of each
 * identity, one STS question per identity per run, a role's account from its ARN, failures not remembered.
 */
import { strict as assert } from 'assert';
import { Accounts } from '../../provider/accounts';
import { Transport } from '../../provider/alibaba';
import { DEFAULT_ACCOUNT_ID, Emulator } from '../../emulator';
import { startEmulator } from '../support/emulatorUnderTest';

const KEY = { accessKeyId: 'accounts-test-id', accessKeySecret: 'accounts-test-secret' };
const TARGET = '2000000000000002';
const ROLE = `acs:ram::${TARGET}:role/deployer`;

describe('accounts: identities resolved against the emulator', () => {
  let emulator: Emulator;
  const transport = new Transport();
  before(async () => {
    emulator = await startEmulator({
      credentials: [KEY],
      accounts: [{ accountId: TARGET, roles: [{ name: 'deployer', trustedAccounts: [DEFAULT_ACCOUNT_ID] }] }],
    });
  });
  after(async () => {
    transport.close();
    await emulator.close();
  });
  beforeEach(() => (emulator.requests.length = 0));

  const accounts = (secretKey = KEY.accessKeySecret) =>
    new Accounts(
      { credentials: { accessKey: KEY.accessKeyId, secretKey }, identity: { stsEndpoint: emulator.url }, deadlineMs: 5_000 },
      transport,
    );

  it('the base credentials: GetCallerIdentity once, however often asked', async () => {
    const resolver = accounts();
    assert.equal(await resolver.accountId({ kind: 'base' }), DEFAULT_ACCOUNT_ID);
    assert.equal(
      await accounts().accountId({ kind: 'base' }),
      DEFAULT_ACCOUNT_ID,
      'another resolver under the same settings shares the cache',
    );
    assert.equal(emulator.count('GetCallerIdentity'), 1);
  });

  it('a role: its account from its ARN (no STS call), and its credentials act in that account', async () => {
    const resolver = accounts();
    assert.equal(await resolver.accountId({ kind: 'stackRole', roleArn: ROLE }), TARGET);
    assert.equal(emulator.count(), 0);
    const credentials = await resolver.credentials({ kind: 'own', assumeRole: { roleArn: ROLE } })();
    assert.match(credentials.accessKeyId, /^STS\./);
    assert.equal(credentials.source, `role ${ROLE}`);
    assert.equal(emulator.count('AssumeRole'), 1);
  });

  it('a failure is not remembered: the next question asks again', async () => {
    const resolver = accounts('not-the-secret');
    await assert.rejects(resolver.accountId({ kind: 'base' }), /SignatureDoesNotMatch/);
    await assert.rejects(resolver.accountId({ kind: 'base' }), /SignatureDoesNotMatch/);
    assert.equal(emulator.count('GetCallerIdentity'), 2);
  });
});
