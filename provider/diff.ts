/**
 * `diff`: the lifecycle table in code. Pure: old outputs and new (checked) inputs in, a decision out.
 *
 * | change                                   | result                                              |
 * |------------------------------------------|-----------------------------------------------------|
 * | key material (fingerprint)               | replace                                             |
 * | cloud fingerprint drifted (after refresh)| replace, reported on `fingerprint`                  |
 * | keyPairName, region                      | replace                                             |
 * | the account (accountId, whatever moved it)| replace: the key pair must be made in the other one  |
 * | profile, assumeRole, same account        | update (the state only)                             |
 * | profile, assumeRole.roleArn, account unknown | replace                                          |
 * | tags, resourceGroupId                    | update in place                                     |
 * | comment/encoding of the key, provider code, adoptExisting | nothing                            |
 *
 * Delete-before-create only when the new key pair would take the old one's place (same name, same region):
 * names are unique per region, so creating first would fail.
 */
import { identityKey } from './accounts';
import type { AssumeRoleSettings } from './identity';
import { normalizeFingerprint } from './ssh/fingerprint';
import type { KeyPairInputs, KeyPairState } from './types';
import { isUnknown, Previewed } from './unknown';

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

/** The same role settings, in any field order. */
function sameRole(a: AssumeRoleSettings | undefined, b: AssumeRoleSettings | undefined): boolean {
  return identityKey({ kind: 'own', assumeRole: a }) === identityKey({ kind: 'own', assumeRole: b });
}

/** Old outputs (as stored) against the new checked inputs, any of which may not be known yet during a preview. */
export function diffKeyPair(olds: Partial<KeyPairState>, news: Partial<Previewed<KeyPairInputs>>): DiffDecision {
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

  // Which account the key pair is in. When both are known (recorded, and reached by the identity in force now),
  // they decide: another account is another key pair, whatever setting moved it (role, OIDC role, profile,
  // environment keys). Within one account, a change of the resource's own way in (role, profile) is an update of
  // the state only. When an account is not known (an identity not yet resolvable), the settings decide.
  const ownRole = (values: { assumeRole?: unknown }) => (values.assumeRole ?? undefined) as AssumeRoleSettings | undefined;
  const accountsKnown = typeof olds.accountId === 'string' && typeof news.accountId === 'string';
  const otherAccount = accountsKnown && olds.accountId !== news.accountId;
  const selectionUnknown = isUnknown(news.profile) || isUnknown(ownRole(news)) || isUnknown(ownRole(news)?.roleArn);
  if (otherAccount) replaces.push('accountId');
  else if (selectionUnknown) replaces.push(isUnknown(news.profile) ? 'profile' : 'assumeRole');
  else if (accountsKnown) {
    const ownNow = ownRole(news) !== undefined || (news.profile ?? undefined) !== undefined;
    if (ownNow && (news.profile ?? undefined) !== (olds.profile ?? undefined)) updates.push('profile');
    if (ownNow && !sameRole(ownRole(news), ownRole(olds))) updates.push('assumeRole');
  } else {
    if ((news.profile ?? undefined) !== (olds.profile ?? undefined)) replaces.push('profile');
    if (ownRole(news)?.roleArn !== ownRole(olds)?.roleArn) replaces.push('assumeRole');
    else if (!sameRole(ownRole(news), ownRole(olds))) updates.push('assumeRole');
  }

  // Absent tags or resource group mean "not managed": leave whatever the cloud has.
  if (news.tags !== undefined && (isUnknown(news.tags) || !sameTags(news.tags, olds.tags))) updates.push('tags');
  if (news.resourceGroupId !== undefined && (isUnknown(news.resourceGroupId) || news.resourceGroupId !== olds.resourceGroupId)) {
    updates.push('resourceGroupId');
  }

  // Also across a change of profile or role whose account is not known: it may be the same, where the name is taken.
  const takesSamePlace =
    !otherAccount &&
    (isUnknown(news.keyPairName) ? news.autoNamed !== true : news.keyPairName === olds.keyPairName) &&
    !isUnknown(news.region) &&
    news.region === olds.region;

  return {
    changes: replaces.length > 0 || updates.length > 0,
    replaces,
    deleteBeforeReplace: replaces.length > 0 && takesSamePlace,
  };
}
