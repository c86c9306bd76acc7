/**
 * One adapter per service over the typed API clients, so the provider's lifecycle code is shared:
 * ECS key pairs live in a region and are named; ENS key pairs are global and also have an id.
 */
import { ApiError, EcsKeyPairApi, EnsKeyPairApi, NetworkError } from './alibaba';
import { KeyPairInputs } from './inputs';
import { isReservedTag, OWNER_TAG } from './ownership';
import { MAX_TAGS } from './validation';
import { normalizeFingerprint } from './ssh/publicKey';
import { Service, ServiceFacts, SERVICES } from './service';
import type { KeyPairState } from './state';

/** A key pair as the cloud describes it, fingerprint normalized. */
export interface CloudKeyPair {
  keyPairName: string;
  fingerprint: string;
  keyPairId?: string;
  creationTime?: string;
  resourceGroupId?: string;
  /** Tags the user manages: reserved ones (Alibaba's, our owner tag) left out. */
  tags?: Record<string, string>;
  publicKey?: string;
  /** ECS: the owner tag's value, when the key pair carries one. */
  owner?: string;
}

/** Where a key pair is: what read and delete get from the state. */
export interface KeyPairLocation {
  keyPairName: string;
  region?: string;
  keyPairId?: string;
}

/** Everything that differs between the services, so the lifecycle code has no `service === …` of its own. */
export interface KeyPairServiceAdapter {
  readonly service: Service;
  readonly errorCodes: ServiceFacts['errorCodes'];
  /** The resource id: ECS key pairs are known by name, ENS ones by id. */
  idOf(state: KeyPairState): string;
  /** The service's own state fields after a create. */
  createdFields(inputs: KeyPairInputs, cloud: CloudKeyPair): Partial<KeyPairState>;
  /** The service's own state fields as the cloud reports them (refresh). */
  cloudFields(cloud: CloudKeyPair, state: KeyPairState): Partial<KeyPairState>;
  importKeyPair(inputs: KeyPairInputs): Promise<CloudKeyPair>;
  find(location: KeyPairLocation): Promise<CloudKeyPair | undefined>;
  delete(location: KeyPairLocation): Promise<void>;
  /** ECS only: in-place changes. */
  setTags?(location: KeyPairLocation, current: Record<string, string>, desired: Record<string, string>): Promise<Record<string, string>>;
  joinResourceGroup?(location: KeyPairLocation, resourceGroupId: string): Promise<void>;
}

/** True when `error` is the service's answer with this code. */
export function hasErrorCode(error: unknown, code: string): boolean {
  return error instanceof ApiError && error.code === code;
}

export class EcsAdapter implements KeyPairServiceAdapter {
  readonly service = 'ecs' as const;
  readonly errorCodes = SERVICES.ecs.errorCodes;
  constructor(private readonly api: (region: string) => EcsKeyPairApi) {}

  idOf(state: KeyPairState): string {
    return state.keyPairName;
  }

  createdFields(inputs: KeyPairInputs, cloud: CloudKeyPair): Partial<KeyPairState> {
    return {
      region: inputs.region,
      resourceGroupId: cloud.resourceGroupId ?? inputs.resourceGroupId ?? '',
      tags: cloud.tags ?? inputs.tags ?? {},
      tagsManaged: inputs.tags !== undefined,
      resourceGroupManaged: inputs.resourceGroupId !== undefined,
      // The owner tag the key pair carries (ours when we imported it; none or another's when adopted): what delete
      // later expects to find on it.
      owner: cloud.owner,
    };
  }

  cloudFields(cloud: CloudKeyPair, state: KeyPairState): Partial<KeyPairState> {
    // A key pair made again outside Pulumi has lost our owner tag: the state stops expecting it. Another stack's
    // tag is never recorded as ours.
    return {
      tags: cloud.tags ?? {},
      resourceGroupId: cloud.resourceGroupId ?? '',
      owner: cloud.owner === undefined ? undefined : state.owner,
    };
  }

  async importKeyPair(inputs: KeyPairInputs): Promise<CloudKeyPair> {
    const userTags = inputs.tags ?? {};
    // The owner tag goes along when there is room for it (ECS allows 20 tags).
    const withOwner = inputs.owner && Object.keys(userTags).length < MAX_TAGS ? { ...userTags, [OWNER_TAG]: inputs.owner } : userTags;
    const result = await this.api(inputs.region!).importKeyPair({
      regionId: inputs.region!,
      keyPairName: inputs.keyPairName,
      publicKeyBody: inputs.publicKey,
      resourceGroupId: inputs.resourceGroupId,
      tags: withOwner,
    });
    // ECS always answers with the fingerprint; an answer without one (a proxy, a broken gateway) is checked by
    // looking the key pair up, so that the state never records a key pair whose key we have not seen.
    const described = result.keyPairFingerPrint ? undefined : await this.find({ region: inputs.region, keyPairName: inputs.keyPairName });
    return {
      keyPairName: result.keyPairName,
      fingerprint: fingerprintOrFail(result.keyPairFingerPrint || described?.fingerprint),
      resourceGroupId: inputs.resourceGroupId,
      tags: inputs.tags ?? {},
      owner: withOwner === userTags ? undefined : inputs.owner,
    };
  }

