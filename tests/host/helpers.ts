/**
 * Shared set-up for the integration tests: an emulator on port 0, the real provider host pointed at it, and a
 * way to turn a Pulumi program (resource constructors) into the engine's view of it.
 */
import * as pulumi from '@pulumi/pulumi';
import { Emulator, EmulatorOptions } from '../../emulator';
import { emulatorEnvironment } from '../support/emulatorEnvironment';
import { startEmulator } from '../support/emulatorUnderTest';
import { TEST_CREDENTIAL } from '../support/fixtures';
import { Declared, MiniEngine, urnOf } from '../../tools/engine-standin/engine';
import { registeredResources } from '../../tools/engine-standin/program';
import { ProviderHost } from '../../tools/engine-standin/providerHost';
import { OWNER_TAG } from '../../provider/ownership';

export interface World {
  emulator: Emulator;
  host: ProviderHost;
  engine: MiniEngine;
  /** The environment the host was started with (to start another one like it). */
  env: NodeJS.ProcessEnv;
}

export async function startWorld(
  options: {
    env?: NodeJS.ProcessEnv;
    concurrency?: number;
    credentials?: Array<{ accessKeyId: string; accessKeySecret: string; securityToken?: string }>;
    /** More emulator settings (accounts, roles). */
    emulator?: EmulatorOptions;
    /** Stack config for configure (default: alicloud:region cn-hangzhou). */
    config?: Record<string, string>;
  } = {},
): Promise<World> {
  const emulator = await startEmulator({ credentials: options.credentials ?? [TEST_CREDENTIAL], ...options.emulator });
  const env: NodeJS.ProcessEnv = {
    ...emulatorEnvironment(emulator),
    ALIBABA_CLOUD_RETRY_DEADLINE_SECONDS: '20',
    // Delete does not wait for instances to let go of a key pair unless a test asks it to.
    ALIBABA_CLOUD_DETACH_TIMEOUT_SECONDS: '0',
    ...options.env,
  };
  const host = await ProviderHost.start({ env });
  await host.configure(options.config ?? { 'alicloud:region': 'cn-hangzhou' });
  return { emulator, host, engine: new MiniEngine(host, options.concurrency ?? 1), env };
}

/** Between tests: an empty cloud, no faults, no request log, an empty state. */
export function resetWorld(world: World): void {
  world.emulator.reset();
  world.engine.state.clear();
}

export async function stopWorld(world: World | undefined): Promise<void> {
  if (!world) return;
  await world.host.stop();
  await world.emulator.close();
}

/** The engine's view of a program: urn → inputs with the real serialized `__provider`. */
export async function programOf(build: () => pulumi.Resource[]): Promise<Declared> {
  const resources = await registeredResources(build);
  return new Map(resources.map((r) => [urnOf(r.type, r.name), r.inputs]));
}

/** Everything a test can observe, as one string, for secret checks. */
export function everythingSeen(world: World, extra: unknown[] = []): string {
  return JSON.stringify([...world.engine.state.values()]) + world.host.stderr + world.host.stdout + JSON.stringify(extra);
}

/** A cloud key pair's tags without the owner tag the provider adds to ECS imports (tests compare user tags). */
export function userTags(tags: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(tags ?? {}).filter(([key]) => key !== OWNER_TAG));
}
