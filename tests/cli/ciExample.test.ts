/**
 * The emulator job of examples/ci/pulumi.yml, run as written: its `run` steps, in order, with its job and step
 * environment, in a project using this package, by bash. Two things differ from a GitHub runner, both installs:
 * `npm ci` (the project here links this package instead) and the line that downloads the Pulumi CLI (the CLI built
 * by `npm run pulumi:cli` is on the PATH instead). Port 8080 becomes a free port, so a busy machine cannot fail it.
 */
import { strict as assert } from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { parse } from 'yaml';
import { PulumiProject } from '../../tools/pulumi-cli/project';
import { key } from '../support/fixtures';
import { CLI_DIR, GENERIC_PROGRAM } from './world';

const WORKFLOW = path.join(__dirname, '..', '..', 'examples', 'ci', 'pulumi.yml');
const INSTALLS = [/^npm ci$/, /get\.pulumi\.com/];

interface Step {
  run?: string;
  env?: Record<string, string>;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['-euo', 'pipefail', '-c', script], { cwd, env, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: String(stdout) + String(stderr) }),
    );
  });
}

// Without a CLI, realCli.test.ts says how to get one (and fails under CI); nothing is registered here.
if (CLI_DIR)
  describe('examples/ci/pulumi.yml: the emulator job, run as written', function () {
    this.timeout(180_000);

    it('starts the emulator with npx, then up, refresh --expect-no-changes and destroy succeed', async () => {
      const workflow = parse(fs.readFileSync(WORKFLOW, 'utf8')) as {
        env: Record<string, string>;
        jobs: { emulator: { steps: Step[] } };
      };
      const port = String(await freePort());
      const project = PulumiProject.create({
        cliDir: CLI_DIR!,
        files: {
          'index.js': GENERIC_PROGRAM,
          'resources.json': JSON.stringify([{ name: 'ci', args: { publicKey: key('rsa2048.pub') } }]),
        },
      });
      const runnerTemp = fs.mkdtempSync(path.join(project.dir, 'runner-temp-'));
      // What `npm ci` gives a user's project: the command's bin.
      const bin = path.join(project.dir, 'node_modules', '.bin');
      fs.mkdirSync(bin);
      for (const name of ['alicloud-keypair', 'pulumi-alicloud-keypair']) {
        fs.symlinkSync(path.join(__dirname, '..', '..', 'dist', 'cli', 'index.js'), path.join(bin, name));
      }
      fs.chmodSync(path.join(__dirname, '..', '..', 'dist', 'cli', 'index.js'), 0o755);
      const expand = (text: string) => text.replace(/\$\{\{\s*runner\.temp\s*\}\}/g, runnerTemp).replace(/\b8080\b/g, port);
      const env: NodeJS.ProcessEnv = { ...project.env, RUNNER_TEMP: runnerTemp, ...workflow.env };
      const ran: string[] = [];
      try {
        for (const step of workflow.jobs.emulator.steps) {
          if (!step.run) continue;
          const script = step.run
            .split('\n')
            .filter((line) => !INSTALLS.some((install) => install.test(line.trim())))
            .join('\n');
          if (!script.trim()) continue;
          const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, expand(String(value))]));
          const result = await bash(expand(script), project.dir, { ...env, ...stepEnv });
          ran.push(script.trim().split('\n')[0]);
          assert.equal(result.code, 0, `step failed:\n${script}\n${result.output}`);
          if (/emulator --port/.test(script)) assert.match(result.output, new RegExp(`^listening on http://127\\.0\\.0\\.1:${port}$`, 'm'));
          if (/pulumi up/.test(script)) assert.match(result.output, /ci created/);
          if (/pulumi destroy/.test(script)) assert.match(result.output, /ci deleted/);
        }
        assert.deepEqual(ran, [
          'npx pulumi-alicloud-keypair emulator --port 8080 --pid-file "$RUNNER_TEMP/emulator.pid" > "$RUNNER_TEMP/emulator.log" 2>&1 &',
          'mkdir -p "$RUNNER_TEMP/pulumi-state" # a file backend\'s folder must exist',
          'kill "$(cat "$RUNNER_TEMP/emulator.pid")"',
        ]);
        // The workflow's last step stopped exactly the emulator it started, which removed its pid file on the way out.
        const pidFile = path.join(runnerTemp, 'emulator.pid');
        for (let i = 0; i < 50 && fs.existsSync(pidFile); i++) await new Promise((resolve) => setTimeout(resolve, 100));
        assert.equal(fs.existsSync(pidFile), false);
      } finally {
        // Should a step have failed before the last: end the emulator this test started, by its id.
        const pidFile = path.join(runnerTemp, 'emulator.pid');
        if (fs.existsSync(pidFile)) process.kill(Number(fs.readFileSync(pidFile, 'utf8')), 'SIGTERM');
        project.remove();
      }
    });
  });
