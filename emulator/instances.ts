/**
 * Instances, as far as key pairs care: an instance exists in a region (ECS) or on ENS, and a key pair may be bound to
 * it. Which key pair is bound lives on the key pair (its `attachedInstances`, what DeleteKeyPairs checks); an instance
 * records only that it exists. Made through the control API (`POST /__emulator/instances`), `--instances`, or
 * implicitly by the control API's attach; kept by `--state`.
 */
import * as crypto from 'crypto';
import type { Service } from '../provider/serviceFacts';
import { creationTime, EcsKeyPairRecord, EmulatorStore, EnsKeyPairRecord, InstanceRecord } from './store';

/** Instances to make (the control API's body, one entry of `--instances`). */
export interface InstanceRequest {
  /** `ecs` (default) or `ens`. */
  service?: Service;
  /** ECS: the region (default cn-hangzhou). */
  region?: string;
  /** Their ids (default: one new `i-…` id). An id the emulator already holds is left as it is. */
  instanceIds?: string[];
  /** The name (default: the id). */
  instanceName?: string;
  /** `Running` (default) or `Stopped`. */
  status?: string;
  /** `linux` (default) or `windows` (ECS refuses to bind key pairs to Windows instances). */
  osType?: string;
  /** Bind this key pair to them (ECS: of the same region). */
  keyPairName?: string;
  /** The account (default: the emulator's own). */
  accountId?: string;
}

/** The request is malformed or names what the emulator does not hold. */
export class InstanceError extends Error {}

/** The most instances one request may make. */
const MAX_INSTANCES_PER_REQUEST = 100;

/** An id as ECS hands them out: `i-` and 20 lowercase letters and digits. */
export function newInstanceId(): string {
  return `i-${crypto.randomBytes(10).toString('hex')}`;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    throw new InstanceError(`${name} must be ${allowed.join(' or ')}`);
  return value as T;
}

/** Makes the instances a request asks for (those already there are kept as they are) and returns every one it names. */
export function createInstances(store: EmulatorStore, request: InstanceRequest, now = new Date()): InstanceRecord[] {
  if (request === null || typeof request !== 'object') throw new InstanceError('an instance request must be a JSON object');
  const service = oneOf(request.service, ['ecs', 'ens'] as const, 'service') ?? 'ecs';
  const status = oneOf(request.status, ['Running', 'Stopped'] as const, 'status') ?? 'Running';
  const osType = oneOf(request.osType, ['linux', 'windows'] as const, 'osType') ?? 'linux';
  const ids = request.instanceIds ?? [newInstanceId()];
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_INSTANCES_PER_REQUEST || !ids.every(isInstanceId)) {
    throw new InstanceError(`instanceIds must be a list of 1 to ${MAX_INSTANCES_PER_REQUEST} instance ids (i-…)`);
  }
  const regionId = service === 'ecs' ? (request.region ?? 'cn-hangzhou') : (request.region ?? 'ens');
  if (typeof regionId !== 'string' || !/^[a-z0-9-]{1,64}$/.test(regionId))
    throw new InstanceError('region must be a region id such as cn-hangzhou');
  if (request.instanceName !== undefined && (typeof request.instanceName !== 'string' || request.instanceName.length > 128)) {
    throw new InstanceError('instanceName must be text of at most 128 characters');
  }
  const keyPair = request.keyPairName === undefined ? undefined : keyPairOf(store, service, regionId, request.keyPairName);
  const records = ids.map((instanceId) => {
    let record = store.instances.get(instanceId);
    if (!record) {
      record = {
        instanceId,
        service,
        regionId,
        instanceName: request.instanceName ?? instanceId,
        status,
        osType,
        creationTime: creationTime(now),
      };
      store.instances.set(instanceId, record);
    }
    return record;
  });
  if (keyPair) for (const record of records) bind(store, keyPair, record);
  return records;
}

/** The instance ids ECS hands out look like `i-` and letters and digits; anything shorter than 3 or odd is refused. */
export function isInstanceId(value: unknown): value is string {
  return typeof value === 'string' && /^i-[A-Za-z0-9_-]{1,62}$/.test(value);
}

function keyPairOf(store: EmulatorStore, service: Service, regionId: string, name: unknown): EcsKeyPairRecord | EnsKeyPairRecord {
  if (typeof name !== 'string' || name === '') throw new InstanceError('keyPairName must be non-empty text');
  const found = service === 'ecs' ? store.ecs.get(regionId)?.get(name) : store.findEnsByName(name);
  if (!found) throw new InstanceError(`no ${service.toUpperCase()} key pair "${name}"${service === 'ecs' ? ` in ${regionId}` : ''}`);
  return found;
}

/**
 * Binds the key pair to the instance. An ECS instance holds one key pair: binding another replaces it, as
 * AttachKeyPair documents.
 */
export function bind(store: EmulatorStore, keyPair: EcsKeyPairRecord | EnsKeyPairRecord, instance: InstanceRecord): void {
  const previous = store.boundKeyPair(instance);
  if (previous === keyPair) return;
  if (previous) unbind(previous, instance.instanceId);
  keyPair.attachedInstances.push(instance.instanceId);
}

/** Lets go of the instance; false when the key pair was not bound to it. */
export function unbind(keyPair: EcsKeyPairRecord | EnsKeyPairRecord, instanceId: string): boolean {
  const before = keyPair.attachedInstances.length;
  keyPair.attachedInstances = keyPair.attachedInstances.filter((id) => id !== instanceId);
  return keyPair.attachedInstances.length !== before;
}

/** Releases an instance: it is gone, and its key pair is no longer bound to it. */
export function releaseInstance(store: EmulatorStore, instanceId: unknown): void {
  if (!isInstanceId(instanceId)) throw new InstanceError('instanceId must be an instance id (i-…)');
  const instance = store.instances.get(instanceId);
  if (!instance) throw new InstanceError(`no instance ${instanceId}`);
  const keyPair = store.boundKeyPair(instance);
  if (keyPair) unbind(keyPair, instanceId);
  store.instances.delete(instanceId);
}
