/**
 * A key pair is only ever changed or deleted in the account where it was made, and only while it is still ours —
 * through the real provider host, against an emulator with three accounts. Every way the identity can change
 * between `up` and `destroy` is tried: no foreign key pair is ever deleted, and ours is never left behind without a
 * message naming both accounts.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KeyPair } from '../../sdk';
import { DEFAULT_ACCOUNT_ID, EmulatorOptions } from '../../emulator';
import { importKeyPair } from '../../emulator/drift';
import { parsePublicKey } from '../../provider/ssh/publicKey';
import { MiniEngine } from '../../tools/engine-standin/engine';
import { ProviderHost } from '../../tools/engine-standin/providerHost';
import { everythingSeen, programOf, startWorld, stopWorld, World } from './helpers';
import { key, TEST_CREDENTIAL } from '../support/fixtures';

const A = DEFAULT_ACCOUNT_ID;
const B = '2000000000000002';
const C = '3000000000000003';
const roleIn = (account: string) => `acs:ram::${account}:role/deployer`;
const oidcIn = (account: string) => ({
  roleArn: `acs:ram::${account}:role/ci`,
  oidcProviderArn: `acs:ram::${account}:oidc-provider/ci`,
  oidcToken: 'eyJhbGciOiJSUzI1NiJ9.ci.token',
});
const KEY_OF: Record<string, { accessKeyId: string; accessKeySecret: string }> = {
  [B]: { accessKeyId: 'account-b-key-id', accessKeySecret: 'account-b-secret-DO-NOT-LEAK' },
  [C]: { accessKeyId: 'account-c-key-id', accessKeySecret: 'account-c-secret-DO-NOT-LEAK' },
};

const accountOptions = (accountId: string) => ({
  accountId,
  credentials: [KEY_OF[accountId]],
  roles: [{ name: 'deployer', trustedAccounts: [A] }, { name: 'ci' }],
  oidcProviders: [{ name: 'ci' }],
});
const THREE_ACCOUNTS: EmulatorOptions = { accounts: [accountOptions(B), accountOptions(C)] };

const OURS = parsePublicKey(key('rsa2048.pub')).md5;
const THEIRS = parsePublicKey(key('rsa4096.pub')).md5;

/** A home with an aliyun CLI config holding a profile per other account. */
function profileHome(): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'accounts-home-'));
  fs.mkdirSync(path.join(home, '.aliyun'));
  const profiles = [B, C].map((account) => ({
    name: `profile-${account.slice(0, 1)}`,
    mode: 'AK',
    access_key_id: KEY_OF[account].accessKeyId,
    access_key_secret: KEY_OF[account].accessKeySecret,
  }));
  fs.writeFileSync(path.join(home, '.aliyun', 'config.json'), JSON.stringify({ current: 'profile-2', profiles }));
  return home;
}

/** Settings of one run: stack config and environment. */
interface Settings {
  config?: Record<string, string>;
  env?: NodeJS.ProcessEnv;
  /** The resource's own assumeRole. */
  ownRole?: string;
}

const NO_ENV_KEYS = { ALIBABA_CLOUD_ACCESS_KEY_ID: '', ALIBABA_CLOUD_ACCESS_KEY_SECRET: '' };

/** The ways the identity in force can change between `up` and `destroy`, and the account each run reaches. */
const CHANGES: Array<{ name: string; before: Settings; after: Settings; from: string; to: string }> = [
  {
    name: 'stack role added',
    before: {},
    after: { config: { 'alicloud:assumeRole': JSON.stringify({ roleArn: roleIn(B) }) } },
    from: A,
    to: B,
  },
  {
    name: 'stack role removed',
    before: { config: { 'alicloud:assumeRole': JSON.stringify({ roleArn: roleIn(B) }) } },
    after: {},
    from: B,
    to: A,
  },
  {
    name: 'stack role changed',
    before: { config: { 'alicloud:assumeRole': JSON.stringify({ roleArn: roleIn(B), externalId: 'ext-1' }) } },
    after: { config: { 'alicloud:assumeRole': JSON.stringify({ roleArn: roleIn(C) }) } },
    from: B,
    to: C,
  },
  {
    name: 'OIDC role changed',
    before: { config: { 'alicloud:assumeRoleWithOidc': JSON.stringify(oidcIn(B)) }, env: NO_ENV_KEYS },
    after: { config: { 'alicloud:assumeRoleWithOidc': JSON.stringify(oidcIn(C)) }, env: NO_ENV_KEYS },
    from: B,
    to: C,
  },
  {
    name: 'profile changed',
    before: { config: { 'alicloud:profile': 'profile-2' }, env: NO_ENV_KEYS },
    after: { config: { 'alicloud:profile': 'profile-3' }, env: NO_ENV_KEYS },
    from: B,
    to: C,
  },
  {
    name: 'environment keys of another account',
    before: {},
    after: { env: { ALIBABA_CLOUD_ACCESS_KEY_ID: KEY_OF[B].accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: KEY_OF[B].accessKeySecret } },
    from: A,
    to: B,
  },
  { name: 'per-resource role changed', before: { ownRole: roleIn(B) }, after: { ownRole: roleIn(C) }, from: B, to: C },
];

