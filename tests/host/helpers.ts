/**
 * Shared set-up for the integration tests: an emulator on port 0, the real provider host pointed at it, and a
 * way to turn a Pulumi program (resource constructors) into the engine's view of it.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { Emulator, EmulatorOptions } from '../../emulator';
import { startEmulator } from '../emulatorUnderTest';
import { Declared, MiniEngine, urnOf } from '../../tools/engine-standin/engine';
import { registeredResources } from '../../tools/engine-standin/program';
import { ProviderHost } from '../../tools/engine-standin/providerHost';
import { OWNER_TAG } from '../../provider/ownership';

export const FIXTURES = path.join(__dirname, '..', 'fixtures');
export const key = (name: string): string => fs.readFileSync(path.join(FIXTURES, 'keys', name), 'utf8');
export const privateKey = (name: string): string => fs.readFileSync(path.join(FIXTURES, 'private', name), 'utf8');

/** Recognisable credentials: tests assert they never show up anywhere. */
export const TEST_CREDENTIAL = {
  accessKeyId: 'LTAI5tTestAccessKeyId01',
  accessKeySecret: 'TestSecret-7f3a9c1e5b2d4f6a8c0e-DO-NOT-LEAK',
};

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
    ALIBABA_CLOUD_ENDPOINT_ECS: emulator.url,
    ALIBABA_CLOUD_ENDPOINT_ENS: emulator.url,
    ALIBABA_CLOUD_ENDPOINT_STS: emulator.url,
    ALIBABA_CLOUD_ACCESS_KEY_ID: TEST_CREDENTIAL.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: TEST_CREDENTIAL.accessKeySecret,
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
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
