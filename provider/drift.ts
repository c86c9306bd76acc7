/**
 * Refresh as a pure function: the state kept at the last apply and what the cloud holds now in, the new state
 * and whether it drifted out. Drift is judged against what the cloud reported at the last apply, never against our
 * own computation, so a difference in form or algorithm can never look like a replaced key.
 */
import { sameTags } from './diff';
import type { CloudKeyPair } from './types';
import { parsePublicKey } from './ssh/publicKey';
import { normalizeFingerprint } from './ssh/fingerprint';
import { clean } from './state';
import { KeyPairState } from './types';

/** The key the cloud holds, described (ECS returns it with IncludePublicKey); nothing when it cannot be read. */
function describeCloudKey(publicKey: string | undefined): Partial<KeyPairState> {
  if (!publicKey) return {};
  try {
    const info = parsePublicKey(publicKey);
    return { publicKey: info.publicKey, fingerprintSha256: info.sha256, keyType: info.type, keyBits: info.bits };
  } catch {
    return {};
  }
}

export function reconcile(
  state: KeyPairState,
  cloud: CloudKeyPair,
  serviceFields: Partial<KeyPairState>,
): { state: KeyPairState; drifted: boolean } {
  const next: KeyPairState = { ...state, keyPairName: cloud.keyPairName, ...serviceFields };
  if (cloud.creationTime) next.creationTime = cloud.creationTime;
  const keyDrifted = cloud.fingerprint !== normalizeFingerprint(String(state.cloudFingerprint ?? state.fingerprint ?? ''));
  if (keyDrifted)
    Object.assign(next, { fingerprint: cloud.fingerprint, cloudFingerprint: cloud.fingerprint }, describeCloudKey(cloud.publicKey));
  // Tags and the resource group drift only where the program manages them (ECS, declared).
  const tagsDrifted = state.tagsManaged === true && !sameTags(next.tags, state.tags);
  const groupDrifted = state.resourceGroupManaged === true && next.resourceGroupId !== state.resourceGroupId;
  return { state: clean(next), drifted: keyDrifted || tagsDrifted || groupDrifted };
}
