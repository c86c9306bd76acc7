/**
 * Set-up for the real-CLI tests: the bundled emulator on port 0, and a Pulumi project whose program is driven by a
 * resources.json (one KeyPair or EnsKeyPair per entry, with its args and resource options), run by the real
 * `pulumi` command with a file backend.
 */
import { Emulator, EmulatorOptions } from '../../emulator';
import { startEmulator } from '../support/emulatorUnderTest';
import { locatePulumiCli } from '../../tools/pulumi-cli/locate';
import { PulumiProject } from '../../tools/pulumi-cli/project';
import { GENERIC_PROGRAM } from '../../tools/pulumi-cli/programs';

export { GENERIC_PROGRAM };
import { emulatorEnvironment } from '../support/emulatorEnvironment';
import { TEST_CREDENTIAL } from '../support/fixtures';
import type { Service } from '../../provider/serviceFacts';

/** One resource of the generic program (a KeyPair or EnsKeyPair, or a lookup), as resources.json lists it. */
export interface ProgramResource {
  name: string;
  service?: Service;
  args: Record<string, unknown>;
  options?: Record<string, unknown>;
  /** Take publicKey from this secret stack config key. */
  secretPublicKey?: string;
  /** Look this id up (`KeyPair.get`) instead of declaring a key pair; args are then the lookup's. */
  get?: string;
}

export interface CliWorld {
  emulator: Emulator;
  project: PulumiProject;
  declare(resources: ProgramResource[]): void;
}

/** The CLI's folder, or undefined (the suite then says how to get one, and fails under CI). */
export const CLI_DIR = locatePulumiCli();

/** The environment of a program run against `emulator` with the test credential (every endpoint, STS included). */
export function emulatorEnv(emulator: Emulator): NodeJS.ProcessEnv {
  return { ...emulatorEnvironment(emulator), ALIBABA_CLOUD_RETRY_DEADLINE_SECONDS: '10' };
}

export async function startCliWorld(
  files: Record<string, string> = { 'index.js': GENERIC_PROGRAM },
  emulatorOptions: EmulatorOptions = {},
): Promise<CliWorld> {
  const emulator = await startEmulator({ credentials: [TEST_CREDENTIAL], ...emulatorOptions });
  const project = PulumiProject.create({
    cliDir: CLI_DIR!,
    files,
    // As users install it, so the state holds what theirs does.
    install: 'packed',
    env: emulatorEnv(emulator),
  });
  return {
    emulator,
    project,
    declare: (resources) => project.write('resources.json', JSON.stringify(resources)),
  };
}

/** A fresh stack (and an empty cloud) for one test. */
export async function freshStack(world: CliWorld, stack: string): Promise<void> {
  world.emulator.reset();
  await world.project.ok(['stack', 'init', stack]);
  await world.project.ok(['config', 'set', 'alicloud:region', 'cn-hangzhou']);
}

export async function stopCliWorld(world: CliWorld | undefined): Promise<void> {
  if (!world) return;
  await world.emulator.close();
  world.project.remove();
}
