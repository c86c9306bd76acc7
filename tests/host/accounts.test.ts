/**
 * Accounts and roles through the real provider host: stack `alicloud:assumeRole` / `alicloud:assumeRoleWithOidc`,
 * a resource's own `assumeRole`, refused settings — against an emulator with two accounts and STS.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EnsKeyPair, KeyPair } from '../../sdk';
import { DEFAULT_ACCOUNT_ID, EmulatorOptions } from '../../emulator';
import { MiniEngine } from '../../tools/engine-standin/engine';
import { ProviderHost } from '../../tools/engine-standin/providerHost';
import { everythingSeen, programOf, startWorld, stopWorld, World } from './helpers';
import { key, TEST_CREDENTIAL } from '../support/fixtures';

const TARGET_ACCOUNT = '2000000000000002';
const DEPLOYER = `acs:ram::${TARGET_ACCOUNT}:role/deployer`;
const LOCKED = `acs:ram::${TARGET_ACCOUNT}:role/locked`;
const OIDC_PROVIDER = `acs:ram::${TARGET_ACCOUNT}:oidc-provider/ci`;
const OIDC_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.ci-token-payload.signature-part';

/** The target account's own access key, kept in an aliyun CLI profile for the `profile` test. */
const TARGET_KEY = { accessKeyId: 'target-account-key-id', accessKeySecret: 'target-account-secret-Hq27-DO-NOT-LEAK' };

const TWO_ACCOUNTS: EmulatorOptions = {
  accounts: [
    {
      accountId: TARGET_ACCOUNT,
      credentials: [TARGET_KEY],
      roles: [
        { name: 'deployer', trustedAccounts: [DEFAULT_ACCOUNT_ID], maxSessionDurationSeconds: 7200 },
        { name: 'locked' },
        { name: 'ci-deployer' },
      ],
      oidcProviders: [{ name: 'ci', tokens: [OIDC_TOKEN] }],
    },
  ],
};

const names = (world: World, account?: string) => world.emulator.snapshot(account).map((k) => k.keyPairName);
const stsCalls = (world: World, action: string) => world.emulator.count(action, '2015-04-01');

function noSecretsSeen(world: World): void {
  const seen = everythingSeen(world);
  assert.equal(seen.includes(TEST_CREDENTIAL.accessKeySecret), false, 'the base access key secret leaked');
  assert.equal(seen.includes(OIDC_TOKEN), false, 'the OIDC token leaked');
  assert.equal(/CAIS[A-Za-z0-9_-]{20}/.test(seen), false, 'an STS security token leaked');
  for (const issued of world.emulator.accounts.credentials()) {
    assert.equal(seen.includes(issued.accessKeySecret), false, 'an issued access key secret leaked');
    if (issued.securityToken) assert.equal(seen.includes(issued.securityToken), false, 'an issued security token leaked');
  }
}

/** A stack whose only identity is alicloud:assumeRoleWithOidc with this token file (no access keys anywhere). */
function oidcWorld(tokenFile: string): Promise<World> {
  return startWorld({
    emulator: TWO_ACCOUNTS,
    env: { ALIBABA_CLOUD_ACCESS_KEY_ID: '', ALIBABA_CLOUD_ACCESS_KEY_SECRET: '' },
    config: {
      'alicloud:region': 'cn-hangzhou',
      'alicloud:assumeRoleWithOidc': JSON.stringify({
        roleArn: `acs:ram::${TARGET_ACCOUNT}:role/ci-deployer`,
        oidcProviderArn: OIDC_PROVIDER,
        oidcTokenFile: tokenFile,
      }),
    },
  });
}

