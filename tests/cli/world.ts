/**
 * Set-up for the real-CLI tests: the bundled emulator on port 0, and a Pulumi project whose program is driven by a
 * resources.json (one KeyPair or EnsKeyPair per entry, with its args and resource options), run by the real
 * `pulumi` command with a file backend.
 */
import { Emulator, startEmulator } from '../../emulator';
import { locatePulumiCli } from '../../tools/pulumi-cli/locate';
import { PulumiProject } from '../../tools/pulumi-cli/project';
import { TEST_CREDENTIAL } from '../integration/helpers';

export const GENERIC_PROGRAM = `// Declares what resources.json lists, so one project serves every situation.
const fs = require('fs');
const path = require('path');
const pulumi = require('@pulumi/pulumi');
const { KeyPair, EnsKeyPair } = require('pulumi-alicloud-keypair');

const spec = JSON.parse(fs.readFileSync(path.join(__dirname, 'resources.json'), 'utf8'));
const config = new pulumi.Config();
for (const entry of spec) {
  const args = { ...entry.args };
  if (entry.secretPublicKey) args.publicKey = config.requireSecret(entry.secretPublicKey);
  const Resource = entry.service === 'ens' ? EnsKeyPair : KeyPair;
  const resource = new Resource(entry.name, args, entry.options);
  exports[entry.name] = { keyPairName: resource.keyPairName, fingerprint: resource.fingerprint, publicKey: resource.publicKey };
}
`;

export interface Declared {
  name: string;
  service?: 'ecs' | 'ens';
  args: Record<string, unknown>;
  options?: Record<string, unknown>;
  /** Take publicKey from this secret stack config key. */
  secretPublicKey?: string;
}

export interface CliWorld {
  emulator: Emulator;
  project: PulumiProject;
  declare(resources: Declared[]): void;
}

/** The CLI's folder, or undefined (the suite then says how to get one, and fails under CI). */
export const CLI_DIR = locatePulumiCli();

export async function startCliWorld(files: Record<string, string> = { 'index.js': GENERIC_PROGRAM }): Promise<CliWorld> {
  const emulator = await startEmulator({ credentials: [TEST_CREDENTIAL] });
  const project = PulumiProject.create({
    cliDir: CLI_DIR!,
    files,
    env: {
      ALIBABA_CLOUD_ENDPOINT_ECS: emulator.url,
      ALIBABA_CLOUD_ENDPOINT_ENS: emulator.url,
      ALIBABA_CLOUD_ACCESS_KEY_ID: TEST_CREDENTIAL.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: TEST_CREDENTIAL.accessKeySecret,
      ALIBABA_CLOUD_RETRY_DEADLINE_SECONDS: '10',
    },
  });
  return {
    emulator,
    project,
    declare: (resources) => project.write('resources.json', JSON.stringify(resources)),
  };
}

/** A fresh stack (and an empty cloud) for one test. */
export async function freshStack(world: CliWorld, stack: string): Promise<void> {
  world.emulator.store.clear();
  world.emulator.requests.length = 0;
  world.emulator.faults.reset();
  await world.project.ok(['stack', 'init', stack]);
  await world.project.ok(['config', 'set', 'alicloud:region', 'cn-hangzhou']);
}

export async function stopCliWorld(world: CliWorld | undefined): Promise<void> {
  if (!world) return;
  await world.emulator.close();
  world.project.remove();
}
