/**
 * Whose key pair is this? Pure rules the create path uses before it adopts or deletes anything.
 *
 * A key pair with our name and our key is no proof of our own write: another stack may have imported the same
 * public key under the same name. The create therefore looks the name up before its first attempt, and after an
 * attempt whose answer was lost it only counts a key pair as its own when the name was free before and the cloud's
 * `CreationTime` does not rule it out.
 */
import * as crypto from 'crypto';
import { normalizeFingerprint, parsePublicKey } from './ssh/publicKey';

/** What the cloud says of a key pair, as far as these rules need it. */
export interface CloudKeyFacts {
  fingerprint: string;
  /** ECS answers it with IncludePublicKey. */
  publicKey?: string;
  /** ECS: minute precision (`2023-09-04T08:33Z`); ENS: seconds. */
  creationTime?: string;
}

/**
 * True when the cloud's key pair holds the key whose Alibaba fingerprint is `fingerprint`. When the fingerprints
 * differ in form or algorithm, the public key the cloud returned decides, never the fingerprint text alone.
 */
export function holdsKey(cloud: CloudKeyFacts, fingerprint: string): boolean {
  const ours = normalizeFingerprint(fingerprint);
  if (normalizeFingerprint(cloud.fingerprint) === ours) return true;
  if (!cloud.publicKey) return false;
  try {
    return parsePublicKey(cloud.publicKey).md5 === ours;
  } catch {
    return false;
  }
}

/** How far the cloud's clock may be ahead of or behind ours. */
export const CLOCK_SKEW_ALLOWANCE_MS = 2 * 60_000;
/** ECS truncates CreationTime to the minute. */
const CREATION_TIME_PRECISION_MS = 60_000;

/**
 * False when the key pair's CreationTime shows it existed before our create started (so it cannot be the result of
 * our own import); true when it could be ours, including when the cloud gives no usable CreationTime.
 */
export function couldHaveBeenCreatedSince(cloud: CloudKeyFacts, startedAtMs: number): boolean {
  if (!cloud.creationTime) return true;
  const created = Date.parse(cloud.creationTime);
  if (!Number.isFinite(created)) return true;
  return created + CREATION_TIME_PRECISION_MS + CLOCK_SKEW_ALLOWANCE_MS > startedAtMs;
}

/**
 * ECS key pairs this package imports carry this tag, whose value says which stack resource imported them. It
 * proves ownership where CreationTime cannot: after an interrupted `pulumi up`, the next create finds the key pair
 * its own earlier attempt made and adopts it; another stack's key pair (another value) is never taken. It is
 * reserved like Alibaba's own tags: never reported in `tags`, never compared, never removed.
 */
export const OWNER_TAG = 'pulumi-alicloud-keypair:owner';

/** Tags nobody manages through `tags`: Alibaba's own (`acs:…`, `aliyun…`) and our owner tag. */
export function isReservedTag(key: string): boolean {
  return /^(acs:|aliyun)/i.test(key) || key === OWNER_TAG;
}

/** The owner tag's value for a resource: a hash of its project/stack scope and resource name (nothing readable). */
export function ownerToken(scope: string, resourceName: string): string {
  return crypto.createHash('sha256').update(`${scope}\u0000${resourceName}`).digest('hex').slice(0, 32);
}