describe('accounts are sacred: nothing acts in another account or deletes what is not ours (provider host)', function () {
  this.timeout(120_000);
  let world: World | undefined;
  let home: string;
  const hosts: ProviderHost[] = [];
  beforeEach(() => (home = profileHome()));
  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.stop();
    await stopWorld(world);
    world = undefined;
    fs.rmSync(home, { recursive: true, force: true });
  });

  const baseConfig = { 'alicloud:region': 'cn-hangzhou' };
  const program = (settings: Settings) =>
    programOf(() => [
      new KeyPair('kp', {
        publicKey: key('rsa2048.pub'),
        keyPairName: 'deploy-key',
        ...(settings.ownRole ? { assumeRole: { roleArn: settings.ownRole } } : {}),
      }),
    ]);

  /** Another run of the same stack with other settings: a new host, the state carried over. */
  async function rerun(settings: Settings): Promise<MiniEngine> {
    const host = await ProviderHost.start({ env: { ...world!.env, HOME: home, ...settings.env } });
    hosts.push(host);
    await host.configure({ ...baseConfig, ...settings.config });
    const engine = new MiniEngine(host);
    for (const [urn, resource] of world!.engine.state) engine.state.set(urn, resource);
    return engine;
  }

  /** Every account's key pairs named deploy-key, by account, as fingerprints. */
  function deployKeys(): Record<string, string | undefined> {
    return Object.fromEntries(
      [A, B, C].map((account) => [account, world!.emulator.snapshot(account).find((k) => k.keyPairName === 'deploy-key')?.fingerprint]),
    );
  }

  /** Another key pair of the same name, with another key, made by someone else in `account`. */
  function foreignKeyPairIn(account: string): void {
    importKeyPair(world!.emulator.account(account).store, { keyPairName: 'deploy-key', publicKey: key('rsa4096.pub') });
  }

  for (const change of CHANGES) {
    it(`${change.name}: the preview shows the move of account; destroy deletes no foreign key pair and leaks none of ours silently`, async () => {
      world = await startWorld({
        emulator: THREE_ACCOUNTS,
        env: { HOME: home, ...change.before.env },
        config: { ...baseConfig, ...change.before.config },
      });
      const [created] = await world.engine.up(await program(change.before));
      assert.equal(created.error, undefined);
      assert.equal(deployKeys()[change.from], OURS, `ours was made in account ${change.from}`);
      const [state] = [...world.engine.state.values()];
      assert.equal(state.outputs.accountId, change.from, 'the state records the account');
      for (const account of [A, B, C].filter((a) => a !== change.from)) foreignKeyPairIn(account);

      const after = await rerun(change.after);
      const [planned] = await after.preview(await program(change.after));
      assert.equal(planned.kind, 'replace');
      assert.deepEqual(planned.replaces, ['accountId'], 'the reason is the account');
      assert.deepEqual(
        planned.changedInputs.find((c) => c.property === 'accountId'),
        { property: 'accountId', old: change.from, new: change.to },
      );

      const [destroyed] = await after.destroy();
      const keys = deployKeys();
      for (const account of [A, B, C].filter((a) => a !== change.from)) {
        assert.equal(keys[account], THEIRS, `the foreign key pair in account ${account} is still there`);
      }
      if (keys[change.from] === OURS) {
        // Not deleted: only with a message naming both accounts, and the resource stays in the state.
        assert.match(destroyed.error ?? '', new RegExp(`lives in account ${change.from}, but .*account ${change.to}`));
        assert.match(destroyed.error ?? '', /Nothing was changed.*pulumi state delete/);
        assert.equal(after.state.size, 1);
      } else {
        assert.equal(destroyed.error, undefined);
        assert.equal(keys[change.from], undefined, 'ours was deleted where it lives');
      }
      const seen = everythingSeen(world) + JSON.stringify([...after.state.values()]);
      for (const secret of [TEST_CREDENTIAL.accessKeySecret, KEY_OF[B].accessKeySecret, KEY_OF[C].accessKeySecret, 'ext-1']) {
        assert.equal(seen.includes(secret), false, 'a secret reached the state or the output');
      }
    });
  }

  it("adding a stack role to an existing stack: the replacement refuses the other account's key pair and deletes nothing there", async () => {
    world = await startWorld({ emulator: THREE_ACCOUNTS, env: { HOME: home }, config: baseConfig });
    await world.engine.up(await program({}));
    foreignKeyPairIn(B);
    const after = await rerun({ config: { 'alicloud:assumeRole': JSON.stringify({ roleArn: roleIn(B) }) } });
    const [applied] = await after.up(await program({}));
    assert.match(applied.error ?? '', /key pair "deploy-key" already exists in cn-hangzhou with another key/);
    assert.deepEqual(deployKeys(), { [A]: OURS, [B]: THEIRS, [C]: undefined });
    // Destroy with the role still set acts in account A, where ours lives (the base credentials it was made with).
    const [destroyed] = await after.destroy();
    assert.equal(destroyed.error, undefined);
    assert.deepEqual(deployKeys(), { [A]: undefined, [B]: THEIRS, [C]: undefined });
  });

  it('delete proves ownership: a key pair of our name made again by hand with another key is left alone, with a warning', async () => {
    world = await startWorld({ emulator: THREE_ACCOUNTS, env: { HOME: home }, config: baseConfig });
    await world.engine.up(await program({}));
    world.emulator.store.ecsRegion('cn-hangzhou').delete('deploy-key');
    foreignKeyPairIn(A);
    const [destroyed] = await world.engine.destroy();
    assert.equal(destroyed.error, undefined);
    assert.equal(world.engine.state.size, 0, 'the resource leaves the state');
    assert.equal(deployKeys()[A], THEIRS, 'the other key pair is still there');
    assert.match(
      world.host.stderr,
      /warning: key pair "deploy-key" in cn-hangzhou was not deleted: it holds another key \(fingerprint [0-9a-f]{32}; the state records [0-9a-f]{32}\)/,
    );
    assert.equal(world.emulator.count('DeleteKeyPairs'), 0);
  });

  it("the stack role's secret settings (externalId, policy) never reach the state: only its ARN is recorded", async () => {
    const role = {
      roleArn: roleIn(B),
      externalId: 'external-id-SECRET',
      policy: '{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:*","Resource":"*"}]}',
    };
    world = await startWorld({
      emulator: THREE_ACCOUNTS,
      env: { HOME: home },
      config: { ...baseConfig, 'alicloud:assumeRole': JSON.stringify(role) },
    });
    const [created] = await world.engine.up(await program({}));
    assert.equal(created.error, undefined);
    const [state] = [...world.engine.state.values()];
    assert.equal(state.outputs.__stackRoleArn, roleIn(B));
    assert.equal(state.outputs.accountId, B);
    const stored = JSON.stringify([state.inputs, state.outputs]);
    assert.equal(stored.includes('external-id-SECRET'), false);
    assert.equal(stored.includes('ecs:*'), false);
    // Destroy still assumes the role with the stack's settings (its external id) and deletes in account B.
    const [destroyed] = await world.engine.destroy();
    assert.equal(destroyed.error, undefined);
    assert.equal(deployKeys()[B], undefined);
  });

  it('the same project/stack on another backend does not take the key pair over without adoptExisting', async () => {
    world = await startWorld({ emulator: THREE_ACCOUNTS, env: { HOME: home }, config: baseConfig });
    const onBackend = async (backend: string) => {
      const previous = process.env.PULUMI_BACKEND_URL;
      process.env.PULUMI_BACKEND_URL = backend;
      try {
        return await programOf(() => [new KeyPair('kp', { publicKey: key('rsa2048.pub'), keyPairName: 'deploy-key' })]);
      } finally {
        if (previous === undefined) delete process.env.PULUMI_BACKEND_URL;
        else process.env.PULUMI_BACKEND_URL = previous;
      }
    };
    const [first] = await world.engine.up(await onBackend('file:///backend-one'));
    assert.equal(first.error, undefined);
    const other = new MiniEngine(world.host);
    const [second] = await other.up(await onBackend('file:///backend-two'));
    assert.match(second.error ?? '', /already exists in cn-hangzhou with the same key .* not created by this resource/);
    // The first stack's own interrupted-create recovery still recognises it (same backend: same owner token).
    const again = new MiniEngine(world.host);
    const [recovered] = await again.up(await onBackend('file:///backend-one'));
    assert.equal(recovered.error, undefined);
  });
});
