/**
 * Whose key pair is this? Pure rules the create path uses before it adopts or deletes anything.
 *
 * A key pair with our name and our key is no proof of our own write: another stack may have imported the same
 * public key under the same name. The create therefore looks the name up before its first attempt, and after an
 * attempt whose answer was lost it only counts a key pair as its own when the name was free before and the cloud's
 * `CreationTime` does not rule it out.
 */
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
