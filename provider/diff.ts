/**
 * `diff`: the lifecycle table in code. Pure: old outputs and new (checked) inputs in, a decision out.
 *
 * | change                                   | result                                              |
 * |------------------------------------------|-----------------------------------------------------|
 * | key material (fingerprint)               | replace                                             |
 * | cloud fingerprint drifted (after refresh)| replace, reported on `fingerprint`                  |
 * | keyPairName, region                      | replace                                             |
 * | profile, assumeRole.roleArn (the account) | replace: the key pair must be made in the other one  |
 * | other assumeRole settings (session)      | update (the state only)                             |
 * | tags, resourceGroupId                    | update in place                                     |
 * | comment/encoding of the key, provider code, adoptExisting | nothing                            |
 *
 * Delete-before-create only when the new key pair would take the old one's place (same name, same region):
 * names are unique per region, so creating first would fail.
 */
import { AssumeRoleSettings, identityKey } from './identity';
import { normalizeFingerprint } from './ssh/publicKey';
import { isUnknown } from './unknown';

export interface DiffDecision {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/** Own properties only, so tags named `toString` or `constructor` compare like any other. */
export function sameTags(a: unknown, b: unknown): boolean {
  const left = (a ?? {}) as Record<string, string>;
  const right = (b ?? {}) as Record<string, string>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  const valueOf = (tags: Record<string, string>, key: string) => (Object.hasOwn(tags, key) ? tags[key] : undefined);
  return [...keys].every((k) => valueOf(left, k) === valueOf(right, k));
}

export function diffKeyPair(olds: Record<string, unknown>, news: Record<string, unknown>): DiffDecision {
  const replaces: string[] = [];
  const updates: string[] = [];

  if (isUnknown(news.fingerprint) || isUnknown(news.publicKey)) {
    replaces.push('publicKey');
  } else if (normalizeFingerprint(String(news.fingerprint ?? '')) !== normalizeFingerprint(String(olds.fingerprint ?? ''))) {
    // A changed key in the program shows on publicKey; a key changed in the cloud shows only on fingerprint.
    if (news.publicKey !== olds.publicKey) replaces.push('publicKey');
    replaces.push('fingerprint');
  }
  if (isUnknown(news.keyPairName) || news.keyPairName !== olds.keyPairName) replaces.push('keyPairName');
  if ((news.region !== undefined || olds.region !== undefined) && (isUnknown(news.region) || news.region !== olds.region)) {
    replaces.push('region');
  }

  // Another account (or the way to reach it) is another key pair; the session's settings are not.
  const oldRole = (olds.assumeRole ?? undefined) as AssumeRoleSettings | undefined;
  const newRole = (news.assumeRole ?? undefined) as AssumeRoleSettings | undefined;
  if (isUnknown(news.profile) || (news.profile ?? undefined) !== (olds.profile ?? undefined)) replaces.push('profile');
  if (isUnknown(newRole) || isUnknown(newRole?.roleArn) || newRole?.roleArn !== oldRole?.roleArn) replaces.push('assumeRole');
  else if (identityKey({ assumeRole: newRole }) !== identityKey({ assumeRole: oldRole })) {
    updates.push('assumeRole');
  }

  // Absent tags or resource group mean "not managed": leave whatever the cloud has.
  if (news.tags !== undefined && (isUnknown(news.tags) || !sameTags(news.tags, olds.tags))) updates.push('tags');
  if (news.resourceGroupId !== undefined && (isUnknown(news.resourceGroupId) || news.resourceGroupId !== olds.resourceGroupId)) {
    updates.push('resourceGroupId');
  }

  // Also across a change of profile or role: the other one may be the same account, where the name is taken.
  const takesSamePlace =
    (isUnknown(news.keyPairName) ? news.autoNamed !== true : news.keyPairName === olds.keyPairName) &&
    !isUnknown(news.region) &&
    news.region === olds.region;

  return {
    changes: replaces.length > 0 || updates.length > 0,
    replaces,
    deleteBeforeReplace: replaces.length > 0 && takesSamePlace,
  };
}
