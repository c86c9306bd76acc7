/**
 * Create: import the key pair, or carry on with one this create can show is its own. The name is looked up first:
 * a key pair that already exists is someone's (another stack's, or one made by hand) and is adopted only with
 * `adoptExisting` and the same key, never imported over, adopted by accident or cleaned up. See ownership.ts for
 * what counts as proof of our own write.
 */
import { ApiError, mayHaveBeenApplied, NetworkError, RetryDeadlineError } from './alibaba';
import type { KeyPairInputs } from './types';
import { explain, mayHaveBeenLeftBehind, takenWithOtherKey, takenWithSameKey } from './messages';
import { couldHaveBeenCreatedSince, holdsKey } from './ownership';
import { hasErrorCode, KeyPairServiceAdapter } from './adapters/adapter';
import { CloudKeyPair } from './types';
import { normalizeFingerprint } from './ssh/fingerprint';
import { locationOf } from './state';

export async function createKeyPair(adapter: KeyPairServiceAdapter, inputs: KeyPairInputs): Promise<CloudKeyPair> {
  const startedAt = Date.now();
  let existing: CloudKeyPair | undefined;
  try {
    existing = await adapter.find(locationOf(inputs));
  } catch (error) {
    throw explain(error, inputs);
  }
  // Ours only when this very resource imported it in an earlier, interrupted run (its owner tag says so).
  if (existing) return claimOrRefuse(adapter, inputs, existing, isOurs(inputs, existing));
  try {
    return await adapter.importKeyPair(inputs);
  } catch (error) {
    if (!hasErrorCode(error, adapter.errorCodes.alreadyExists)) {
      await cleanUpAfterFailedCreate(adapter, inputs, error, startedAt);
      throw explain(error, inputs);
    }
    return adoptOwnOrRefuse(adapter, inputs, error as ApiError, startedAt);
  }
}

/** True when the key pair carries this resource's owner tag (ECS). */
function isOurs(inputs: KeyPairInputs, cloud: CloudKeyPair): boolean {
  return inputs.owner !== undefined && cloud.owner === inputs.owner;
}

/**
 * The name was free before our first attempt, yet the import met "already exists". It is ours when it carries our
 * owner tag, or when an earlier attempt may have been applied (its answer lost) and its CreationTime does not rule
 * it out; otherwise someone took the name in the meantime.
 */
async function adoptOwnOrRefuse(
  adapter: KeyPairServiceAdapter,
  inputs: KeyPairInputs,
  error: ApiError,
  startedAt: number,
): Promise<CloudKeyPair> {
  const found = await adapter.find(locationOf(inputs)).catch(() => undefined);
  if (!found) throw explain(error, inputs);
  const ours = isOurs(inputs, found) || (error.afterAmbiguousAttempt && couldHaveBeenCreatedSince(found, startedAt));
  return claimOrRefuse(adapter, inputs, found, ours);
}

/**
 * A key pair of this name exists: carry on with it when it holds our key and is ours, or when the user asked to
 * adopt it; otherwise say whose it may be and the ways out.
 */
async function claimOrRefuse(
  adapter: KeyPairServiceAdapter,
  inputs: KeyPairInputs,
  existing: CloudKeyPair,
  ours: boolean,
): Promise<CloudKeyPair> {
  const same = holdsKey(existing, inputs.fingerprint);
  if (same && (ours || inputs.adoptExisting)) return takeOver(adapter, inputs, existing);
  if (same) throw takenWithSameKey(inputs, existing.fingerprint);
  throw takenWithOtherKey(inputs, existing.fingerprint, normalizeFingerprint(inputs.fingerprint));
}

/** Manage `existing` from now on: give it the declared tags and resource group. */
async function takeOver(adapter: KeyPairServiceAdapter, inputs: KeyPairInputs, existing: CloudKeyPair): Promise<CloudKeyPair> {
  const location = locationOf(inputs);
  let adopted = existing;
  try {
    if (adapter.setTags && inputs.tags !== undefined) {
      adopted = { ...adopted, tags: await adapter.setTags(location, existing.tags ?? {}, inputs.tags) };
    }
    if (adapter.joinResourceGroup && inputs.resourceGroupId && inputs.resourceGroupId !== existing.resourceGroupId) {
      await adapter.joinResourceGroup(location, inputs.resourceGroupId);
      adopted = { ...adopted, resourceGroupId: inputs.resourceGroupId };
    }
  } catch (error) {
    throw explain(error, inputs);
  }
  return adopted;
}

/**
 * A create whose import may have been applied before failing must leave nothing behind, but may only delete what it
 * made: the name was free when it started, the key pair holds our key, and its owner tag (or, without one, its
 * CreationTime) says it is ours. When that cannot be told, the key pair is left alone and the user is told what may
 * be there.
 */
async function cleanUpAfterFailedCreate(
  adapter: KeyPairServiceAdapter,
  inputs: KeyPairInputs,
  error: unknown,
  startedAt: number,
): Promise<void> {
  const last = error instanceof RetryDeadlineError ? error.lastError : error;
  const ambiguous = (last instanceof ApiError || last instanceof NetworkError) && (last.afterAmbiguousAttempt || mayHaveBeenApplied(last));
  if (!ambiguous) return;
  const location = locationOf(inputs);
  try {
    const found = await adapter.find(location);
    if (!found) return;
    const ours = found.owner !== undefined ? isOurs(inputs, found) : couldHaveBeenCreatedSince(found, startedAt);
    if (ours && holdsKey(found, inputs.fingerprint)) await adapter.delete({ ...location, keyPairId: found.keyPairId });
  } catch {
    throw mayHaveBeenLeftBehind(error, inputs);
  }
}
