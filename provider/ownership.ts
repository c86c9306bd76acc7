/**
 * Whose key pair is this? Pure rules the create path uses before it adopts or deletes anything.
 *
 * A key pair with our name and our key is no proof of our own write: another stack may have imported the same
 * public key under the same name. The create therefore looks the name up before its first attempt, and after an
 * attempt whose answer was lost it only counts a key pair as its own when the name was free before and the cloud's
 * `CreationTime` does not rule it out.
 */
import * as crypto from 'crypto';
import { parsePublicKey } from './ssh/publicKey';
import { normalizeFingerprint } from './ssh/fingerprint';

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

/** What identifies a resource for its owner token (the SDK's `__autoName` seed). */
export interface OwnerSeed {
  resourceName?: unknown;
  scope?: unknown;
  instance?: unknown;
  parents?: unknown;
}

/**
 * The owner tag's value for a resource: a hash (nothing readable) of the stack instance — its backend and
 * organization as well as `project/stack`, since those names repeat across backends and organizations — the
 * types of the resource's parents (two components may each have a child of one name) and the resource's name.
 *
 * Why deterministic, not random: the token's job is to recognise, after an interrupted `pulumi up`, the key pair
 * that run imported before its state was written. A random value would be lost with that state, and the key pair
 * would be orphaned. So it is made of what names the resource uniquely in the world: a stack is unique within its
 * backend and organization, a resource within its stack by its parents and name. Undefined without a seed.
 */
export function ownerToken(seed: OwnerSeed): string | undefined {
  if (typeof seed.scope !== 'string' || typeof seed.resourceName !== 'string') return undefined;
  const parents = Array.isArray(seed.parents) ? seed.parents.map(String) : [];
  const instance = typeof seed.instance === 'string' ? seed.instance : '';
  // The same text as before for a resource with no instance or parents: tokens already on key pairs stay valid.
  const scope = [instance, seed.scope, ...parents].filter(Boolean).join('\u0000');
  return crypto.createHash('sha256').update(`${scope}\u0000${seed.resourceName}`).digest('hex').slice(0, 32);
}

/** What delete knows of the key pair it is about to delete (its state). */
export interface RecordedKeyPair {
  fingerprint: string;
  cloudFingerprint?: string;
  owner?: string;
  adoptExisting?: boolean;
}

/**
 * Why the cloud's key pair of our name is not ours to delete, or undefined when it is: it must still hold the key
 * the state records, and on ECS carry our owner tag when the state says we set one. Anything else is someone
 * else's key pair that took the name (another account reached by mistake, or a new key pair made by hand).
 */
export function notOurs(recorded: RecordedKeyPair, cloud: CloudKeyFacts & { owner?: string }): string | undefined {
  const expected = recorded.cloudFingerprint || recorded.fingerprint;
  if (!holdsKey(cloud, expected)) {
    return `it holds another key (fingerprint ${cloud.fingerprint}; the state records ${normalizeFingerprint(expected)})`;
  }
  if (cloud.owner !== undefined && cloud.owner !== recorded.owner) return 'it carries the owner tag of another stack resource';
  if (cloud.owner === undefined && recorded.owner !== undefined && recorded.adoptExisting !== true) {
    return 'it lacks the owner tag this resource gave it (it was made again outside this stack)';
  }
  return undefined;
}