  async find(location: KeyPairLocation): Promise<CloudKeyPair | undefined> {
    const found = await this.api(location.region!).findKeyPair(location.region!, location.keyPairName);
    if (!found) return undefined;
    return {
      keyPairName: found.keyPairName,
      fingerprint: normalizeFingerprint(found.keyPairFingerPrint),
      creationTime: found.creationTime,
      resourceGroupId: found.resourceGroupId,
      tags: Object.fromEntries(Object.entries(found.tags).filter(([key]) => !isReservedTag(key))),
      publicKey: found.publicKey,
      owner: Object.hasOwn(found.tags, OWNER_TAG) ? found.tags[OWNER_TAG] : undefined,
    };
  }

  async delete(location: KeyPairLocation): Promise<void> {
    await this.api(location.region!).deleteKeyPairs(location.region!, [location.keyPairName]);
  }

  async setTags(
    location: KeyPairLocation,
    current: Record<string, string>,
    desired: Record<string, string>,
  ): Promise<Record<string, string>> {
    const api = this.api(location.region!);
    // Own properties only: a tag named `toString` or `constructor` is a tag like any other.
    const toSet = Object.entries(desired).filter(([k, v]) => !Object.hasOwn(current, k) || current[k] !== v);
    const toRemove = Object.keys(current).filter((k) => !Object.hasOwn(desired, k) && !isReservedTag(k));
    if (toRemove.length > 0) await api.untagResources(location.region!, location.keyPairName, toRemove);
    if (toSet.length > 0) await api.tagResources(location.region!, location.keyPairName, Object.fromEntries(toSet));
    const result = new Map(Object.entries(current));
    for (const key of toRemove) result.delete(key);
    for (const [key, value] of toSet) result.set(key, value);
    return Object.fromEntries(result);
  }

  async joinResourceGroup(location: KeyPairLocation, resourceGroupId: string): Promise<void> {
    await this.api(location.region!).joinResourceGroup(location.region!, location.keyPairName, resourceGroupId);
  }
}

export class EnsAdapter implements KeyPairServiceAdapter {
  readonly service = 'ens' as const;
  readonly errorCodes = SERVICES.ens.errorCodes;
  constructor(private readonly api: () => EnsKeyPairApi) {}

  idOf(state: KeyPairState): string {
    return state.keyPairId ?? state.keyPairName;
  }

  createdFields(_inputs: KeyPairInputs, cloud: CloudKeyPair): Partial<KeyPairState> {
    return { keyPairId: cloud.keyPairId };
  }

  cloudFields(cloud: CloudKeyPair): Partial<KeyPairState> {
    return { keyPairId: cloud.keyPairId };
  }

  /** Two calls: ImportKeyPair does not return the key pair's id, so a describe follows. */
  async importKeyPair(inputs: KeyPairInputs): Promise<CloudKeyPair> {
    const result = await this.api().importKeyPair({ keyPairName: inputs.keyPairName, publicKeyBody: inputs.publicKey });
    const described = result.keyPairId ? undefined : await this.find({ keyPairName: inputs.keyPairName });
    return {
      keyPairName: result.keyPairName,
      fingerprint: fingerprintOrFail(result.keyPairFingerPrint || described?.fingerprint),
      keyPairId: result.keyPairId ?? described?.keyPairId,
      creationTime: described?.creationTime,
    };
  }

  async find(location: KeyPairLocation): Promise<CloudKeyPair | undefined> {
    // By name, not id: names are unique, and a key pair re-imported outside Pulumi under the same name (new id)
    // must show as drift, not as "gone". Only a lookup (`EnsKeyPair.get`) knows nothing but the id.
    const found = location.keyPairName
      ? await this.api().findKeyPair(location.keyPairName)
      : location.keyPairId
        ? await this.api().findKeyPairById(location.keyPairId)
        : undefined;
    if (!found) return undefined;
    return {
      keyPairName: found.keyPairName,
      fingerprint: normalizeFingerprint(found.keyPairFingerPrint),
      keyPairId: found.keyPairId,
      creationTime: found.creationTime,
    };
  }

  async delete(location: KeyPairLocation): Promise<void> {
    await this.api().deleteKeyPair(location.keyPairId ? { keyPairId: location.keyPairId } : { keyPairName: location.keyPairName });
  }
}

/** The cloud's fingerprint of a key pair just imported; without one, the import cannot be trusted to be ours. */
function fingerprintOrFail(fingerprint: string | undefined): string {
  if (!fingerprint) {
    throw new NetworkError(
      'ImportKeyPair',
      'BAD_RESPONSE',
      'the answer held no key-pair fingerprint, and the key pair could not be found afterwards',
      true,
    );
  }
  return normalizeFingerprint(fingerprint);
}
