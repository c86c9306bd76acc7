/**
 * Drift on demand: what someone does to a key pair outside Pulumi — deletes it, imports another key under its name,
 * tags it — done to the emulator's store, so a user can watch `pulumi refresh` and `pulumi preview` notice it.
 * Served by the control API (`POST /__emulator/keypairs/{delete,import,tag}`) and the `emulator-ctl` command.
 */
import type { Service } from '../provider/serviceFacts';
import { readPublicKeyBody } from './publicKeyBody';
import { creationTime, creationTimeWithSeconds, DEFAULT_RESOURCE_GROUP, EmulatorStore } from './store';

/** A drift request names no key pair the store holds, or is malformed: the message says which. */
export class DriftError extends Error {}

/** Which key pair: ECS by region and name; ENS by name or id. */
export interface DriftTarget {
  /** `ecs` (default) or `ens`. */
  service?: Service;
  /** ECS: the region (default cn-hangzhou). */
  region?: string;
  keyPairName?: string;
  /** ENS: the id instead of the name. */
  keyPairId?: string;
  /** The account (default: the emulator's own). */
  accountId?: string;
}

const serviceOf = (target: DriftTarget): Service => {
  if (target.service !== undefined && target.service !== 'ecs' && target.service !== 'ens')
    throw new DriftError('service must be ecs or ens');
  return target.service ?? 'ecs';
};
const regionOf = (target: DriftTarget) => target.region ?? 'cn-hangzhou';

function text(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw new DriftError(`${name} must be non-empty text`);
  return value;
}

/** Deletes the key pair, as someone would in the console. */
export function deleteKeyPair(store: EmulatorStore, target: DriftTarget): void {
  if (serviceOf(target) === 'ens') {
    const found = target.keyPairId ? store.ens.get(target.keyPairId) : store.findEnsByName(text(target.keyPairName, 'keyPairName'));
    if (!found) throw new DriftError('no such ENS key pair: give keyPairName or keyPairId of one it holds');
    store.ens.delete(found.keyPairId);
    return;
  }
  const name = text(target.keyPairName, 'keyPairName');
  if (!store.ecsRegion(regionOf(target)).delete(name)) throw new DriftError(`no ECS key pair "${name}" in ${regionOf(target)}`);
}

/**
 * Imports `publicKey` under the name, as someone would by hand: a key pair already there is replaced (a new key, a
 * new creation time, no tags: our owner tag goes too, as it would), otherwise one is made.
 */
export function importKeyPair(store: EmulatorStore, target: DriftTarget & { publicKey?: unknown }, now = new Date()): void {
  const service = serviceOf(target);
  const name = text(target.keyPairName, 'keyPairName');
  const parsed = readPublicKeyBody(text(target.publicKey, 'publicKey'), service);
  if (!parsed) throw new DriftError(`publicKey is not a public key ${service === 'ens' ? 'ENS accepts (ssh-rsa)' : 'ECS accepts'}`);
  if (service === 'ens') {
    const existing = store.findEnsByName(name);
    if (existing) store.ens.delete(existing.keyPairId);
    const keyPairId = store.nextEnsKeyPairId();
    store.ens.set(keyPairId, {
      keyPairId,
      keyPairName: name,
      fingerprint: parsed.fingerprint,
      publicKey: parsed.publicKey,
      creationTime: creationTimeWithSeconds(now),
      attachedInstances: [],
    });
    return;
  }
  const pairs = store.ecsRegion(regionOf(target));
  pairs.set(name, {
    keyPairName: name,
    fingerprint: parsed.fingerprint,
    publicKey: parsed.publicKey,
    creationTime: creationTime(now),
    resourceGroupId: pairs.get(name)?.resourceGroupId ?? DEFAULT_RESOURCE_GROUP,
    tags: new Map(),
    attachedInstances: [],
  });
}

/** Sets tags on an ECS key pair (a value of null removes that tag), as someone would in the console. */
export function tagKeyPair(store: EmulatorStore, target: DriftTarget & { tags?: unknown }): void {
  if (serviceOf(target) === 'ens') throw new DriftError('ENS key pairs have no tags');
  const name = text(target.keyPairName, 'keyPairName');
  const record = store.ecsRegion(regionOf(target)).get(name);
  if (!record) throw new DriftError(`no ECS key pair "${name}" in ${regionOf(target)}`);
  const tags = target.tags;
  if (tags === null || typeof tags !== 'object' || Array.isArray(tags))
    throw new DriftError('tags must be an object of key → value (null removes)');
  for (const [key, value] of Object.entries(tags)) {
    if (value === null) record.tags.delete(key);
    else record.tags.set(key, String(value));
  }
}
