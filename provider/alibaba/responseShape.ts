/**
 * What a successful answer must look like before we believe it. A 2xx of the wrong shape (a proxy's page, a
 * gateway's error envelope, `KeyPairs: null`) must never be read as "no key pair": refresh would drop the resource
 * from the state and the next `up` would import over whatever is there. Anything not of the documented shape is an
 * "unexpected response" error instead.
 */
import { NetworkError } from './errors';

/** The code of every "this answer is not the API's" error. Not retried: the same server will answer the same way. */
export const UNEXPECTED_RESPONSE = 'UNEXPECTED_RESPONSE';

export function unexpectedResponse(action: string, what: string): NetworkError {
  return new NetworkError(action, UNEXPECTED_RESPONSE, `the answer is not of the documented shape: ${what}`, true);
}

/** Codes some gateways put in successful answers; anything else in `Code` is an error envelope. */
const SUCCESS_CODES = new Set(['200', 'Success', 'success', 'OK']);

/** True when a 2xx body is an error envelope (`{"Code":"ServiceUnavailable", …}`). */
export function isErrorEnvelope(body: Record<string, unknown>): boolean {
  return typeof body.Code === 'string' && body.Code !== '' && !SUCCESS_CODES.has(body.Code);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The key-pair items of a DescribeKeyPairs answer: `KeyPairs.KeyPair` (ECS, ENS) or `KeyPairs` itself as a list
 * (ENS in some versions), each an object with a textual `KeyPairName`.
 */
export function keyPairItems(action: string, response: Record<string, unknown>): Array<Record<string, unknown>> {
  const pairs = response.KeyPairs;
  const items = Array.isArray(pairs) ? pairs : isRecord(pairs) ? pairs.KeyPair : undefined;
  if (!Array.isArray(items)) throw unexpectedResponse(action, 'KeyPairs.KeyPair is not a list');
  for (const item of items) {
    if (!isRecord(item) || typeof item.KeyPairName !== 'string') {
      throw unexpectedResponse(action, 'a KeyPairs.KeyPair item has no KeyPairName');
    }
  }
  return items as Array<Record<string, unknown>>;
}

/** ECS holds at most 500 key pairs a region; paging past this many items means the answers are not the API's. */
export const MAX_DESCRIBED_KEY_PAIRS = 1_000;
