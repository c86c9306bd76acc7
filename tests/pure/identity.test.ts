/** identity.ts, roleCredentials.ts, detach.ts, hostSdk.ts: the rules of accounts, roles and waiting, without a network. */
import { strict as assert } from 'assert';
import { assumeRoleProblems, IdentityConfigError, stackIdentityFromConfig } from '../../provider/identity';
import { deleteWhenReleased } from '../../provider/detach';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { hostSdkVersion, hostSdkWarning, isOlder, LOWEST_FULL_HOST_SDK } from '../../provider/hostSdk';
import { ApiError, CredentialsError, RoleCredentials } from '../../provider/alibaba';
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

describe('assumed-role credentials (pure)', () => {
  withoutNetwork();

  it('are reused until shortly before they expire, then renewed; calls together share one request', async () => {
    let now = 1_000_000;
    let fetched = 0;
    const cache = new RoleCredentials({
      describe: `role ${ROLE}`,
      clock: () => now,
      fetch: async () => {
        fetched += 1;
        return { accessKeyId: `STS.${fetched}`, accessKeySecret: 's', securityToken: 't', expiresAt: now + 3_600_000 };
      },
    });
    const [a, b] = await Promise.all([cache.get(), cache.get()]);
    assert.equal(fetched, 1);
    assert.equal(a.accessKeyId, 'STS.1');
    assert.equal(b.accessKeyId, 'STS.1');
    now += 3_600_000 - 5 * 60_000 - 1;
    assert.equal((await cache.get()).accessKeyId, 'STS.1', 'still more than 5 minutes left');
    now += 2;
    assert.equal((await cache.get()).accessKeyId, 'STS.2', 'renewed 5 minutes before expiry');
  });

  it("STS's refusal becomes a message naming the role, the code and the fix", async () => {
    const cache = new RoleCredentials({
      describe: `role ${ROLE}`,
      fetch: async () => {
        throw new ApiError({ action: 'AssumeRole', code: 'EntityNotExist.Role', httpStatus: 404, message: 'The role not exists.' });
      },
    });
    await assert.rejects(cache.get(), (error: Error) => {
      assert.ok(error instanceof CredentialsError);
      assert.equal(
        error.message,
        `assuming role ${ROLE} failed: EntityNotExist.Role: The role not exists. To fix: the role (or OIDC provider) does not exist: check the ARN and the account id in it`,
      );
      return true;
    });
  });
});

describe('delete waits for detachment (pure)', () => {
  withoutNetwork();
  const bound = new ApiError({
    action: 'DeleteKeyPairs',
    code: 'InvalidParameter.KeypairAlreadyAttachedInstance',
    httpStatus: 400,
    message: '',
  });

  it('retries with growing waits until the key pair is released, telling each wait', async () => {
    let now = 0;
    const waits: number[] = [];
    const told: Array<[number, number]> = [];
    let attempts = 0;
    await deleteWhenReleased(
      async () => {
        attempts += 1;
        if (now < 20_000) throw bound;
      },
      (error) => error === bound,
      {
        timeoutMs: 600_000,
        clock: () => now,
        sleep: async (ms) => {
          waits.push(ms);
          now += ms;
        },
        onWait: (waited, timeout) => told.push([waited, timeout]),
      },
    );
    assert.deepEqual(waits, [1000, 2000, 4000, 8000, 15000]);
    assert.equal(attempts, 6);
    assert.deepEqual(told[0], [0, 600_000]);
  });

  it('gives up with the last error at the timeout, never waiting past it; other errors are not waited on', async () => {
    let now = 0;
    const waits: number[] = [];
    const options = {
      timeoutMs: 5_000,
      clock: () => now,
      sleep: async (ms: number) => {
        waits.push(ms);
        now += ms;
      },
      onWait: () => undefined,
    };
    await assert.rejects(
      deleteWhenReleased(
        async () => {
          throw bound;
        },
        (error) => error === bound,
        options,
      ),
      (error) => error === bound,
    );
    assert.deepEqual(waits, [1000, 2000, 2000]);
    const other = new Error('other');
    await assert.rejects(
      deleteWhenReleased(
        async () => {
          throw other;
        },
        (error) => error === bound,
        options,
      ),
      (error) => error === other,
    );
  });
});

describe('host SDK version (pure)', () => {
  it('warns for a host older than 3.216.0 (no ReadResult.inputs), not for newer ones', () => {
    assert.equal(isOlder('3.215.9', '3.216.0'), true);
    assert.equal(isOlder('3.216.0', '3.216.0'), false);
    assert.equal(isOlder('3.248.0', '3.216.0'), false);
    assert.equal(isOlder('2.99.0', '3.216.0'), true);
    assert.match(hostSdkWarning('3.200.0') ?? '', /this program's @pulumi\/pulumi is 3\.200\.0; 3\.216\.0 or later is needed/);
    assert.equal(hostSdkWarning('3.248.0'), undefined);
    assert.equal(hostSdkWarning(undefined), undefined);
  });

  it("@pulumi/pulumi is a peer dependency from that same version (the program's copy runs the host)", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
    assert.equal(manifest.peerDependencies['@pulumi/pulumi'], `>=${LOWEST_FULL_HOST_SDK}`);
    assert.equal(manifest.dependencies['@pulumi/pulumi'], undefined);
  });

  it('the version is read from the host script the process runs, and only from @pulumi/pulumi', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'host-sdk-'));
    fs.mkdirSync(path.join(dir, 'cmd', 'dynamic-provider'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: '@pulumi/pulumi', version: '3.200.1' }));
    assert.equal(hostSdkVersion(path.join(dir, 'cmd', 'dynamic-provider', 'index.js')), '3.200.1');
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'something-else', version: '1.0.0' }));
    assert.equal(hostSdkVersion(path.join(dir, 'cmd', 'dynamic-provider', 'index.js')), undefined);
    assert.equal(hostSdkVersion('/usr/bin/mocha'), undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
