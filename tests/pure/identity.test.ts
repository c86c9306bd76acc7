/** identity.ts: which account and identity the stack's settings select, and what they refuse, without a network. */
import { strict as assert } from 'assert';
import { assumeRoleProblems, IdentityConfigError, stackIdentityFromConfig } from '../../provider/identity';
import { withoutNetwork } from './noNetwork';

const ROLE = 'acs:ram::1234567890123456:role/deployer';
const config = (values: Record<string, unknown>) => (key: string) => values[key];

describe('identity settings (pure)', () => {
  withoutNetwork();

  it('alicloud:assumeRole as Pulumi hands it over (JSON text, numbers as text) is honoured', () => {
    const identity = stackIdentityFromConfig(
      config({ 'alicloud:assumeRole': JSON.stringify({ roleArn: ROLE, sessionName: 'ci', sessionExpiration: '1800' }) }),
      {},
    );
    assert.deepEqual(identity.assumeRole, { roleArn: ROLE, sessionName: 'ci', sessionExpiration: 1800 });
  });

  it("the alicloud provider's environment variables are honoured when the config says nothing", () => {
    const identity = stackIdentityFromConfig(config({}), {
      ALICLOUD_ASSUME_ROLE_ARN: ROLE,
      ALICLOUD_ASSUME_ROLE_SESSION_NAME: 'from-env',
      ALICLOUD_SHARED_CREDENTIALS_FILE: '/etc/aliyun.json',
      ALICLOUD_ECS_ROLE_NAME: 'worker',
    });
    assert.deepEqual(identity, {
      assumeRole: { roleArn: ROLE, sessionName: 'from-env' },
      sharedCredentialsFile: '/etc/aliyun.json',
      ecsRoleName: 'worker',
    });
  });

  const REFUSED: Array<[string, Record<string, unknown>, RegExp]> = [
    [
      'credentialsUri',
      { 'alicloud:credentialsUri': 'http://x' },
      /^alicloud:credentialsUri is set, but pulumi-alicloud-keypair does not support it/,
    ],
    ['endpoints naming ECS', { 'alicloud:endpoints': [{ ecs: 'ecs.example.com' }] }, /^alicloud:endpoints is set/],
    ['ecsEndpoint', { 'alicloud:ecsEndpoint': 'ecs.example.com' }, /^alicloud:ecsEndpoint is set.*ALIBABA_CLOUD_ENDPOINT_ECS/],
    ['accountType International', { 'alicloud:accountType': 'International' }, /^alicloud:accountType is set/],
    ['protocol HTTP', { 'alicloud:protocol': 'HTTP' }, /^alicloud:protocol is set.*always use HTTPS/],
    ['assumeRole not an object', { 'alicloud:assumeRole': 'acs:ram::1:role/x' }, /^alicloud:assumeRole must be an object/],
    [
      'assumeRole with a misspelt field',
      { 'alicloud:assumeRole': { roleArn: ROLE, sesionName: 'x' } },
      /^alicloud:assumeRole\.sesionName is not a setting of alicloud:assumeRole; use roleArn, sessionName, sessionExpiration, policy, externalId$/,
    ],
    ['assumeRole without roleArn', { 'alicloud:assumeRole': { sessionName: 'ci' } }, /^alicloud:assumeRole\.roleArn is required$/],
    [
      'both roles',
      {
        'alicloud:assumeRole': { roleArn: ROLE },
        'alicloud:assumeRoleWithOidc': { roleArn: ROLE, oidcProviderArn: 'acs:ram::1:oidc-provider/ci', oidcToken: 't' },
      },
      /^alicloud:assumeRole and alicloud:assumeRoleWithOidc are both set; set one$/,
    ],
    [
      'OIDC with neither token nor file',
      { 'alicloud:assumeRoleWithOidc': { roleArn: ROLE, oidcProviderArn: 'acs:ram::1:oidc-provider/ci' } },
      /needs exactly one of oidcToken and oidcTokenFile$/,
    ],
    ['a profile name with a slash', { 'alicloud:profile': '../prod' }, /^alicloud:profile must be an aliyun CLI profile name/],
  ];
  for (const [label, values, message] of REFUSED) {
    it(`refused, naming the key: ${label}`, () =>
      assert.throws(
        () => stackIdentityFromConfig(config(values), {}),
        (error: Error) => error instanceof IdentityConfigError && message.test(error.message),
      ));
  }

  it('settings that do not change the account are left alone (accountType Domestic, protocol HTTPS, endpoints of other services)', () => {
    assert.deepEqual(
      stackIdentityFromConfig(
        config({ 'alicloud:accountType': 'Domestic', 'alicloud:protocol': 'HTTPS', 'alicloud:endpoints': [{ oss: 'oss.example.com' }] }),
        {},
      ),
      {},
    );
  });

  it('an OIDC token is never quoted in a problem', () => {
    const secret = 'eyJ-secret-token-value';
    assert.throws(
      () =>
        stackIdentityFromConfig(
          config({ 'alicloud:assumeRoleWithOidc': { roleArn: 'bad', oidcProviderArn: 'bad', oidcToken: secret } }),
          {},
        ),
      (error: Error) => !error.message.includes(secret) && /roleArn must look like/.test(error.message),
    );
  });

  it('assumeRole input rules: every problem named', () => {
    assert.deepEqual(assumeRoleProblems({ roleArn: ROLE, sessionName: 'a', sessionExpiration: 900.5, policy: '[1]' }, 'assumeRole'), [
      "assumeRole.sessionName must be 2 to 64 letters, digits, '.', '@', '-' or '_'",
      'assumeRole.sessionExpiration must be a whole number of seconds from 900 to 43200',
      'assumeRole.policy must be a JSON policy document (an object) of at most 2048 characters',
    ]);
    assert.deepEqual(assumeRoleProblems({ roleArn: ROLE, policy: '{"Version":"1","Statement":[]}', externalId: 'x' }, 'assumeRole'), []);
  });
});
