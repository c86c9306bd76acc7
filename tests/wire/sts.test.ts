/**
 * The emulator's STS and accounts on the wire: the official V1 client (`@alicloud/pop-core`) assumes a role and acts
 * in the role's account with what it got; our own StsApi meets every documented refusal; the control API binds key
 * pairs to instances.
 */
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports */
import { strict as assert } from 'assert';
import { Emulator } from '../../emulator';
import { startEmulator } from '../support/emulatorUnderTest';
import { ApiError, RpcClient, StsApi } from '../../provider/alibaba';

const { RPCClient } = require('@alicloud/pop-core');

const BASE = { accessKeyId: 'sts-test-id', accessKeySecret: 'sts-test-secret' };
const OTHER = { accessKeyId: 'other-account-id', accessKeySecret: 'other-account-secret' };
const BASE_ACCOUNT = '1000000000000001';
const TARGET = '2000000000000002';

function pop(url: string, apiVersion: string, credential: { accessKeyId: string; accessKeySecret: string; securityToken?: string }): any {
  return new RPCClient({ ...credential, endpoint: url.replace(/\/$/, ''), apiVersion, opts: { timeout: 5_000 } });
}

function sts(url: string, credential?: { accessKeyId: string; accessKeySecret: string }, signatureVersion: 'v1' | 'v3' = 'v3'): StsApi {
  return new StsApi(
    new RpcClient({
      endpoint: new URL(url),
      version: '2015-04-01',
      credentials: credential ? async () => ({ ...credential, source: 'test' }) : undefined,
      signatureVersion,
      deadlineMs: 5_000,
    }),
  );
}

async function refusal(promise: Promise<unknown>): Promise<[number, string, string]> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ApiError, String(error));
    return [error.httpStatus, error.code, error.serverMessage];
  }
  assert.fail('the call succeeded');
}

