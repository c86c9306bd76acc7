/** ECS key pairs: regional and known by name; tags and resource groups change in place. */
import { EcsKeyPairApi } from '../alibaba';
import { isReservedTag, OWNER_TAG } from '../ownership';
import { SERVICES } from '../serviceFacts';
import { normalizeFingerprint } from '../ssh/fingerprint';
import type { CloudKeyPair, KeyPairInputs, KeyPairLocation, KeyPairState } from '../types';
import { MAX_TAGS } from '../validation';
import { fingerprintOrFail, KeyPairServiceAdapter } from './adapter';

export class EcsAdapter implements KeyPairServiceAdapter {
  readonly service = 'ecs' as const;
  readonly errorCodes = SERVICES.ecs.errorCodes;
  constructor(private readonly api: (region: string) => EcsKeyPairApi) {}

  /**
   * The region an ECS key pair is in, and the API there: narrowed once here instead of asserted at every call. Check
   * always fills the region in (from the input, the stack config or the environment), so only a hand-edited state
   * lacks one.
   */
  private at(where: { region?: string }): { region: string; api: EcsKeyPairApi } {
    if (!where.region) throw new Error('an ECS key pair needs a region: set `region` or stack config alicloud:region');
    return { region: where.region, api: this.api(where.region) };
  }

  idOf(state: KeyPairState): string {
    return state.keyPairName;
  }

  locateById(id: string, region: string | undefined): Partial<KeyPairState> {
    return { keyPairName: id, region };
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
    const { region, api } = this.at(inputs);
    const result = await api.importKeyPair({
      regionId: region,
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
    const { region, api } = this.at(location);
    const found = await api.findKeyPair(region, location.keyPairName);
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
    const { region, api } = this.at(location);
    await api.deleteKeyPairs(region, [location.keyPairName]);
  }

  async setTags(
    location: KeyPairLocation,
    current: Record<string, string>,
    desired: Record<string, string>,
  ): Promise<Record<string, string>> {
    const { region, api } = this.at(location);
    // Own properties only: a tag named `toString` or `constructor` is a tag like any other.
    const toSet = Object.entries(desired).filter(([k, v]) => !Object.hasOwn(current, k) || current[k] !== v);
    const toRemove = Object.keys(current).filter((k) => !Object.hasOwn(desired, k) && !isReservedTag(k));
    if (toRemove.length > 0) await api.untagResources(region, location.keyPairName, toRemove);
    if (toSet.length > 0) await api.tagResources(region, location.keyPairName, Object.fromEntries(toSet));
    const result = new Map(Object.entries(current));
    for (const key of toRemove) result.delete(key);
    for (const [key, value] of toSet) result.set(key, value);
    return Object.fromEntries(result);
  }

  async joinResourceGroup(location: KeyPairLocation, resourceGroupId: string): Promise<void> {
    const { region, api } = this.at(location);
    await api.joinResourceGroup(region, location.keyPairName, resourceGroupId);
  }
}
