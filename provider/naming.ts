/**
 * Key-pair name rules and auto-naming.
 *
 * The rules are Alibaba's documented ones for ECS and ENS: 2–128 characters, starting with a letter, not starting
 * with `http://` or `https://`, and only letters, digits, `:`, `_` and `-`. Newer ECS docs also allow `.` and
 * non-ASCII letters; we keep to the older, stricter set, which every region and ENS accept, so that a name we
 * accept never fails at apply time.
 */
import * as crypto from 'crypto';

export const MIN_NAME_LENGTH = 2;
export const MAX_NAME_LENGTH = 128;
const ALLOWED_CHARACTER = /[A-Za-z0-9:_-]/;
/** Length of the hex suffix of generated names: 8 hex characters, 4 billion values. */
const AUTO_NAME_SUFFIX_LENGTH = 8;

/** The name rules, by the ids `alicloud-keypair validate --json` reports. */
export type NameRule = 'text' | 'length' | 'no-url' | 'starts-with-letter' | 'characters';

/** One rule a name breaks, and the message that says so. */
export interface NameProblem {
  rule: NameRule;
  message: string;
}

/** The rules a name or a prefix of one breaks: `tooLong` words the length rule, the rest is shared. */
function nameProblems(field: string, value: unknown, url: RegExp, lengthProblem: (length: number) => string | undefined): NameProblem[] {
  if (typeof value !== 'string') return [{ rule: 'text', message: `${field} must be text` }];
  const problems: NameProblem[] = [];
  const length = [...value].length;
  const tooLong = lengthProblem(length);
  if (tooLong) problems.push({ rule: 'length', message: tooLong });
  if (url.test(value)) {
    problems.push({ rule: 'no-url', message: `${field} must not start with http:// or https://` });
  } else if (length > 0 && !/^[A-Za-z]/.test(value)) {
    problems.push({ rule: 'starts-with-letter', message: `${field} must start with a letter (a-z or A-Z)` });
  }
  const bad = [...new Set([...value].filter((c) => !ALLOWED_CHARACTER.test(c)))];
  if (bad.length > 0) {
    const shown = bad.slice(0, 5).map(describeCharacter).join(', ') + (bad.length > 5 ? ', …' : '');
    problems.push({ rule: 'characters', message: `${field} may contain only letters, digits, ':', '_' and '-'; it contains ${shown}` });
  }
  return problems;
}

/** Every rule the name breaks, one problem each; empty when the name is valid. */
export function keyPairNameProblems(name: unknown): NameProblem[] {
  return nameProblems('keyPairName', name, /^https?:\/\//i, (length) =>
    length < MIN_NAME_LENGTH || length > MAX_NAME_LENGTH
      ? `keyPairName must be ${MIN_NAME_LENGTH} to ${MAX_NAME_LENGTH} characters long; it has ${length}`
      : undefined,
  );
}

function describeCharacter(c: string): string {
  if (/^[\x21-\x7e]$/.test(c)) return `'${c}'`;
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * A valid name made from a Pulumi resource name and a suffix derived from `seed`.
 *
 * The suffix is a hash, not a random draw, because the engine runs `check` twice for one replacement (the
 * second time without the old inputs) and in separate processes for `preview` and `up`: a random draw would make
 * the preview show one name and the apply create another. The seed holds the project, stack, resource name
 * and key fingerprint, so a new key gets a new name (create-before-delete works) and two stacks never collide.
 */
export function autoKeyPairName(resourceName: string, seed: string): string {
  const suffix = crypto.createHash('sha256').update(seed).digest('hex').slice(0, AUTO_NAME_SUFFIX_LENGTH);
  let base = resourceName
    .replace(/[^A-Za-z0-9:_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^A-Za-z]+/, '');
  if (base === '') base = 'keypair';
  base = base.slice(0, MAX_NAME_LENGTH - AUTO_NAME_SUFFIX_LENGTH - 1).replace(/-+$/, '');
  return `${base}-${suffix}`;
}

/** Longest prefix: room for the `-` and the suffix. */
export const MAX_PREFIX_LENGTH = MAX_NAME_LENGTH - AUTO_NAME_SUFFIX_LENGTH - 1;

/** Every rule a `keyPairNamePrefix` breaks: a generated name must be valid whatever the suffix. */
export function keyPairNamePrefixProblems(prefix: unknown): NameProblem[] {
  return nameProblems('keyPairNamePrefix', prefix, /^https?:/i, (length) =>
    length > MAX_PREFIX_LENGTH
      ? `keyPairNamePrefix must be at most ${MAX_PREFIX_LENGTH} characters long (the name adds '-' and ${AUTO_NAME_SUFFIX_LENGTH} characters); it has ${length}`
      : undefined,
  );
}

/** `<prefix>-<8 hex>`: the prefix as given, the suffix derived from `seed` (see autoKeyPairName for why not random). */
export function prefixedKeyPairName(prefix: string, seed: string): string {
  const suffix = crypto.createHash('sha256').update(seed).digest('hex').slice(0, AUTO_NAME_SUFFIX_LENGTH);
  return `${prefix}-${suffix}`;
}
