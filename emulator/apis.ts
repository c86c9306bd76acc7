/**
 * The APIs the emulator serves (ECS, ENS, and STS for roles), told apart by API version: their handlers, which actions write (what an
 * "ambiguous write" fault applies before dropping the connection), and the host name their error envelopes name.
 * Its versions are written out here on purpose, not taken from the provider: the emulator checks the client.
 */
import { Handler } from './handlers/context';
import { ECS_VERSION, ECS_WRITE_ACTIONS, ecsHandlers } from './handlers/ecs';
import { ENS_VERSION, ENS_WRITE_ACTIONS, ensHandlers } from './handlers/ens';
import { STS_UNSIGNED_ACTIONS, STS_VERSION, STS_WRITE_ACTIONS, stsHandlers } from './handlers/sts';

export interface EmulatedApi {
  handlers: Readonly<Record<string, Handler>>;
  writes: ReadonlySet<string>;
  host: string;
  /** Actions served without a signature. */
  unsigned?: ReadonlySet<string>;
}

const APIS: Readonly<Record<string, EmulatedApi>> = {
  [ECS_VERSION]: { handlers: ecsHandlers, writes: ECS_WRITE_ACTIONS, host: 'ecs.aliyuncs.com' },
  [ENS_VERSION]: { handlers: ensHandlers, writes: ENS_WRITE_ACTIONS, host: 'ens.aliyuncs.com' },
  [STS_VERSION]: { handlers: stsHandlers, writes: STS_WRITE_ACTIONS, host: 'sts.aliyuncs.com', unsigned: STS_UNSIGNED_ACTIONS },
};

/** The API of this version, or undefined. Own properties only: a version named `constructor` is no API. */
export function apiFor(version: string): EmulatedApi | undefined {
  return Object.hasOwn(APIS, version) ? APIS[version] : undefined;
}

/** The handler of `action` in `api`, or undefined (own properties only). */
export function handlerFor(api: EmulatedApi, action: string): Handler | undefined {
  return Object.hasOwn(api.handlers, action) ? api.handlers[action] : undefined;
}

/** Every action any API serves: what fault settings may name. */
export const KNOWN_ACTIONS: readonly string[] = [...new Set(Object.values(APIS).flatMap((api) => Object.keys(api.handlers)))].sort();
