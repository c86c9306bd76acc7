/** Typed ENS (2017-11-10) key-pair operations over `RpcClient`. ENS has no regions on these calls. */
import { SERVICES } from '../serviceFacts';
import { keyPairItems, MAX_DESCRIBED_KEY_PAIRS, unexpectedResponse } from './responseShape';
import { RpcClient } from './rpcClient';

export const ENS_API_VERSION = SERVICES.ens.apiVersion;
export const ENS_PAGE_SIZE = 50;

export interface EnsKeyPair {
  keyPairName: string;
  keyPairId: string;
  keyPairFingerPrint: string;
  creationTime?: string;
}

interface EnsDescribeResponse {
  TotalCount?: number | string;
  KeyPairs?: unknown;
}

function fromItem(item: Record<string, unknown>): EnsKeyPair {
  return {
    keyPairName: String(item.KeyPairName ?? ''),
    keyPairId: String(item.KeyPairId ?? ''),
    keyPairFingerPrint: String(item.KeyPairFingerPrint ?? ''),
    creationTime: typeof item.CreationTime === 'string' ? item.CreationTime : undefined,
  };
}

export class EnsKeyPairApi {
  constructor(private readonly client: RpcClient) {}

  async importKeyPair(input: {
    keyPairName: string;
    publicKeyBody: string;
  }): Promise<{ keyPairName: string; keyPairFingerPrint: string; keyPairId?: string }> {
    const response = await this.client.call<{ KeyPairName?: string; KeyPairFingerPrint?: string; KeyPairId?: string }>('ImportKeyPair', {
      KeyPairName: input.keyPairName,
      PublicKeyBody: input.publicKeyBody,
    });
    return {
      keyPairName: response.KeyPairName ?? input.keyPairName,
      keyPairFingerPrint: response.KeyPairFingerPrint ?? '',
      keyPairId: response.KeyPairId,
    };
  }

  /**
   * Every key pair matching the filters, all pages, within one deadline. Paging is bounded: a server that never
   * stops paging (TotalCount of a billion, the same page again and again) gets an "unexpected response" error.
   */
  async describeKeyPairs(input: { keyPairName?: string; keyPairId?: string } = {}): Promise<EnsKeyPair[]> {
    const all: EnsKeyPair[] = [];
    const deadlineAt = this.client.operationDeadline();
    for (let page = 1; ; page++) {
      const response = await this.client.call<EnsDescribeResponse>(
        'DescribeKeyPairs',
        { KeyPairName: input.keyPairName, KeyPairId: input.keyPairId, PageNumber: String(page), PageSize: String(ENS_PAGE_SIZE) },
        deadlineAt,
      );
      const items = keyPairItems('DescribeKeyPairs', response as Record<string, unknown>);
      all.push(...items.map(fromItem));
      const total = Number(response.TotalCount ?? all.length);
      if (items.length < ENS_PAGE_SIZE || all.length >= total) return all;
      if (all.length >= MAX_DESCRIBED_KEY_PAIRS) {
        throw unexpectedResponse('DescribeKeyPairs', `paging went past ${MAX_DESCRIBED_KEY_PAIRS} key pairs without ending`);
      }
    }
  }

  async findKeyPair(keyPairName: string): Promise<EnsKeyPair | undefined> {
    const found = await this.describeKeyPairs({ keyPairName });
    return found.find((k) => k.keyPairName === keyPairName);
  }

  /** The key pair with this id (`EnsKeyPair.get`). */
  async findKeyPairById(keyPairId: string): Promise<EnsKeyPair | undefined> {
    const found = await this.describeKeyPairs({ keyPairId });
    return found.find((k) => k.keyPairId === keyPairId);
  }

  /** One key pair per call, by name or id. */
  async deleteKeyPair(input: { keyPairName?: string; keyPairId?: string }): Promise<void> {
    await this.client.call('DeleteKeyPairs', { KeyPairName: input.keyPairName, KeyPairId: input.keyPairId });
  }
}
