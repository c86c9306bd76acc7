/**
 * Key pairs bound to instances. Running an instance with a key pair binds it, and the cloud then refuses to delete
 * the key pair; a released instance lets go of it only after a while. Tests and the control API simulate both.
 */
import type { Service } from '../provider/serviceFacts';
import { bind, createInstances, isInstanceId, releaseInstance, unbind } from './instances';
import type { EcsKeyPairRecord, EmulatorStore, EnsKeyPairRecord } from './store';

/** The longest release delay a timer can hold (2^31 - 1 ms). */
export const MAX_RELEASE_AFTER_MS = 2 ** 31 - 1;

/** Which key pair to bind, to which instances, and for how long. */
export interface AttachRequest {
  /** `ecs` (default) or `ens`. */
  service?: Service;
  /** ECS: the key pair's region. */
  region?: string;
  /** The key pair's name (ENS: or give keyPairId). */
  keyPairName?: string;
  /** ENS: the key pair's id. */
  keyPairId?: string;
  /** Instance ids to bind it to (made when the emulator has no such instance). Default `["i-emulator0001"]`. */
  instanceIds?: string[];
  /** Let go of these instances after this many milliseconds (as after the instances are released). Default: never. */
  releaseAfterMs?: number;
  /** The account holding the key pair. Default: the default account. */
  accountId?: string;
}

/** Thrown when the request names no key pair the emulator holds, or is malformed. */
export class AttachError extends Error {}

function findRecord(store: EmulatorStore, request: AttachRequest): EcsKeyPairRecord | EnsKeyPairRecord | undefined {
  if ((request.service ?? 'ecs') === 'ecs') {
    return request.region && request.keyPairName ? store.ecs.get(request.region)?.get(request.keyPairName) : undefined;
  }
  if (request.keyPairId) return store.ens.get(request.keyPairId);
  return request.keyPairName ? store.findEnsByName(request.keyPairName) : undefined;
}

/** Binds the key pair to the instances; schedules the release when asked. `changed` is told of every change. */
export function attachKeyPair(store: EmulatorStore, request: AttachRequest, changed: () => void): void {
  const service = request.service ?? 'ecs';
  if (service !== 'ecs' && service !== 'ens') throw new AttachError('service must be "ecs" or "ens"');
  const instanceIds = request.instanceIds ?? ['i-emulator0001'];
  if (!Array.isArray(instanceIds) || instanceIds.length === 0 || !instanceIds.every(isInstanceId)) {
    throw new AttachError('instanceIds must be a non-empty list of instance ids (i-…)');
  }
  const delay = request.releaseAfterMs;
  // Node's timers take at most 2^31 - 1 ms; a longer delay would fire at once (the release "never" became "now").
  if (delay !== undefined && !(Number.isFinite(delay) && delay >= 0 && delay <= MAX_RELEASE_AFTER_MS)) {
    throw new AttachError(`releaseAfterMs must be from 0 to ${MAX_RELEASE_AFTER_MS} (about 24 days); leave it out to keep the binding`);
  }
  const record = findRecord(store, request);
  if (!record) {
    throw new AttachError(
      service === 'ecs'
        ? 'no such ECS key pair: give region and keyPairName of one it holds'
        : 'no such ENS key pair: give keyPairName or keyPairId',
    );
  }
  // Running an instance with the key pair: the instances exist from now on (an ECS one in the key pair's region).
  const region = service === 'ecs' ? request.region : undefined;
  const instances = createInstances(store, { service, region, instanceIds });
  const elsewhere = instances.find((instance) => instance.service !== service || (region !== undefined && instance.regionId !== region));
  if (elsewhere) throw new AttachError(`instance ${elsewhere.instanceId} is not in ${region ?? 'ENS'}`);
  for (const instance of instances) bind(store, record, instance);
  changed();
  if (delay === undefined) return;
  const timer = setTimeout(() => {
    // Released: the instances are gone, and so is the binding.
    for (const id of instanceIds) {
      if (store.instances.has(id)) releaseInstance(store, id);
      else unbind(record, id);
    }
    changed();
  }, delay);
  // A pending release never keeps a process (a test, the command) alive.
  timer.unref();
}
