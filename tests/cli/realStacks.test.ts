/**
 * Issue 14 through the real Pulumi CLI: roles from stack config and per resource, refused settings, system tags,
 * delete waiting for detachment, and `KeyPair.get` — what the user runs and reads, against the bundled emulator
 * with two accounts.
 */
import { strict as assert } from 'assert';
import { DEFAULT_ACCOUNT_ID } from '../../emulator';
import { importKeyPair } from '../../emulator/drift';
import { normalizeFingerprint } from '../../provider/ssh/fingerprint';
import fingerprints from '../fixtures/fingerprints.json';
import { key } from '../support/fixtures';
import { CLI_DIR, CliWorld, freshStack, GENERIC_PROGRAM, startCliWorld, stopCliWorld } from './world';

const md5 = (name: keyof typeof fingerprints.keys) => normalizeFingerprint(fingerprints.keys[name].md5);
const RSA = key('rsa2048.pub');
const TARGET = '2000000000000002';
const DEPLOYER = `acs:ram::${TARGET}:role/deployer`;
const OIDC_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.cli-oidc-payload.sig';
const TARGET_KEY = { accessKeyId: 'cli-target-key-id', accessKeySecret: 'cli-target-secret-DO-NOT-LEAK' };
let stackNumber = 0;

if (CLI_DIR) {
  describe('real stacks through the real Pulumi CLI', function () {
    this.timeout(180_000);
    let world: CliWorld;
    before(async () => {
      world = await startCliWorld(
        { 'index.js': GENERIC_PROGRAM },
        {
          accounts: [
            {
              accountId: TARGET,
              credentials: [TARGET_KEY],
              roles: [{ name: 'deployer', trustedAccounts: [DEFAULT_ACCOUNT_ID] }],
              oidcProviders: [{ name: 'ci', tokens: [OIDC_TOKEN] }],
            },
          ],
        },
      );
    });
    after(async () => stopCliWorld(world));
    beforeEach(async () => freshStack(world, `r${++stackNumber}`));

    const names = (account?: string) => world.emulator.snapshot(account).map((k) => k.keyPairName);
    const up = () => world.project.ok(['up', '--yes', '--skip-preview']);
    const destroy = () => world.project.ok(['destroy', '--yes', '--skip-preview']);

    it("alicloud:assumeRole set with `pulumi config set --path` puts the key pairs in the role's account, none in the base account", async () => {
      await world.project.ok(['config', 'set', '--path', 'alicloud:assumeRole.roleArn', DEPLOYER]);
      await world.project.ok(['config', 'set', '--path', 'alicloud:assumeRole.sessionName', 'cli-test']);
      await world.project.ok(['config', 'set', '--path', 'alicloud:assumeRole.sessionExpiration', '1800']);
      world.declare([
        { name: 'a', args: { publicKey: RSA, keyPairName: 'role-a' } },
        { name: 'e', service: 'ens', args: { publicKey: RSA, keyPairName: 'role-e' } },
      ]);
      await up();
      assert.deepEqual(names(TARGET), ['role-a', 'role-e']);
      assert.deepEqual(names(), []);
      await world.project.ok(['preview', '--expect-no-changes']);
      await world.project.ok(['refresh', '--yes', '--skip-preview']);

      // The role taken out of the config: the preview shows the key pairs moving, and destroy still finds them.
      await world.project.ok(['config', 'rm', 'alicloud:assumeRole']);
      const preview = await world.project.ok(['preview', '--diff']);
      assert.match(preview.stdout, /\+-pulumi-nodejs:dynamic\/alicloud-keypair:KeyPair: \(replace\)/);
      // The reason shown is the account: the role's → the base credentials'.
      assert.match(preview.stdout, new RegExp(`~ accountId\\s*: "${TARGET}" => "\\d+"`));
      await destroy();
      assert.deepEqual([...names(), ...names(TARGET)], []);
    });

    /** Someone else's key pair named `name` (another key) in `account`. */
    const foreignKeyPair = (account: string, name: string) =>
      importKeyPair(world.emulator.account(account).store, { keyPairName: name, publicKey: key('rsa4096.pub') });
    const fingerprintsOf = (account?: string) => world.emulator.snapshot(account).map((k) => [k.keyPairName, k.fingerprint]);

    it("adding alicloud:assumeRole to an existing stack: the preview names the account, and nothing of the role's account is deleted", async () => {
      world.declare([{ name: 'a', args: { publicKey: RSA, keyPairName: 'deploy-key' } }]);
      await up();
      foreignKeyPair(TARGET, 'deploy-key');
      await world.project.ok(['config', 'set', '--path', 'alicloud:assumeRole.roleArn', DEPLOYER]);
      const preview = await world.project.ok(['preview', '--diff']);
      assert.match(preview.stdout, new RegExp(`~ accountId\\s*: "${DEFAULT_ACCOUNT_ID}" => "${TARGET}"`));
      const failed = await world.project.run(['up', '--yes', '--skip-preview']);
      assert.notEqual(failed.code, 0);
      assert.match(failed.stdout, /key pair "deploy-key" already exists in cn-hangzhou with another key/);
      assert.deepEqual(fingerprintsOf(TARGET), [['deploy-key', md5('rsa4096')]], "the role account's own key pair is untouched");
      assert.deepEqual(fingerprintsOf(), [['deploy-key', md5('rsa2048')]]);
      await destroy();
      assert.deepEqual(fingerprintsOf(), [], 'destroy deleted ours where it lives, through the base credentials');
      assert.deepEqual(fingerprintsOf(TARGET), [['deploy-key', md5('rsa4096')]]);
      world.emulator.account(TARGET).store.clear();
    });

    it("environment keys of another account: destroy fails before any write, naming both accounts; the other account's key pair stays", async () => {
      world.declare([{ name: 'a', args: { publicKey: RSA, keyPairName: 'deploy-key' } }]);
      await up();
      foreignKeyPair(TARGET, 'deploy-key');
      const otherKeys = {
        ALIBABA_CLOUD_ACCESS_KEY_ID: TARGET_KEY.accessKeyId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: TARGET_KEY.accessKeySecret,
      };
      const preview = await world.project.ok(['preview', '--diff'], { env: otherKeys });
      assert.match(preview.stdout, new RegExp(`~ accountId\\s*: "${DEFAULT_ACCOUNT_ID}" => "${TARGET}"`));
      const deletesBefore = world.emulator.count('DeleteKeyPairs');
      const refused = await world.project.run(['destroy', '--yes', '--skip-preview'], { env: otherKeys });
      assert.notEqual(refused.code, 0);
      assert.match(
        refused.stdout,
        new RegExp(`lives in account ${DEFAULT_ACCOUNT_ID}, but the stack's base credentials now reach account ${TARGET}`),
      );
      assert.equal(world.emulator.count('DeleteKeyPairs'), deletesBefore, 'no delete was sent');
      assert.deepEqual(fingerprintsOf(TARGET), [['deploy-key', md5('rsa4096')]]);
      assert.equal(refused.stdout.includes(TARGET_KEY.accessKeySecret), false);
      await destroy();
      assert.deepEqual(fingerprintsOf(), []);
      world.emulator.account(TARGET).store.clear();
    });

    it("alicloud:assumeRole's externalId and policy set as secrets never appear in plaintext in `pulumi stack export`", async () => {
      const policy = '{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:*KeyPair*","Resource":"*"}]}';
      await world.project.ok(['config', 'set', '--path', 'alicloud:assumeRole.roleArn', DEPLOYER]);
      await world.project.ok(['config', 'set', '--secret', '--path', 'alicloud:assumeRole.externalId', 'ext-id-SECRET-77']);
      await world.project.ok(['config', 'set', '--secret', '--path', 'alicloud:assumeRole.policy', policy]);
      world.declare([{ name: 'a', args: { publicKey: RSA, keyPairName: 'secret-role' } }]);
      await up();
      assert.deepEqual(names(TARGET), ['secret-role']);
      const exported = (await world.project.ok(['stack', 'export'])).stdout;
      assert.equal(exported.includes('ext-id-SECRET-77'), false);
      assert.equal(exported.includes('ecs:*KeyPair*'), false);
      assert.match(exported, new RegExp(`"__stackRoleArn": "${DEPLOYER.replace(/[/]/g, '\\/')}"`));
      await destroy();
      assert.deepEqual(names(TARGET), []);
    });

    it('alicloud:assumeRoleWithOidc with the token as a secret config value: the role account, the token nowhere in the state', async () => {
      await world.project.ok(['config', 'set', '--path', 'alicloud:assumeRoleWithOidc.roleArn', DEPLOYER]);
      await world.project.ok([
        'config',
        'set',
        '--path',
        'alicloud:assumeRoleWithOidc.oidcProviderArn',
        `acs:ram::${TARGET}:oidc-provider/ci`,
      ]);
      await world.project.ok(['config', 'set', '--secret', '--path', 'alicloud:assumeRoleWithOidc.oidcToken', OIDC_TOKEN]);
      world.declare([{ name: 'o', args: { publicKey: RSA, keyPairName: 'oidc-key' } }]);
      const noKeys = { env: { ALIBABA_CLOUD_ACCESS_KEY_ID: '', ALIBABA_CLOUD_ACCESS_KEY_SECRET: '' } };
      const created = await world.project.ok(['up', '--yes', '--skip-preview'], noKeys);
      assert.deepEqual(names(TARGET), ['oidc-key']);
      assert.equal(world.emulator.count('AssumeRoleWithOIDC'), 1);
      const exported = await world.project.ok(['stack', 'export']);
      for (const text of [created.stdout, created.stderr, exported.stdout]) assert.equal(text.includes(OIDC_TOKEN), false);
      await world.project.ok(['destroy', '--yes', '--skip-preview'], noKeys);
      assert.deepEqual(names(TARGET), []);
    });

    it("a resource's own assumeRole: that key pair in the role's account, the other in the stack's", async () => {
      world.declare([
        { name: 'home', args: { publicKey: RSA, keyPairName: 'home-key' } },
        { name: 'away', args: { publicKey: RSA, keyPairName: 'away-key', assumeRole: { roleArn: DEPLOYER } } },
      ]);
      await up();
      assert.deepEqual(names(), ['home-key']);
      assert.deepEqual(names(TARGET), ['away-key']);
      await world.project.ok(['preview', '--expect-no-changes']);
      await destroy();
      assert.deepEqual([...names(), ...names(TARGET)], []);
    });

    it('an identity setting that cannot be honoured fails the preview, naming it; nothing is called', async () => {
      await world.project.ok(['config', 'set', 'alicloud:credentialsUri', 'http://127.0.0.1:9/credentials']);
      world.declare([{ name: 'k', args: { publicKey: RSA } }]);
      const preview = await world.project.run(['preview']);
      assert.notEqual(preview.code, 0);
      assert.match(
        preview.stdout + preview.stderr,
        /alicloud:credentialsUri is set, but pulumi-alicloud-keypair does not support it and will not ignore it/,
      );
      assert.equal(world.emulator.requests.length, 0);
    });

    it('a key pair carrying acs:* tags previews with no changes after refresh', async () => {
      world.declare([{ name: 't', args: { publicKey: RSA, keyPairName: 'tagged', tags: { team: 'infra' } } }]);
      await up();
      world.emulator.store.ecsRegion('cn-hangzhou').get('tagged')!.tags.set('acs:rm:rgId', 'rg-acfm2xxxxxx');
      await world.project.ok(['refresh', '--yes', '--skip-preview']);
      await world.project.ok(['preview', '--expect-no-changes']);
      await destroy();
    });

    it('destroy waits for a key pair released 3 s later, and says it is waiting', async () => {
      world.declare([{ name: 'b', args: { publicKey: RSA, keyPairName: 'bound' } }]);
      await up();
      world.emulator.attachKeyPair({ region: 'cn-hangzhou', keyPairName: 'bound', releaseAfterMs: 3000 });
      const started = Date.now();
      const destroyed = await destroy();
      assert.ok(Date.now() - started >= 3000);
      assert.match(destroyed.stdout, /b deleted/);
      assert.match(
        destroyed.stdout + destroyed.stderr,
        /key pair "bound" in cn-hangzhou is still bound to instances; waiting for ECS to release it/,
      );
      assert.deepEqual(names(), []);
    });

    it("KeyPair.get reads an existing key pair: the cloud's fingerprint in the stack outputs", async () => {
      world.declare([{ name: 'made', args: { publicKey: key('ecdsa256.pub'), keyPairName: 'existing' } }]);
      await up();
      world.declare([
        { name: 'made', args: { publicKey: key('ecdsa256.pub'), keyPairName: 'existing' } },
        { name: 'found', get: 'existing', args: { region: 'cn-hangzhou' } },
      ]);
      await up();
      const outputs = JSON.parse((await world.project.ok(['stack', 'output', '--json'])).stdout);
      assert.equal(outputs.found.fingerprint, md5('ecdsa256'));
      assert.equal(outputs.found.keyPairName, 'existing');
      await destroy();
      assert.deepEqual(names(), [], 'destroy deletes the managed one; the looked-up one is only read');
    });
  });
}