describe('accounts and roles through the real provider host', function () {
  this.timeout(120_000);
  let world: World | undefined;
  afterEach(async () => {
    if (world) noSecretsSeen(world);
    await stopWorld(world);
    world = undefined;
  });

  it("a stack with alicloud:assumeRole puts its key pairs in the role's account and none in the base account", async () => {
    world = await startWorld({
      emulator: TWO_ACCOUNTS,
      config: {
        'alicloud:region': 'cn-hangzhou',
        'alicloud:assumeRole': JSON.stringify({ roleArn: DEPLOYER, sessionName: 'ci-run', sessionExpiration: 3600 }),
      },
    });
    const program = await programOf(() => [
      new KeyPair('a', { publicKey: key('rsa2048.pub'), keyPairName: 'role-a' }),
      new KeyPair('b', { publicKey: key('ecdsa256.pub'), keyPairName: 'role-b' }),
      new EnsKeyPair('e', { publicKey: key('rsa2048.pub'), keyPairName: 'role-e' }),
    ]);
    const results = await world.engine.up(program);
    assert.deepEqual(
      results.map((r) => r.error),
      [undefined, undefined, undefined],
    );
    assert.deepEqual(names(world, TARGET_ACCOUNT), ['role-a', 'role-b', 'role-e']);
    assert.deepEqual(names(world), [], 'nothing in the base account');
    assert.equal(stsCalls(world, 'AssumeRole'), 1, 'the role is assumed once and its credentials reused');

    // Refresh and destroy act in the role's account too.
    const refreshed = await world.engine.refresh();
    assert.deepEqual(
      refreshed.map((r) => r.gone),
      [false, false, false],
    );
    const destroyed = await world.engine.destroy();
    assert.deepEqual(
      destroyed.map((r) => r.error),
      [undefined, undefined, undefined],
    );
    assert.deepEqual(names(world, TARGET_ACCOUNT), []);
  });

  it('the stack role is recorded (its ARN and account): removing alicloud:assumeRole previews a replacement, and destroy still acts in the role account', async () => {
    world = await startWorld({
      emulator: TWO_ACCOUNTS,
      config: { 'alicloud:region': 'cn-hangzhou', 'alicloud:assumeRole': JSON.stringify({ roleArn: DEPLOYER }) },
    });
    const program = await programOf(() => [new KeyPair('a', { publicKey: key('rsa2048.pub'), keyPairName: 'moving' })]);
    await world.engine.up(program);
    assert.deepEqual(names(world, TARGET_ACCOUNT), ['moving']);
    const [state] = [...world.engine.state.values()];
    assert.equal(state.outputs.assumeRole, undefined, "the stack's role settings are not copied into the state");
    assert.equal(state.outputs.__stackRoleArn, DEPLOYER);
    assert.equal(state.outputs.accountId, TARGET_ACCOUNT);

    // The same stack with the role taken out of its config: a new host (configure runs once per host).
    const withoutRole = await ProviderHost.start({ env: world.env });
    await withoutRole.configure({ 'alicloud:region': 'cn-hangzhou' });
    const engine = new MiniEngine(withoutRole);
    for (const [urn, resource] of world.engine.state) engine.state.set(urn, resource);
    try {
      const [step] = await engine.preview(program);
      assert.equal(step.kind, 'replace');
      assert.deepEqual(step.replaces, ['accountId']);
      const [destroyed] = await engine.destroy();
      assert.equal(destroyed.error, undefined);
      assert.deepEqual([...names(world), ...names(world, TARGET_ACCOUNT)], [], 'deleted where it was, in the role account');
    } finally {
      await withoutRole.stop();
    }
    world.engine.state.clear();
  });

  it("a resource's own assumeRole acts in the role's account; the others stay in the stack's", async () => {
    world = await startWorld({ emulator: TWO_ACCOUNTS });
    const program = await programOf(() => [
      new KeyPair('home', { publicKey: key('rsa2048.pub'), keyPairName: 'home-key' }),
      new KeyPair('away', { publicKey: key('rsa2048.pub'), keyPairName: 'away-key', assumeRole: { roleArn: DEPLOYER } }),
    ]);
    const results = await world.engine.up(program);
    assert.deepEqual(
      results.map((r) => r.error),
      [undefined, undefined],
    );
    assert.deepEqual(names(world), ['home-key']);
    assert.deepEqual(names(world, TARGET_ACCOUNT), ['away-key']);
    const away = [...world.engine.state.values()].find((r) => r.outputs.keyPairName === 'away-key')!;
    assert.deepEqual(away.outputs.assumeRole, { roleArn: DEPLOYER }, 'the state records where the key pair is (nothing secret)');

    // A change of session settings is an update of the state only; a change of role replaces the key pair.
    const steps = await world.engine.preview(
      await programOf(() => [
        new KeyPair('home', { publicKey: key('rsa2048.pub'), keyPairName: 'home-key' }),
        new KeyPair('away', {
          publicKey: key('rsa2048.pub'),
          keyPairName: 'away-key',
          assumeRole: { roleArn: DEPLOYER, sessionName: 'renamed' },
        }),
      ]),
    );
    assert.deepEqual(
      steps.map((s) => s.kind),
      ['same', 'update'],
    );
    const moved = await world.engine.preview(
      await programOf(() => [
        new KeyPair('home', { publicKey: key('rsa2048.pub'), keyPairName: 'home-key', assumeRole: { roleArn: DEPLOYER } }),
        new KeyPair('away', { publicKey: key('rsa2048.pub'), keyPairName: 'away-key', assumeRole: { roleArn: DEPLOYER } }),
      ]),
    );
    assert.deepEqual(
      moved.map((s) => s.kind),
      ['replace', 'same'],
    );

    await world.engine.destroy();
    assert.deepEqual([...names(world), ...names(world, TARGET_ACCOUNT)], []);
  });

  it("a resource's own profile takes that aliyun CLI profile's credentials (its account), whatever the environment holds", async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'profile-home-'));
    fs.mkdirSync(path.join(home, '.aliyun'));
    fs.writeFileSync(
      path.join(home, '.aliyun', 'config.json'),
      JSON.stringify({
        current: 'default',
        profiles: [{ name: 'target', mode: 'AK', access_key_id: TARGET_KEY.accessKeyId, access_key_secret: TARGET_KEY.accessKeySecret }],
      }),
    );
    try {
      world = await startWorld({ emulator: TWO_ACCOUNTS, env: { HOME: home } });
      const [home1, other] = await world.engine.up(
        await programOf(() => [
          new KeyPair('env', { publicKey: key('rsa2048.pub'), keyPairName: 'env-key' }),
          new KeyPair('profiled', { publicKey: key('rsa2048.pub'), keyPairName: 'profile-key', profile: 'target' }),
        ]),
      );
      assert.equal(home1.error, undefined);
      assert.equal(other.error, undefined);
      assert.deepEqual(names(world), ['env-key']);
      assert.deepEqual(names(world, TARGET_ACCOUNT), ['profile-key']);
      const [missing] = await world.engine.up(
        await programOf(() => [new KeyPair('nope', { publicKey: key('rsa2048.pub'), keyPairName: 'nope-key', profile: 'absent' })]),
      );
      assert.match(missing.error ?? '', /aliyun CLI profile "absent" .*could not be obtained: the profile named is not in the file/);
      await world.engine.destroy();
      assert.equal(everythingSeen(world).includes(TARGET_KEY.accessKeySecret), false);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('a role the identity may not assume fails with the role, the code and what to do; nothing is created', async () => {
    world = await startWorld({ emulator: TWO_ACCOUNTS });
    const program = await programOf(() => [
      new KeyPair('k', { publicKey: key('rsa2048.pub'), keyPairName: 'locked-key', assumeRole: { roleArn: LOCKED } }),
    ]);
    const [result] = await world.engine.up(program);
    assert.match(result.error ?? '', new RegExp(`assuming role ${LOCKED} failed: NoPermission: `));
    assert.match(result.error ?? '', /add it \(its account\) to the role's trust policy/);
    assert.equal(world.emulator.count('ImportKeyPair'), 0);
    assert.deepEqual([...names(world), ...names(world, TARGET_ACCOUNT)], []);
  });

  it('a malformed assumeRole input fails check naming the field, before any call', async () => {
    world = await startWorld({ emulator: TWO_ACCOUNTS });
    const program = await programOf(() => [
      new KeyPair('k', {
        publicKey: key('rsa2048.pub'),
        assumeRole: { roleArn: 'arn:aws:iam::1:role/x', sessionExpiration: 60, extra: 1 } as never,
      }),
    ]);
    const [result] = await world.engine.up(program);
    assert.match(result.error ?? '', /assumeRole\.extra is not a setting of assumeRole/);
    assert.match(result.error ?? '', /assumeRole\.roleArn must look like acs:ram::<account-id>:role\/<role-name>/);
    assert.match(result.error ?? '', /assumeRole\.sessionExpiration must be a whole number of seconds from 900 to 43200/);
    assert.equal(world.emulator.count(), 0);
  });

  it('alicloud:assumeRoleWithOidc with a token file acts in the role account; the token is never shown', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oidc-'));
    const tokenFile = path.join(dir, 'token');
    fs.writeFileSync(tokenFile, OIDC_TOKEN + '\n');
    world = await oidcWorld(tokenFile);
    const [result] = await world.engine.up(
      await programOf(() => [new KeyPair('k', { publicKey: key('rsa2048.pub'), keyPairName: 'oidc-key' })]),
    );
    assert.equal(result.error, undefined);
    assert.deepEqual(names(world, TARGET_ACCOUNT), ['oidc-key']);
    assert.equal(stsCalls(world, 'AssumeRoleWithOIDC'), 1);

    // A token the provider refuses: the message names the code and the fix, never the token.
    fs.writeFileSync(tokenFile, 'not-the-token-' + OIDC_TOKEN.slice(0, 8));
    await stopWorld(world);
    world = await oidcWorld(tokenFile);
    const [refused] = await world.engine.up(
      await programOf(() => [new KeyPair('k', { publicKey: key('rsa2048.pub'), keyPairName: 'oidc-key' })]),
    );
    assert.match(refused.error ?? '', /AuthenticationFail\.OIDCToken\.Invalid/);
    assert.match(refused.error ?? '', /the OIDC token was refused/);
    assert.equal(refused.error?.includes('not-the-token'), false);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const [setting, value, named] of [
    [
      'alicloud:credentialsUri',
      'http://127.0.0.1:1/credentials',
      /alicloud:credentialsUri is set, but pulumi-alicloud-keypair does not support it/,
    ],
    ['alicloud:endpoints', JSON.stringify([{ ecs: 'ecs.example.com' }]), /alicloud:endpoints is set.*ALIBABA_CLOUD_ENDPOINT_ECS/],
    ['alicloud:assumeRole', JSON.stringify({ roleArn: DEPLOYER, sesionName: 'typo' }), /alicloud:assumeRole\.sesionName is not a setting/],
  ] as const) {
    it(`${setting} that cannot be honoured fails before any call, naming it`, async () => {
      world = await startWorld({ emulator: TWO_ACCOUNTS, config: { 'alicloud:region': 'cn-hangzhou', [setting]: value } });
      // configure fails, so the first call of the host (check) fails with its message, as `pulumi preview` shows it.
      const program = await programOf(() => [new KeyPair('k', { publicKey: key('rsa2048.pub') })]);
      await assert.rejects(world!.engine.up(program), (error: Error) => named.test(error.message));
      assert.equal(world.emulator.count(), 0);
    });
  }
});
