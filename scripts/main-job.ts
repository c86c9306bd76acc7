/**
 * The README's main command (`npm start`): run the main example (examples/ecs-basic) against the bundled emulator.
 *
 * With a Pulumi CLI (on the PATH, or built once by `npm run pulumi:cli`) it does what a user would: start the
 * emulator, point the endpoint variables at it, then `pulumi up`, `refresh`, `preview --expect-no-changes` and
 * `destroy` with a local file backend, showing the CLI's own output. Without one it says so in one line and runs the
 * same example's lifecycle through the real provider host instead, printing each step and its result.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { startEmulator } from '../emulator';
import { locatePulumiCli } from '../tools/pulumi-cli/locate';
import { PulumiProject } from '../tools/pulumi-cli/project';
import { MiniEngine } from '../tools/engine-standin/engine';
import { ProviderHost, REPOSITORY_ROOT } from '../tools/engine-standin/providerHost';

const EXAMPLE = path.join(REPOSITORY_ROOT, 'examples', 'ecs-basic');
const ACCESS_KEY_ID = 'emulator-access-key-id';
const ACCESS_KEY_SECRET = 'emulator-access-key-secret';

function log(line: string): void {
  process.stdout.write(line + '\n');
}

async function main(): Promise<number> {
  const emulator = await startEmulator({ credentials: [{ accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET }] });
  log(`emulator: listening on ${emulator.url}`);
  const env = {
    ALIBABA_CLOUD_ENDPOINT_ECS: emulator.url,
    ALIBABA_CLOUD_ENDPOINT_ENS: emulator.url,
    ALIBABA_CLOUD_ACCESS_KEY_ID: ACCESS_KEY_ID,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: ACCESS_KEY_SECRET,
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
    ALICLOUD_REGION: 'cn-hangzhou',
  };
  try {
    const cliDir = locatePulumiCli();
    return cliDir ? await runWithPulumiCli(cliDir, env) : await runThroughProviderHost(env, emulator);
  } finally {
    await emulator.close();
  }
}

/**
 * The example copied into a project of its own, with this package linked into its node_modules as a user would have
 * it installed, then the CLI's own commands with their own output.
 */
async function runWithPulumiCli(cliDir: string, env: Record<string, string>): Promise<number> {
  log(`pulumi CLI: ${cliDir}`);
  const files = Object.fromEntries(
    ['index.ts', 'program.ts', 'deploy.pub'].map((f) => [f, fs.readFileSync(path.join(EXAMPLE, f), 'utf8')]),
  );
  const project = PulumiProject.create({ cliDir, files, env, name: 'alicloud-keypair-example' });
  log(`project: ${project.dir} (examples/ecs-basic)`);
  // Asynchronous: the emulator answers from this very process.
  const run = (args: string[]) =>
    new Promise<number>((resolve) => {
      log(`$ pulumi ${args.join(' ')}`);
      const child = spawn('pulumi', [...args, '--non-interactive'], { cwd: project.dir, env: project.env, stdio: 'inherit' });
      child.on('exit', (code) => resolve(code ?? 1));
    });
  const steps = [
    ['stack', 'init', 'emulator'],
    ['config', 'set', 'alicloud:region', 'cn-hangzhou'],
    ['up', '--yes', '--skip-preview'],
    ['stack', 'output', '--json'],
    ['refresh', '--yes', '--skip-preview'],
    ['preview', '--expect-no-changes'],
    // --remove: the project is thrown away next, so the stack goes too (and the CLI does not suggest `stack rm`).
    ['destroy', '--yes', '--skip-preview', '--remove'],
  ];
  try {
    for (const step of steps) if ((await run(step)) !== 0) return 1;
    log('main job ok');
    return 0;
  } finally {
    project.remove();
  }
}

async function runThroughProviderHost(env: Record<string, string>, emulator: Awaited<ReturnType<typeof startEmulator>>): Promise<number> {
  log(
    "pulumi CLI not found (build it once with `npm run --silent pulumi:cli`): running the example's lifecycle through the real Pulumi provider host instead",
  );
  Object.assign(process.env, env);
  // The example program itself, evaluated under Pulumi's mocks to get what the engine would send.
  const { registeredResources } = await import('../tools/engine-standin/program');
  const { urnOf } = await import('../tools/engine-standin/engine');
  const program = (await import(path.join(EXAMPLE, 'program'))) as { build: () => import('@pulumi/pulumi').Resource[] };
  const resources = await registeredResources(() => program.build());
  const declared = new Map(resources.map((r) => [urnOf(r.type, r.name), r.inputs]));

  const host = await ProviderHost.start({ env });
  try {
    await host.configure({ 'alicloud:region': 'cn-hangzhou' });
    const engine = new MiniEngine(host);
    const report = (title: string, rows: Array<{ urn: string; kind?: string; error?: string }>) => {
      log(title);
      for (const row of rows) log(`  ${row.kind ?? ''} ${row.urn.split('::').pop()}${row.error ? `  FAILED: ${row.error}` : ''}`);
    };
    report('preview:', await engine.preview(declared));
    const up = await engine.up(declared);
    report('up:', up);
    log('outputs:');
    for (const resource of engine.state.values()) {
      const { keyPairName, fingerprint, fingerprintSha256, keyType, keyBits, region } = resource.outputs;
      log(
        `  ${resource.urn.split('::').pop()}: ${JSON.stringify({ keyPairName, fingerprint, fingerprintSha256, keyType, keyBits, region })}`,
      );
    }
    log(
      `emulator holds: ${emulator
        .snapshot()
        .map((k) => `${k.region}/${k.keyPairName} ${k.fingerprint}`)
        .join(', ')}`,
    );
    const refreshed = await engine.refresh();
    log(`refresh: ${refreshed.filter((r) => !r.gone).length} key pair(s) unchanged in the cloud`);
    report('preview after refresh:', await engine.preview(declared));
    const destroyed = await engine.destroy();
    report('destroy:', destroyed);
    log(`emulator holds after destroy: ${emulator.snapshot().length} key pair(s)`);
    const failed = [...up, ...destroyed].some((s) => s.error);
    log(failed ? 'main job FAILED' : 'main job ok');
    return failed ? 1 : 0;
  } finally {
    await host.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`main job failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
