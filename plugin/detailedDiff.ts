/**
 * The detailed diff the plugin sends with Diff: exactly the properties a reviewer wrote or reads, each with its kind,
 * so `pulumi preview --diff` shows what changes for the user and nothing else — never the bookkeeping the state
 * keeps (owner token, auto-name flag, the cloud's fingerprint as it was last seen). Pure.
 *
 * The engine shows old values from the state's outputs and new values from the checked inputs
 * (pkg/engine/detailedDiff.go, TranslateDetailedDiff), so each property listed here is one the checked inputs hold.
 */
import { sameTags } from '../provider/diff';
import { normalizeFingerprint } from '../provider/ssh/fingerprint';
import { isUnknown } from '../provider/unknown';

export type DiffKind = 'ADD' | 'ADD_REPLACE' | 'DELETE' | 'DELETE_REPLACE' | 'UPDATE' | 'UPDATE_REPLACE';

/** The properties a reviewer reads, in the order the CLI lists them (it sorts by name). */
const SHOWN = [
  'publicKey',
  'fingerprint',
  'fingerprintSha256',
  'keyType',
  'keyBits',
  'keyPairName',
  'keyPairNamePrefix',
  'region',
  'resourceGroupId',
  'accountId',
  'assumeRole',
  'profile',
] as const;

/** The key's own facts change with the key: they replace when the key does. */
const KEY_FACTS = new Set(['publicKey', 'fingerprint', 'fingerprintSha256', 'keyType', 'keyBits']);

function same(property: string, old: unknown, now: unknown): boolean {
  if (property === 'fingerprint' && typeof old === 'string' && typeof now === 'string') {
    return normalizeFingerprint(old) === normalizeFingerprint(now);
  }
  return JSON.stringify(old ?? null) === JSON.stringify(now ?? null);
}

function kindOf(old: unknown, now: unknown, replace: boolean): DiffKind {
  const base = old === undefined || old === null || old === '' ? 'ADD' : now === undefined || now === null ? 'DELETE' : 'UPDATE';
  return replace ? (`${base}_REPLACE` as DiffKind) : base;
}

/**
 * Property path → kind, for the properties that change between the state's outputs (`olds`) and the checked inputs
 * (`news`). `replaces` is what the lifecycle's diff decided.
 */
export function detailedDiff(olds: Record<string, unknown>, news: Record<string, unknown>, replaces: string[]): Record<string, DiffKind> {
  const result: Record<string, DiffKind> = {};
  const keyReplaced = replaces.includes('publicKey') || replaces.includes('fingerprint');
  for (const property of SHOWN) {
    if (!(property in news)) continue;
    const now = news[property];
    const old = olds[property];
    if (property === 'accountId' && (old === undefined || now === undefined)) continue;
    if (!isUnknown(now) && same(property, old, now)) continue;
    const replace = replaces.includes(property) || (KEY_FACTS.has(property) && keyReplaced);
    // A change of the way in that the lifecycle did not count (same account) is not shown either.
    if ((property === 'assumeRole' || property === 'profile') && !replace && replaces.length === 0 && !changesWayIn(olds, news)) continue;
    result[property] = kindOf(old, now, replace);
  }
  // Tags: one entry per tag added, changed or removed, only where the program manages them.
  if (news.tags !== undefined && !isUnknown(news.tags) && !sameTags(olds.tags, news.tags)) {
    const before = (olds.tags ?? {}) as Record<string, string>;
    const after = news.tags as Record<string, string>;
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const was = Object.hasOwn(before, key) ? before[key] : undefined;
      const is = Object.hasOwn(after, key) ? after[key] : undefined;
      if (was !== is) result[`tags${/^[A-Za-z_][\w]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`}`] = kindOf(was, is, false);
    }
  } else if (isUnknown(news.tags)) {
    result.tags = 'UPDATE';
  }
  return result;
}

/** The resource's own account selection changed (an update of the state only, when the account is the same). */
function changesWayIn(olds: Record<string, unknown>, news: Record<string, unknown>): boolean {
  const own = news.assumeRole !== undefined || news.profile !== undefined;
  return own && (!same('assumeRole', olds.assumeRole, news.assumeRole) || !same('profile', olds.profile, news.profile));
}