describe('emulator: STS and accounts on the wire', () => {
  let emulator: Emulator;
  before(async () => {
    emulator = await startEmulator({
      credentials: [BASE],
      roles: [{ name: 'local-admin' }],
      accounts: [
        {
          accountId: TARGET,
          credentials: [OTHER],
          roles: [
            { name: 'deployer', trustedAccounts: [BASE_ACCOUNT], maxSessionDurationSeconds: 7200 },
            { name: 'guarded', trustedAccounts: [BASE_ACCOUNT], externalId: 'abc-123' },
            { name: 'private' },
          ],
          oidcProviders: [{ name: 'github', tokens: ['good-token'] }],
        },
      ],
    });
  });
  after(() => emulator.close());
  beforeEach(() => {
    for (const account of emulator.accounts.all()) account.store.clear();
  });

  it('the official V1 client assumes a role and acts in its account; GetCallerIdentity says who it is', async () => {
    const assumed = await pop(emulator.url, '2015-04-01', BASE).request(
      'AssumeRole',
      { RoleArn: `acs:ram::${TARGET}:role/deployer`, RoleSessionName: 'wire-test', DurationSeconds: 1800 },
      { method: 'POST' },
    );
    const c = assumed.Credentials;
    assert.match(c.AccessKeyId, /^STS\./);
    assert.match(c.Expiration, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.ok(Math.abs(Date.parse(c.Expiration) - Date.now() - 1_800_000) < 5_000, 'expires after DurationSeconds');
    assert.equal(assumed.AssumedRoleUser.Arn, `acs:ram::${TARGET}:assumed-role/deployer/wire-test`);
    assert.match(assumed.AssumedRoleUser.AssumedRoleId, /^\d{19}:wire-test$/);

    const asRole = { accessKeyId: c.AccessKeyId, accessKeySecret: c.AccessKeySecret, securityToken: c.SecurityToken };
    const me = await pop(emulator.url, '2015-04-01', asRole).request('GetCallerIdentity', {}, { method: 'POST' });
    assert.equal(me.AccountId, TARGET);
    assert.equal(me.IdentityType, 'AssumedRoleUser');
    assert.equal(me.Arn, `acs:ram::${TARGET}:assumed-role/deployer/wire-test`);

    await pop(emulator.url, '2014-05-26', asRole).request(
      'ImportKeyPair',
      {
        RegionId: 'cn-hangzhou',
        KeyPairName: 'from-role',
        PublicKeyBody: require('fs').readFileSync('tests/fixtures/keys/rsa2048.pub', 'utf8'),
      },
      { method: 'POST' },
    );
    assert.deepEqual(
      emulator.snapshot(TARGET).map((k) => k.keyPairName),
      ['from-role'],
    );
    assert.deepEqual(emulator.snapshot(), [], 'nothing in the caller’s own account');

    const root = await pop(emulator.url, '2015-04-01', BASE).request('GetCallerIdentity', {}, { method: 'POST' });
    assert.deepEqual([root.AccountId, root.Arn, root.IdentityType], [BASE_ACCOUNT, `acs:ram::${BASE_ACCOUNT}:root`, 'Account']);
  });

  it('every refusal with its documented status, code and message', async () => {
    const api = sts(emulator.url, BASE);
    const cases: Array<[string, () => Promise<unknown>, [number, string, string]]> = [
      [
        'a role that does not trust the caller',
        () => api.assumeRole({ roleArn: `acs:ram::${TARGET}:role/private`, roleSessionName: 's1' }),
        [403, 'NoPermission', 'You are not authorized to do this action. You should be authorized by RAM.'],
      ],
      [
        'no such role',
        () => api.assumeRole({ roleArn: `acs:ram::${TARGET}:role/nobody`, roleSessionName: 's1' }),
        [404, 'EntityNotExist.Role', `The role not exists: acs:ram::${TARGET}:role/nobody.`],
      ],
      [
        'a malformed ARN',
        () => api.assumeRole({ roleArn: 'arn:aws:iam::1:role/x', roleSessionName: 's1' }),
        [400, 'InvalidParameter.RoleArn', 'The parameter RoleArn is invalid: it must look like acs:ram::<account-id>:role/<role-name>.'],
      ],
      [
        'a session longer than the role allows',
        () => api.assumeRole({ roleArn: `acs:ram::${TARGET}:role/deployer`, roleSessionName: 's1', durationSeconds: 7201 }),
        [400, 'InvalidParameter.DurationSeconds', "The parameter DurationSeconds is invalid: from 900 to the role's maximum of 7200."],
      ],
      [
        'a wrong external id',
        () => api.assumeRole({ roleArn: `acs:ram::${TARGET}:role/guarded`, roleSessionName: 's1', externalId: 'wrong' }),
        [403, 'NoPermission', 'You are not authorized to do this action. You should be authorized by RAM.'],
      ],
      [
        'a bad session name',
        () => api.assumeRole({ roleArn: `acs:ram::${TARGET}:role/deployer`, roleSessionName: 'has space' }),
        [400, 'InvalidParameter.RoleSessionName', 'The parameter RoleSessionName is invalid: 2 to 64 letters, digits and . @ - _.'],
      ],
      [
        'a policy that is not JSON',
        () => api.assumeRole({ roleArn: `acs:ram::${TARGET}:role/deployer`, roleSessionName: 's1', policy: 'allow all' }),
        [400, 'InvalidParameter.Policy', 'The parameter Policy is invalid: a JSON policy document of at most 2048 characters.'],
      ],
      [
        'an OIDC token the provider does not accept (unsigned call)',
        () =>
          sts(emulator.url).assumeRoleWithOidc({
            roleArn: `acs:ram::${TARGET}:role/deployer`,
            oidcProviderArn: `acs:ram::${TARGET}:oidc-provider/github`,
            oidcToken: 'bad-token',
            roleSessionName: 's1',
          }),
        [400, 'AuthenticationFail.OIDCToken.Invalid', 'The OIDC token is invalid.'],
      ],
      [
        'an OIDC provider of another account',
        () =>
          sts(emulator.url).assumeRoleWithOidc({
            roleArn: `acs:ram::${TARGET}:role/deployer`,
            oidcProviderArn: `acs:ram::${BASE_ACCOUNT}:oidc-provider/github`,
            oidcToken: 'good-token',
            roleSessionName: 's1',
          }),
        [404, 'EntityNotExist.OIDCProvider', `The OIDC provider not exists: acs:ram::${BASE_ACCOUNT}:oidc-provider/github.`],
      ],
    ];
    for (const [label, call, expected] of cases) assert.deepEqual(await refusal(call()), expected, label);
  });

  it('the right external id, an own-account role, and OIDC (V1 and V3) all give working credentials', async () => {
    const guarded = await sts(emulator.url, BASE, 'v1').assumeRole({
      roleArn: `acs:ram::${TARGET}:role/guarded`,
      roleSessionName: 'ext',
      externalId: 'abc-123',
    });
    const own = await sts(emulator.url, BASE).assumeRole({ roleArn: `acs:ram::${BASE_ACCOUNT}:role/local-admin`, roleSessionName: 'own' });
    const oidc = await sts(emulator.url).assumeRoleWithOidc({
      roleArn: `acs:ram::${TARGET}:role/deployer`,
      oidcProviderArn: `acs:ram::${TARGET}:oidc-provider/github`,
      oidcToken: 'good-token',
      roleSessionName: 'ci',
    });
    for (const [issued, account] of [
      [guarded, TARGET],
      [own, BASE_ACCOUNT],
      [oidc, TARGET],
    ] as const) {
      const me = await sts(emulator.url, issued as never).getCallerIdentity();
      assert.equal(me.accountId, account);
    }
  });

  it('an expired STS key is refused with InvalidSecurityToken.Expired', async () => {
    const issued = await sts(emulator.url, BASE).assumeRole({ roleArn: `acs:ram::${TARGET}:role/deployer`, roleSessionName: 'old' });
    const session = emulator.accounts.credentials().find((c) => c.accessKeyId === issued.accessKeyId)!;
    session.expiresAt = Date.now() - 1;
    assert.deepEqual(await refusal(sts(emulator.url, issued as never).getCallerIdentity()), [
      400,
      'InvalidSecurityToken.Expired',
      'Specified SecurityToken is expired.',
    ]);
  });

  it('the control API binds a key pair to instances and releases it after the delay; bad requests are named', async () => {
    await pop(emulator.url, '2014-05-26', BASE).request(
      'ImportKeyPair',
      {
        RegionId: 'cn-hangzhou',
        KeyPairName: 'bound',
        PublicKeyBody: require('fs').readFileSync('tests/fixtures/keys/rsa2048.pub', 'utf8'),
      },
      { method: 'POST' },
    );
    const post = (body: unknown) =>
      fetch(`${emulator.url}/__emulator/attach`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const attached = await post({ region: 'cn-hangzhou', keyPairName: 'bound', instanceIds: ['i-1', 'i-2'], releaseAfterMs: 300 });
    assert.equal(attached.status, 200);
    assert.deepEqual(emulator.snapshot()[0].attachedInstances, ['i-1', 'i-2']);
    const error = await pop(emulator.url, '2014-05-26', BASE)
      .request('DeleteKeyPairs', { RegionId: 'cn-hangzhou', KeyPairNames: '["bound"]' }, { method: 'POST' })
      .catch((e: any) => e);
    assert.equal(error.code, 'InvalidParameter.KeypairAlreadyAttachedInstance');
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.deepEqual(emulator.snapshot()[0].attachedInstances, [], 'released after the delay');

    const missing = await post({ region: 'cn-hangzhou', keyPairName: 'nope' });
    assert.equal(missing.status, 400);
    assert.deepEqual(await missing.json(), { error: 'attach: no such ECS key pair: give region and keyPairName of one it holds' });
    const accountList = await fetch(`${emulator.url}/__emulator/keypairs?account=${TARGET}`);
    assert.deepEqual(await accountList.json(), []);
  });

  it("--state keeps every account's key pairs across a restart, with or without the same accounts set up", async () => {
    const fsm = await import('fs');
    const os = await import('os');
    const path = await import('path');
    const dir = fsm.mkdtempSync(path.join(os.tmpdir(), 'emulator-accounts-state-'));
    const stateFile = path.join(dir, 'state.json');
    const options = {
      credentials: [BASE],
      accounts: [{ accountId: TARGET, roles: [{ name: 'deployer', trustedAccounts: [BASE_ACCOUNT] }] }],
      stateFile,
    };
    const first = await startEmulator(options);
    try {
      const issued = await sts(first.url, BASE).assumeRole({ roleArn: `acs:ram::${TARGET}:role/deployer`, roleSessionName: 'state' });
      const body = fsm.readFileSync('tests/fixtures/keys/rsa2048.pub', 'utf8');
      await pop(first.url, '2014-05-26', issued).request(
        'ImportKeyPair',
        { RegionId: 'cn-hangzhou', KeyPairName: 'kept', PublicKeyBody: body },
        { method: 'POST' },
      );
      await pop(first.url, '2014-05-26', BASE).request(
        'ImportKeyPair',
        { RegionId: 'cn-hangzhou', KeyPairName: 'home', PublicKeyBody: body },
        { method: 'POST' },
      );
    } finally {
      await first.close();
    }
    for (const restartOptions of [options, { credentials: [BASE], stateFile }]) {
      const again = await startEmulator(restartOptions);
      try {
        assert.deepEqual(
          again.snapshot(TARGET).map((k) => k.keyPairName),
          ['kept'],
        );
        assert.deepEqual(
          again.snapshot().map((k) => k.keyPairName),
          ['home'],
        );
      } finally {
        await again.close();
      }
    }
    fsm.rmSync(dir, { recursive: true, force: true });
  });

  it('an account without access keys of its own is reached only through roles; an unknown key is InvalidAccessKeyId.NotFound', async () => {
    assert.deepEqual(await refusal(sts(emulator.url, { accessKeyId: 'nobody', accessKeySecret: 'x' }).getCallerIdentity()), [
      404,
      'InvalidAccessKeyId.NotFound',
      'Specified access key is not found.',
    ]);
    const me = await sts(emulator.url, OTHER).getCallerIdentity();
    assert.equal(me.accountId, TARGET);
  });
});
