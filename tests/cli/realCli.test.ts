/**
 * Every lifecycle row through the real Pulumi CLI (built by `npm run pulumi:cli`), against the bundled emulator:
 * what the user reads (the CLI's output) and what the cloud holds (the emulator's state and request log).
 */
import { strict as assert } from 'assert';
import { killAll, processTree } from '../../tools/pulumi-cli/processes';
import * as path from 'path';
import { OWNER_TAG } from '../../provider/ownership';
import { normalizeFingerprint } from '../../provider/ssh/fingerprint';
import fingerprints from '../fixtures/fingerprints.json';
import { freePort, startCommand } from '../support/commandEmulator';
import { key, privateKey, TEST_CREDENTIAL } from '../support/fixtures';
import { CLI_DIR, CliWorld, freshStack, startCliWorld, stopCliWorld } from './world';

const md5 = (name: keyof typeof fingerprints.keys) => normalizeFingerprint(fingerprints.keys[name].md5);
const RSA = key('rsa2048.pub');
const RSA_4096 = key('rsa4096.pub');
let stackNumber = 0;

if (!CLI_DIR && process.env.CI) {
  describe('the real Pulumi CLI', () => {
    it('is available (CI builds it with `npm run pulumi:cli`)', () => {
      assert.fail('no Pulumi CLI found: run `npm run --silent pulumi:cli` first (or set PULUMI_CLI_DIR)');
    });
  });
} else if (!CLI_DIR) {
  console.log('  (real Pulumi CLI tests not run: build the CLI once with `npm run --silent pulumi:cli` to include them)');
} else {
  describe('through the real Pulumi CLI', function () {
    this.timeout(180_000);
    let world: CliWorld;
    before(async () => {
      world = await startCliWorld();
    });
    after(async () => stopCliWorld(world));
    beforeEach(async () => freshStack(world, `s${++stackNumber}`));

    const cloud = () => world.emulator.snapshot().map((k) => [k.keyPairName, k.fingerprint]);
    const actions = () => world.emulator.requests.map((r) => r.action);
    const up = () => world.project.ok(['up', '--yes', '--skip-preview']);

    it('up, then preview --expect-no-changes passes; outputs; destroy empties the cloud', async () => {
      world.declare([{ name: 'deploy', args: { publicKey: RSA, keyPairName: 'deploy-key' } }]);
      const created = await up();
      assert.match(created.stdout, /\+ {2}pulumi-nodejs:dynamic\/alicloud-keypair:KeyPair deploy created/);
      assert.deepEqual(cloud(), [['deploy-key', md5('rsa2048')]]);
      await world.project.ok(['preview', '--expect-no-changes']);
      const outputs = JSON.parse((await world.project.ok(['stack', 'output', '--json'])).stdout);
      assert.deepEqual(outputs.deploy, {
        keyPairName: 'deploy-key',
        fingerprint: md5('rsa2048'),
        publicKey: RSA.split(' ').slice(0, 2).join(' '),
      });
      const destroyed = await world.project.ok(['destroy', '--yes', '--skip-preview']);
      assert.match(destroyed.stdout, /deploy deleted/);
      assert.deepEqual(world.emulator.snapshot(), []);
    });

    it('a comment, whitespace or encoding change of the key previews with no changes', async () => {
      world.declare([{ name: 'kp', args: { publicKey: key('ecdsa256.pub'), keyPairName: 'enc' } }]);
      await up();
      for (const variant of [
        key('ecdsa256.pub').replace(/\S+@example/, 'another-comment'),
        `\n  ${key('ecdsa256.pub')}\n\n`,
        key('ecdsa256.rfc4716'),
        key('ecdsa256.pem'),
      ]) {
        world.declare([{ name: 'kp', args: { publicKey: variant, keyPairName: 'enc' } }]);
        await world.project.ok(['preview', '--expect-no-changes']);
      }
    });

    it('re-imported outside: refresh, then preview --diff shows the replacement and why; up restores one key pair', async () => {
      world.declare([{ name: 'kp', args: { publicKey: RSA, keyPairName: 'drifted' } }]);
      await up();
      const record = world.emulator.store.ecsRegion('cn-hangzhou').get('drifted')!;
      Object.assign(record, { fingerprint: md5('rsa4096'), publicKey: RSA_4096.split(' ').slice(0, 2).join(' ') });
      await world.project.ok(['refresh', '--yes', '--skip-preview']);
      const preview = await world.project.ok(['preview', '--diff']);
      assert.match(preview.stdout, /\+-pulumi-nodejs:dynamic\/alicloud-keypair:KeyPair: \(replace\)/);
      assert.match(preview.stdout, new RegExp(`~ fingerprint\\s*: "${md5('rsa4096')}" => "${md5('rsa2048')}"`));
      await up();
      assert.deepEqual(cloud(), [['drifted', md5('rsa2048')]]);
      await world.project.ok(['preview', '--expect-no-changes']);
    });

    it('deleted outside: refresh drops it and up recreates it', async () => {
      world.declare([{ name: 'kp', args: { publicKey: RSA, keyPairName: 'gone' } }]);
      await up();
      world.emulator.store.ecsRegion('cn-hangzhou').delete('gone');
      const refreshed = await world.project.ok(['refresh', '--yes', '--skip-preview']);
      assert.match(refreshed.stdout, /kp deleted/);
      const recreated = await up();
      assert.match(recreated.stdout, /kp created/);
      assert.deepEqual(cloud(), [['gone', md5('rsa2048')]]);
    });

    it('a key change with a fixed name deletes before creating; auto-named creates a new name first', async () => {
      world.declare([
        { name: 'fixed', args: { publicKey: RSA, keyPairName: 'fixed-name' } },
        { name: 'auto', args: { publicKey: RSA } },
      ]);
      await up();
      const autoName = world.emulator.snapshot().find((k) => k.keyPairName !== 'fixed-name')!.keyPairName;
      assert.match(autoName, /^auto-[0-9a-f]{8}$/);
      world.declare([
        { name: 'fixed', args: { publicKey: RSA_4096, keyPairName: 'fixed-name' } },
        { name: 'auto', args: { publicKey: RSA } },
      ]);
      world.emulator.requests.length = 0;
      await up();
      // A new CLI run looks its account up once; delete checks the key pair is still ours before deleting it.
      assert.deepEqual(actions(), ['GetCallerIdentity', 'DescribeKeyPairs', 'DeleteKeyPairs', 'DescribeKeyPairs', 'ImportKeyPair']);
      world.declare([
        { name: 'fixed', args: { publicKey: RSA_4096, keyPairName: 'fixed-name' } },
        { name: 'auto', args: { publicKey: RSA_4096 } },
      ]);
      world.emulator.requests.length = 0;
      await up();
      assert.deepEqual(actions(), ['GetCallerIdentity', 'DescribeKeyPairs', 'ImportKeyPair', 'DescribeKeyPairs', 'DeleteKeyPairs']);
      const names = world.emulator.snapshot().map((k) => k.keyPairName);
      assert.equal(names.length, 2);
      assert.ok(names.includes('fixed-name'));
      assert.ok(!names.includes(autoName), 'the old auto-named key pair is gone');
    });

    it('tags and resource group change in place', async () => {
      world.declare([{ name: 'kp', args: { publicKey: RSA, keyPairName: 'tagged', tags: { a: '1' } } }]);
      await up();
      world.declare([
        { name: 'kp', args: { publicKey: RSA, keyPairName: 'tagged', tags: { b: '2' }, resourceGroupId: 'rg-acfmteam0001' } },
      ]);
      const preview = await world.project.ok(['preview', '--diff']);
      assert.match(preview.stdout, /~ pulumi-nodejs:dynamic\/alicloud-keypair:KeyPair: \(update\)/);
      const updated = await up();
      assert.match(updated.stdout, /kp updated/);
      const [record] = world.emulator.snapshot();
      assert.equal(record.tags?.b, '2');
      assert.equal(record.tags?.a, undefined);
      assert.ok(record.tags?.[OWNER_TAG], 'the owner tag stays');
      assert.equal(record.resourceGroupId, 'rg-acfmteam0001');
      await world.project.ok(['preview', '--expect-no-changes']);
    });

    it('adoptExisting adopts; a taken name without it and a full quota fail with what to do', async () => {
      world.emulator.store.ecsRegion('cn-hangzhou').set('existing', {
        keyPairName: 'existing',
        fingerprint: md5('rsa2048'),
        publicKey: RSA.split(' ').slice(0, 2).join(' '),
        creationTime: '2025-01-01T00:00Z',
        resourceGroupId: 'rg-acfmdefault0001',
        tags: new Map(),
        attachedInstances: [],
      });
      world.declare([{ name: 'kp', args: { publicKey: RSA, keyPairName: 'existing' } }]);
      const refused = await world.project.run(['up', '--yes', '--skip-preview']);
      assert.notEqual(refused.code, 0);
      assert.match(refused.stdout, /key pair "existing" already exists in cn-hangzhou with the same key .* set `adoptExisting: true`/);
      world.declare([{ name: 'kp', args: { publicKey: RSA, keyPairName: 'existing', adoptExisting: true } }]);
      await up();
      assert.equal(world.emulator.count('ImportKeyPair'), 0);
      assert.deepEqual(cloud(), [['existing', md5('rsa2048')]]);
      world.emulator.settings.quotaPerRegion = 1;
      try {
        world.declare([
          { name: 'kp', args: { publicKey: RSA, keyPairName: 'existing', adoptExisting: true } },
          { name: 'more', args: { publicKey: RSA, keyPairName: 'one-too-many' } },
        ]);
        const full = await world.project.run(['up', '--yes', '--skip-preview']);
        assert.notEqual(full.code, 0);
        assert.match(full.stdout, /the key pair quota is used up in cn-hangzhou: Alibaba Cloud allows 500 key pairs per region/);
      } finally {
        world.emulator.settings.quotaPerRegion = 500;
      }
    });

    it('a private key pasted into publicKey: preview fails and no output of the CLI holds key material', async () => {
      const pasted = privateKey('rsa2048.openssh');
      world.declare([{ name: 'oops', args: { publicKey: pasted, keyPairName: 'oops' } }]);
      const preview = await world.project.run(['preview', '--diff']);
      assert.notEqual(preview.code, 0);
      assert.match(preview.stdout + preview.stderr, /publicKey: this is a private key/);
      const everything = preview.stdout + preview.stderr;
      for (const line of pasted.split('\n').filter((l) => l.length >= 20 && !l.startsWith('-----'))) {
        assert.equal(everything.includes(line), false, 'a line of the private key was printed');
      }
      assert.doesNotMatch(everything, /PRIVATE KEY/);
      assert.equal(world.emulator.count(), 0);
    });

    it('resource options: protect, retainOnDelete, ignoreChanges, deleteBeforeReplace', async () => {
      world.declare([
        { name: 'guarded', args: { publicKey: RSA, keyPairName: 'guarded' }, options: { protect: true } },
        { name: 'kept', args: { publicKey: RSA, keyPairName: 'kept' }, options: { retainOnDelete: true } },
        { name: 'quiet', args: { publicKey: RSA, keyPairName: 'quiet', tags: { a: '1' } }, options: { ignoreChanges: ['tags'] } },
        { name: 'auto', args: { publicKey: RSA }, options: { deleteBeforeReplace: true } },
      ]);
      await up();
      world.declare([
        { name: 'guarded', args: { publicKey: RSA, keyPairName: 'guarded' }, options: { protect: true } },
        { name: 'kept', args: { publicKey: RSA, keyPairName: 'kept' }, options: { retainOnDelete: true } },
        { name: 'quiet', args: { publicKey: RSA, keyPairName: 'quiet', tags: { a: '2' } }, options: { ignoreChanges: ['tags'] } },
        { name: 'auto', args: { publicKey: RSA_4096 }, options: { deleteBeforeReplace: true } },
      ]);
      world.emulator.requests.length = 0;
      await up();
      // ignoreChanges: no tag call; deleteBeforeReplace on an auto-named key pair: delete first.
      assert.deepEqual(actions(), ['GetCallerIdentity', 'DescribeKeyPairs', 'DeleteKeyPairs', 'DescribeKeyPairs', 'ImportKeyPair']);
      const destroy = await world.project.run(['destroy', '--yes', '--skip-preview']);
      assert.notEqual(destroy.code, 0);
      assert.match(destroy.stdout + destroy.stderr, /protected/);
      await world.project.ok(['state', 'unprotect', '--all', '--yes']);
      await world.project.ok(['destroy', '--yes', '--skip-preview']);
      assert.deepEqual(
        world.emulator.snapshot().map((k) => k.keyPairName),
        ['kept'],
        'retainOnDelete leaves the key pair in the cloud',
      );
    });

    it('a publicKey from config.requireSecret stays secret in outputs and state; stack export holds no secret', async () => {
      await world.project.ok(['config', 'set', '--secret', 'sshKey', RSA.trim()]);
      world.declare([{ name: 'secret', args: { keyPairName: 'from-secret' }, secretPublicKey: 'sshKey' }]);
      await up();
      const outputs = (await world.project.ok(['stack', 'output'])).stdout;
      assert.match(outputs, /"publicKey":"\[secret\]"/);
      assert.equal(outputs.includes(RSA.split(' ')[1]), false);
      const exported = (await world.project.ok(['stack', 'export'])).stdout;
      const base64 = RSA.split(' ')[1];
      assert.equal(exported.includes(base64), false, 'the secret key text is encrypted in the state');
      for (const secret of [TEST_CREDENTIAL.accessKeySecret, 'PRIVATE KEY']) assert.equal(exported.includes(secret), false);
      const state = JSON.parse(exported);
      const resource = state.deployment.resources.find((r: { type: string }) => r.type.endsWith('KeyPair'));
      const providerBytes = Buffer.byteLength(resource.inputs.__provider);
      // The installed package is serialized as a require of its provider module, not as code.
      assert.match(resource.inputs.__provider, /require\("pulumi-alicloud-keypair\/dist\/sdk\/ecsProvider\.js"\)/);
      assert.ok(providerBytes < 1_000, `__provider is ${providerBytes} bytes`);
      console.log(`      __provider in the real state: ${providerBytes} bytes`);
    });

    it('an interrupted up: the CLI killed while an import is in flight; cancel, refresh, up leave exactly the declared key pair', async () => {
      world.declare([{ name: 'kp', args: { publicKey: RSA, keyPairName: 'interrupted' } }]);
      world.emulator.scriptFaults('ImportKeyPair', [{ delayMs: 3_000 }]);
      const running = world.project.start(['up', '--yes', '--skip-preview']);
      const deadline = Date.now() + 60_000;
      while (!world.emulator.requests.some((r) => r.action === 'DescribeKeyPairs') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await new Promise((resolve) => setTimeout(resolve, 500)); // the import is now held by the emulator
      // As a CI runner kills a job: the CLI's process group — and, by id, every process it started (the provider
      // host runs outside that group), so that nothing of this test is left running.
      const started = processTree(running.pid!);
      process.kill(-running.pid!, 'SIGKILL');
      killAll(started);
      await new Promise((resolve) => setTimeout(resolve, 3_500)); // the emulator applies the import anyway
      assert.deepEqual(cloud(), [['interrupted', md5('rsa2048')]], 'the interrupted import was applied');

      // What the CLI tells the user: the stack is locked (cancel), then there are pending operations (refresh).
      const blocked = await world.project.run(['up', '--yes', '--skip-preview']);
      assert.match(blocked.stdout + blocked.stderr, /pulumi cancel/);
      await world.project.ok(['cancel', '--yes']);
      const pending = await world.project.run(['up', '--yes', '--skip-preview']);
      assert.match(pending.stdout + pending.stderr, /interrupted while creating|pending operations|pulumi refresh/);
      await world.project.ok(['refresh', '--yes', '--skip-preview', '--clear-pending-creates']);
      await up();
      assert.deepEqual(cloud(), [['interrupted', md5('rsa2048')]], 'no duplicate, no orphan');
      await world.project.ok(['preview', '--expect-no-changes']);
    });

    it('the emulator restarted with --state between pulumi up and pulumi destroy: destroy finds every key pair', async () => {
      const stateFile = path.join(world.project.dir, 'emulator-state.json');
      const port = String(await freePort());
      let emulator = await startCommand(['--port', port, '--state', stateFile, '--quiet']);
      const env = {
        ALIBABA_CLOUD_ENDPOINT_ECS: emulator.url,
        ALIBABA_CLOUD_ENDPOINT_ENS: emulator.url,
        ALIBABA_CLOUD_ENDPOINT_STS: emulator.url,
      };
      const credentials = {
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'emulator-access-key-id',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'emulator-access-key-secret',
      };
      try {
        world.declare([
          { name: 'ecs', args: { publicKey: RSA, keyPairName: 'restart-ecs' } },
          { name: 'ens', service: 'ens', args: { publicKey: RSA, keyPairName: 'restart-ens' } },
        ]);
        await world.project.ok(['up', '--yes', '--skip-preview'], { env: { ...env, ...credentials } });
        emulator.child.kill('SIGTERM');
        assert.equal(await emulator.exit, 0);
        emulator = await startCommand(['--port', port, '--state', stateFile, '--quiet']);
        const destroyed = await world.project.ok(['destroy', '--yes', '--skip-preview'], { env: { ...env, ...credentials } });
        assert.match(destroyed.stdout, /ecs deleted/);
        assert.match(destroyed.stdout, /ens deleted/);
        assert.deepEqual(await (await fetch(`${emulator.url}/__emulator/keypairs`)).json(), []);
      } finally {
        emulator.child.kill('SIGTERM');
        await emulator.exit;
      }
    });

    it('ENS: up, refresh, destroy', async () => {
      world.declare([{ name: 'edge', service: 'ens', args: { publicKey: RSA, keyPairName: 'edge-key' } }]);
      await up();
      assert.deepEqual(
        world.emulator.snapshot().map((k) => [k.service, k.keyPairName]),
        [['ens', 'edge-key']],
      );
      await world.project.ok(['refresh', '--yes', '--skip-preview']);
      await world.project.ok(['preview', '--expect-no-changes']);
      await world.project.ok(['destroy', '--yes', '--skip-preview']);
      assert.deepEqual(world.emulator.snapshot(), []);
    });
  });

  describe('a TypeScript program through the real Pulumi CLI (ts-node in the language host)', function () {
    this.timeout(180_000);
    let world: CliWorld;
    before(async () => {
      world = await startCliWorld({
        'index.ts': `import * as fs from 'fs';\nimport { KeyPair } from 'pulumi-alicloud-keypair';\n\nconst keyPair = new KeyPair('ts', { publicKey: fs.readFileSync(${JSON.stringify(path.join(__dirname, '..', 'fixtures', 'keys', 'rsa2048.pub'))}, 'utf8'), keyPairName: 'typescript' });\nexport const fingerprint = keyPair.fingerprint;\n`,
      });
    });
    after(async () => stopCliWorld(world));

    it('up and destroy', async () => {
      await freshStack(world, 'ts');
      await world.project.ok(['up', '--yes', '--skip-preview']);
      const outputs = JSON.parse((await world.project.ok(['stack', 'output', '--json'])).stdout);
      assert.equal(outputs.fingerprint, md5('rsa2048'));
      await world.project.ok(['destroy', '--yes', '--skip-preview']);
      assert.deepEqual(world.emulator.snapshot(), []);
    });
  });
}
