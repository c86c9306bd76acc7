/** Typed ECS (2014-05-26) key-pair operations over `RpcClient`. */
import { SERVICES } from '../serviceFacts';
import { keyPairItems } from './responseShape';
import { RpcClient } from './rpcClient';

export const ECS_API_VERSION = SERVICES.ecs.apiVersion;
/** DescribeKeyPairs' largest page. */
export const ECS_PAGE_SIZE = 50;

export interface EcsKeyPair {
  keyPairName: string;
  keyPairFingerPrint: string;
  creationTime?: string;
  resourceGroupId?: string;
  publicKey?: string;
  tags: Record<string, string>;
}

interface DescribeKeyPairsResponse {
  TotalCount?: number;
  PageNumber?: number;
  KeyPairs?: unknown;
}

function toTagList(tags: Readonly<Record<string, string>> | undefined): Array<{ Key: string; Value: string }> | undefined {
  if (!tags || Object.keys(tags).length === 0) return undefined;
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

function fromDescribeItem(item: Record<string, unknown>): EcsKeyPair {
  // A Map, then fromEntries: every key becomes an own property, `__proto__` included (assignment would drop it).
  const tags = new Map<string, string>();
  const tagList = (item.Tags as { Tag?: unknown } | undefined)?.Tag;
  for (const tag of Array.isArray(tagList) ? (tagList as Array<{ TagKey?: unknown; TagValue?: unknown }>) : []) {
    if (typeof tag?.TagKey === 'string') tags.set(tag.TagKey, typeof tag.TagValue === 'string' ? tag.TagValue : '');
  }
  return {
    keyPairName: String(item.KeyPairName ?? ''),
    keyPairFingerPrint: String(item.KeyPairFingerPrint ?? ''),
    creationTime: typeof item.CreationTime === 'string' ? item.CreationTime : undefined,
    resourceGroupId: typeof item.ResourceGroupId === 'string' && item.ResourceGroupId !== '' ? item.ResourceGroupId : undefined,
    publicKey: typeof item.PublicKey === 'string' ? item.PublicKey : undefined,
    tags: Object.fromEntries(tags),
  };
}

export class EcsKeyPairApi {
  constructor(private readonly client: RpcClient) {}

  async importKeyPair(input: {
    regionId: string;
    keyPairName: string;
    publicKeyBody: string;
    resourceGroupId?: string;
    tags?: Record<string, string>;
  }): Promise<{ keyPairName: string; keyPairFingerPrint: string }> {
    const response = await this.client.call<{ KeyPairName?: string; KeyPairFingerPrint?: string; RequestId?: string }>('ImportKeyPair', {
      RegionId: input.regionId,
      KeyPairName: input.keyPairName,
      PublicKeyBody: input.publicKeyBody,
      ResourceGroupId: input.resourceGroupId,
      Tag: toTagList(input.tags),
    });
    return {
      keyPairName: response.KeyPairName ?? input.keyPairName,
      keyPairFingerPrint: response.KeyPairFingerPrint ?? '',
    };
  }

  /** The key pair with exactly this name, or undefined. One call: names are unique per region. */
  async findKeyPair(regionId: string, keyPairName: string): Promise<EcsKeyPair | undefined> {
    const response = await this.client.call<DescribeKeyPairsResponse>('DescribeKeyPairs', {
      RegionId: regionId,
      KeyPairName: keyPairName,
      // The key itself, so that a key pair re-imported outside Pulumi can be described in the refresh.
      IncludePublicKey: true,
      PageNumber: 1,
      PageSize: ECS_PAGE_SIZE,
    });
    return keyPairItems('DescribeKeyPairs', response as Record<string, unknown>)
      .map(fromDescribeItem)
      .find((k) => k.keyPairName === keyPairName);
  }

  /** Deleting names that do not exist succeeds. */
  async deleteKeyPairs(regionId: string, keyPairNames: string[]): Promise<void> {
    await this.client.call('DeleteKeyPairs', { RegionId: regionId, KeyPairNames: JSON.stringify(keyPairNames) });
  }

  async tagResources(regionId: string, keyPairName: string, tags: Record<string, string>): Promise<void> {
    await this.client.call('TagResources', {
      RegionId: regionId,
      ResourceType: 'keypair',
      ResourceId: [keyPairName],
      Tag: toTagList(tags),
    });
  }

  async untagResources(regionId: string, keyPairName: string, tagKeys: string[]): Promise<void> {
    await this.client.call('UntagResources', { RegionId: regionId, ResourceType: 'keypair', ResourceId: [keyPairName], TagKey: tagKeys });
  }

  async joinResourceGroup(regionId: string, keyPairName: string, resourceGroupId: string): Promise<void> {
    await this.client.call('JoinResourceGroup', {
      RegionId: regionId,
      ResourceType: 'keypair',
      ResourceId: keyPairName,
      ResourceGroupId: resourceGroupId,
    });
  }
}
