/**
 * The README's drift walk-through, as written: its "Your own project" program (`index.ts`, taken from the README) in
 * a project with the package installed as users get it, `pulumi up`, then every line of the "Drift on demand" block
 * run by bash in that project — `npx pulumi-alicloud-keypair emulator-ctl …` included — against the emulator.
 */
import { strict as assert } from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { startEmulator } from '../support/emulatorUnderTest';
import { Emulator } from '../../emulator';
import { PulumiProject } from '../../tools/pulumi-cli/project';
import { parsePublicKey } from '../../provider/ssh/publicKey';
import { TEST_CREDENTIAL, key } from '../support/fixtures';
import { CLI_DIR, emulatorEnv } from './world';

const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

/** The text between `start` and the next line equal to `end`, after `start`'s line. */
function section(start: string, end: string): string {
  const from = README.indexOf(start);
  assert.ok(from >= 0, `the README has ${start}`);
  const body = README.slice(README.indexOf('\n', from) + 1);
  return body.slice(0, body.indexOf(`\n${end}\n`) + 1);
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      'bash',
      ['-euo', 'pipefail', '-c', script],
      { cwd, env, timeout: 300_000, maxBuffer: 64 * 1024 * 1024 },
      (error) => resolve({ code: error ? Number(error.code ?? 1) : 0, output }),
    );
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
  });
}

if (CLI_DIR) {
  describe("the README's drift walk-through, as written, through the real CLI", function () {
    this.timeout(600_000);
    let emulator: Emulator;
    let project: PulumiProject;
    let home: string;

    before(async () => {
      emulator = await startEmulator({ credentials: [TEST_CREDENTIAL] });
      const program = section("cat > index.ts <<'TS'", 'TS');
      project = PulumiProject.create({ cliDir: CLI_DIR!, files: { 'index.ts': program }, install: 'packed', env: emulatorEnv(emulator) });
      // The program reads ~/.ssh/id_rsa.pub: a home of the project's own, holding the fixture key there.
      home = path.join(project.dir, '.home');
      fs.mkdirSync(path.join(home, '.ssh'), { recursive: true });
      fs.writeFileSync(path.join(home, '.ssh', 'id_rsa.pub'), key('rsa2048.pub'));
    });
    after(async () => {
      project?.remove();
      await emulator?.close();
    });

    it('up, then every line of the block: re-imported by hand, refreshed, previewed, restored; deleted, refreshed, made again', async () => {
      const env = { ...project.env, HOME: home };
      await project.ok(['stack', 'init', 'dev'], { env });
      await project.ok(['config', 'set', 'alicloud:region', 'cn-hangzhou'], { env });
      await project.ok(['up', '--yes'], { env });
      const block = section('**Drift on demand**', '```').split('```sh\n')[1];
      assert.match(block, /emulator-ctl import --name deploy-key/);
      const { code, output } = await bash(block, project.dir, { ...env, PULUMI_SKIP_CONFIRMATIONS: 'true' });
      assert.equal(code, 0, output);
      const mine = parsePublicKey(key('rsa2048.pub')).md5;
      const other = parsePublicKey(fs.readFileSync(path.join(project.dir, 'other-key.pub'), 'utf8')).md5;
      // The preview after the refresh: a replacement, because the fingerprint goes back from the other key to mine.
      assert.match(output, new RegExp(`~ fingerprint\\s*: "${other}" => "${mine}"`));
      assert.match(output, /\+-pulumi-nodejs:dynamic\/alicloud-keypair:KeyPair: \(replace\)\n\s+\[id=deploy-key\]/);
      // The last line lists what the emulator holds: exactly the declared key pair, with my key, made again.
      const listed = JSON.parse(output.slice(output.lastIndexOf('\n[')));
      assert.deepEqual(
        listed.map((k: { keyPairName: string; fingerprint: string }) => [k.keyPairName, k.fingerprint]),
        [['deploy-key', mine]],
      );
      assert.deepEqual(
        emulator.snapshot().map((k) => [k.keyPairName, k.fingerprint]),
        [['deploy-key', mine]],
      );
      // Made again after the delete: the last up imported it (one ImportKeyPair per up that made it: 1 + 1 + 1).
      assert.equal(emulator.count('ImportKeyPair'), 3);
    });
  });
}
