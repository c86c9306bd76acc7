/**
 * The resource-provider plugin through the real Pulumi CLI, from every language it serves — Pulumi YAML, Python,
 * Go and TypeScript (generated SDKs) — against the bundled emulator: up; a key change previews a replacement showing
 * only the key and its fingerprints; a comment-only change previews nothing; drift → refresh → preview shows the
 * cloud's fingerprint → the program's; `pulumi import` of a key pair made outside, then no changes; destroy.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Emulator } from '../../emulator';
import { startEmulator } from '../support/emulatorUnderTest';
import { importKeyPair } from '../../emulator/drift';
import { parsePublicKey } from '../../provider/ssh/publicKey';
import { PluginLanguage, PluginProgram } from '../../tools/pulumi-cli/pluginPrograms';
import { execFileSync } from 'child_process';
import { localPluginDir, PluginProject } from '../../tools/pulumi-cli/pluginProject';
import { key, TEST_CREDENTIAL } from '../support/fixtures';
import { propertyLines } from './previewLines';
import { CLI_DIR, emulatorEnv } from './world';

const RSA = key('rsa2048.pub').trim();
const RSA_4096 = key('rsa4096.pub').trim();
const ECDSA = key('ecdsa256.pub').trim();
const md5 = (text: string) => parsePublicKey(text).md5;

if (CLI_DIR) {
  describe('the plugin through the real Pulumi CLI, from every language', function () {
    this.timeout(600_000);
    let emulator: Emulator;
    let project: PluginProject | undefined;
    before(async () => {
      emulator = await startEmulator({ credentials: [TEST_CREDENTIAL] });
    });
    after(async () => emulator.close());
    afterEach(() => {
      project?.remove();
      project = undefined;
    });

    function create(language: PluginLanguage, program: PluginProgram): PluginProject {
      for (const account of emulator.accounts.all()) account.store.clear();
      return PluginProject.create({
        cliDir: CLI_DIR!,
        language,
        program,
        env: emulatorEnv(emulator),
      });
    }

    const ecs = () => emulator.snapshot().filter((k) => k.service === 'ecs');
    const cloud = () => ecs().map((k) => [k.region, k.keyPairName, k.fingerprint]);

    /** Someone made this key pair outside Pulumi (or imported another key under its name). */
    const madeOutside = (name: string, publicKey: string) => importKeyPair(emulator.store, { keyPairName: name, publicKey });

    for (const language of ['yaml', 'python', 'go', 'typescript'] as const) {
      it(`${language}: up, key change, comment change, drift, refresh, import, destroy`, async () => {
        const name = `${language}-key`;
        const program: PluginProgram = { resources: [{ name: 'kp', type: 'KeyPair', keyPairName: name }] };
        project = create(language, program);
        const cli = project.project;
        await cli.ok(['stack', 'init', 'dev']);
        await cli.ok(['config', 'set', 'alicloud-keypair:region', 'cn-hangzhou']);
        await cli.ok(['config', 'set', 'publicKey', RSA]);
        await cli.ok(['up', '--yes', '--skip-preview'], { timeoutMs: 300_000 });
        assert.deepEqual(cloud(), [['cn-hangzhou', name, md5(RSA)]]);
        assert.equal(JSON.parse((await cli.ok(['stack', 'output', '--json'])).stdout).kpFingerprint, md5(RSA));

        // The key swapped: a replacement, showing the key and the fingerprints that change (keyType does not).
        await cli.ok(['config', 'set', 'publicKey', RSA_4096]);
        const swap = await cli.ok(['preview', '--diff']);
        assert.match(swap.stdout, /\+-alicloud-keypair:index:KeyPair: \(replace\)/);
        assert.deepEqual(propertyLines(swap.stdout, 'kp').sort(), ['~ fingerprint', '~ fingerprintSha256', '~ keyBits', '~ publicKey']);
        assert.match(swap.stdout, new RegExp(`~ fingerprint\\s*: "${md5(RSA)}" => "${md5(RSA_4096)}"`));
        assert.match(swap.stdout, /~ keyBits\s*: 2048 => 4096/);
        const json = JSON.parse((await cli.ok(['preview', '--json'])).stdout);
        const step = json.steps.find((s: { urn: string }) => s.urn.endsWith('::kp'));
        assert.deepEqual([...step.diffReasons].sort(), ['fingerprint', 'fingerprintSha256', 'keyBits', 'publicKey']);
        assert.deepEqual(Object.keys(step.detailedDiff).sort(), ['fingerprint', 'fingerprintSha256', 'keyBits', 'publicKey']);
        assert.equal(step.detailedDiff.publicKey.kind, 'update-replace');

        // Only the comment differs: nothing to do.
        await cli.ok(['config', 'set', 'publicKey', RSA.replace(/\S+$/, 'someone-else@laptop')]);
        await cli.ok(['preview', '--expect-no-changes']);

        // Drift: the key re-imported outside; refresh records it, and the preview shows why it is replaced.
        madeOutside(name, ECDSA);
        await cli.ok(['refresh', '--yes', '--skip-preview']);
        const drift = await cli.ok(['preview', '--diff']);
        assert.match(drift.stdout, /\(replace\)/);
        assert.match(drift.stdout, new RegExp(`~ fingerprint\\s*: "${md5(ECDSA)}" => "${md5(RSA)}"`));
        assert.ok(
          propertyLines(drift.stdout, 'kp').every((line) => /^~ (publicKey|fingerprint|fingerprintSha256|keyType|keyBits)$/.test(line)),
          propertyLines(drift.stdout, 'kp').join(', '),
        );
        await cli.ok(['up', '--yes', '--skip-preview'], { timeoutMs: 300_000 });
        assert.deepEqual(cloud(), [['cn-hangzhou', name, md5(RSA)]]);

        // pulumi import of a key pair made outside; the program then declares it with the same key: no changes.
        madeOutside('outside-key', RSA);
        await cli.ok(
          ['import', 'alicloud-keypair:index:KeyPair', 'imported', 'outside-key', '--yes', '--protect=false', '--generate-code=false'],
          { timeoutMs: 300_000 },
        );
        project.write({ resources: [...program.resources, { name: 'imported', type: 'KeyPair', keyPairName: 'outside-key' }] });
        await cli.ok(['preview', '--expect-no-changes'], { timeoutMs: 300_000 });

        await cli.ok(['destroy', '--yes', '--skip-preview'], { timeoutMs: 300_000 });
        assert.deepEqual(cloud(), []);
      });
    }

    for (const language of ['yaml', 'python'] as const) {
      it(`${language}: ENS key pairs, provider config and an explicit provider, a secret publicKey`, async () => {
        project = create(language, {
          secretKey: true,
          providers: { beijing: 'cn-beijing' },
          resources: [
            { name: 'edge', type: 'EnsKeyPair', keyPairName: `${language}-edge` },
            { name: 'home', type: 'KeyPair', keyPairName: `${language}-home` },
            { name: 'away', type: 'KeyPair', keyPairName: `${language}-away`, provider: 'beijing' },
          ],
        });
        const cli = project.project;
        await cli.ok(['stack', 'init', 'dev']);
        await cli.ok(['config', 'set', 'alicloud-keypair:region', 'cn-shanghai']);
        await cli.ok(['config', 'set', '--secret', 'publicKey', RSA]);
        await cli.ok(['up', '--yes', '--skip-preview'], { timeoutMs: 300_000 });
        assert.deepEqual(cloud().sort(), [
          ['cn-beijing', `${language}-away`, md5(RSA)],
          ['cn-shanghai', `${language}-home`, md5(RSA)],
        ]);
        const edge = emulator.snapshot().filter((k) => k.service === 'ens');
        assert.deepEqual(
          edge.map((k) => k.keyPairName),
          [`${language}-edge`],
        );
        // The secret key stays ciphertext in the state.
        const exported = (await cli.ok(['stack', 'export'])).stdout;
        const at = exported.indexOf(RSA.split(' ')[1].slice(0, 60));
        assert.equal(at, -1, `the public key is in the state in plaintext: ${exported.slice(Math.max(0, at - 400), at + 80)}`);
        await cli.ok(['preview', '--expect-no-changes']);

        // ENS import by id, then no changes.
        const id = edge[0].keyPairId!;
        await cli.ok(['state', 'delete', (await urnOf(cli, 'edge')) ?? '', '--yes']);
        await cli.ok(['import', 'alicloud-keypair:index:EnsKeyPair', 'edge', id, '--yes', '--protect=false', '--generate-code=false'], {
          timeoutMs: 300_000,
        });
        await cli.ok(['preview', '--expect-no-changes']);

        // Bad input: the same rule-naming failure in every language, before any API call.
        const before = emulator.requests.length;
        await cli.ok(['config', 'set', 'alicloud-keypair:region', 'Hangzhou!']);
        const typo = await cli.run(['preview']);
        assert.notEqual(typo.code, 0);
        assert.match(typo.stdout, /region must be an Alibaba Cloud region id such as cn-hangzhou/);
        assert.equal(emulator.requests.slice(before).filter((r) => r.version !== '2015-04-01').length, 0, 'no key-pair call was made');
        await cli.ok(['config', 'set', 'alicloud-keypair:region', 'cn-shanghai']);
        await cli.ok(['destroy', '--yes', '--skip-preview'], { timeoutMs: 300_000 });
        assert.deepEqual(emulator.snapshot(), []);
      });
    }

    for (const [example, files] of [
      ['plugin-yaml', ['Pulumi.yaml']],
      ['plugin-python', ['Pulumi.yaml', '__main__.py', 'requirements.txt']],
      ['plugin-go', ['Pulumi.yaml', 'main.go', 'go.mod']],
    ] as const) {
      it(`examples/${example} runs as written (the plugin's folder named in its Pulumi.yaml)`, async () => {
        const language = example === 'plugin-yaml' ? 'yaml' : example === 'plugin-python' ? 'python' : 'go';
        project = create(language, { resources: [] });
        const source = path.resolve(__dirname, '..', '..', 'examples', example);
        for (const file of files) {
          let text = fs.readFileSync(path.join(source, file), 'utf8');
          if (file === 'go.mod') text = text.replace('=> ../../sdks/go', `=> ${path.resolve(source, '..', '..', 'sdks', 'go')}`);
          if (file === 'Pulumi.yaml') text += `plugins:\n  providers:\n    - name: alicloud-keypair\n      path: ${localPluginDir()}\n`;
          project.project.write(file, text);
        }
        if (language === 'go') execFileSync('go', ['mod', 'tidy'], { cwd: project.dir, env: { ...process.env, ...project.project.env } });
        const cli = project.project;
        await cli.ok(['stack', 'init', 'dev']);
        await cli.ok(['config', 'set', 'alicloud-keypair:region', 'cn-hangzhou']);
        await cli.ok(['config', 'set', '--secret', 'publicKey', RSA]);
        await cli.ok(['up', '--yes', '--skip-preview'], { timeoutMs: 300_000 });
        const outputs = JSON.parse((await cli.ok(['stack', 'output', '--json'])).stdout);
        assert.equal(outputs.fingerprint, md5(RSA));
        assert.match(outputs.keyPairName, /^deploy-[0-9a-f]{8}$/);
        assert.deepEqual(
          ecs().map((k) => k.tags?.team),
          ['platform'],
        );
        await cli.ok(['destroy', '--yes', '--skip-preview'], { timeoutMs: 300_000 });
        assert.deepEqual(emulator.snapshot(), []);
      });
    }

    it('npm run plugin:pack: a self-contained tarball that `pulumi plugin install -f` installs offline, serving a YAML program', async () => {
      const tarball = execFileSync('npm', ['run', '--silent', 'plugin:pack'], {
        cwd: path.resolve(__dirname, '..', '..'),
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      })
        .trim()
        .split('\n')
        .pop()!;
      assert.match(path.basename(tarball), /^pulumi-resource-alicloud-keypair-v\d+\.\d+\.\d+-linux-amd64\.tar\.gz$/);
      const version = /-v(\d+\.\d+\.\d+)-/.exec(tarball)![1];
      project = create('yaml', { resources: [{ name: 'kp', type: 'KeyPair', keyPairName: 'packed-key' }] });
      const cli = project.project;
      await cli.ok(['plugin', 'install', 'resource', 'alicloud-keypair', version, '-f', tarball]);
      const installed = path.join(cli.env.PULUMI_HOME!, 'plugins', `resource-alicloud-keypair-v${version}`);
      assert.ok(fs.existsSync(path.join(installed, 'pulumi-resource-alicloud-keypair')));
      // Nothing in it points back into the checkout.
      const wrapper = fs.readFileSync(path.join(installed, 'pulumi-resource-alicloud-keypair'), 'utf8');
      assert.equal(wrapper.includes(path.resolve(__dirname, '..', '..')), false);
      // The program finds the installed plugin (no `plugins:` path in Pulumi.yaml).
      const yaml = fs.readFileSync(path.join(cli.dir, 'Pulumi.yaml'), 'utf8').replace(/plugins:\n {2}providers:\n(?: {4,}.*\n)+/, '');
      cli.write('Pulumi.yaml', yaml);
      await cli.ok(['stack', 'init', 'dev']);
      await cli.ok(['config', 'set', 'alicloud-keypair:region', 'cn-hangzhou']);
      await cli.ok(['config', 'set', 'publicKey', RSA]);
      await cli.ok(['up', '--yes', '--skip-preview'], { timeoutMs: 300_000 });
      assert.deepEqual(cloud(), [['cn-hangzhou', 'packed-key', md5(RSA)]]);
      await cli.ok(['destroy', '--yes', '--skip-preview']);
    });
  });
}

/** The URN of a resource of the stack by its name. */
async function urnOf(cli: PluginProject['project'], name: string): Promise<string | undefined> {
  const state = JSON.parse((await cli.ok(['stack', 'export'])).stdout);
  return state.deployment.resources.find((r: { urn: string }) => r.urn.endsWith(`::${name}`))?.urn;
}
