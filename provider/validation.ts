/**
 * Validation of each input on its own, with messages that name the input, the rule and what to do.
 * Shared by the provider's `check` and the `alicloud-keypair validate` command so both say the same thing.
 *
 * A failure's `property` is what the engine prints the program's raw value next to. For values that could be
 * secret (a pasted private key) or huge, `property` is left empty and the reason names the input instead.
 */
import { keyPairNameProblems } from './naming';
import { nearest } from './nearest';
import { KNOWN_REGIONS, REGION_TYPO_DISTANCE } from './regions';
import { OWNER_TAG } from './ownership';
import { looksSecret } from './ssh/privateKey';
import { PublicKeyError, PublicKeyInfo } from './ssh/publicKey';
import { Service } from './serviceFacts';
import { parsePublicKeyFor } from './ssh/serviceRules';
import { isUnknown } from './unknown';

/**
 * One broken rule, in the one shape every check reports: the input (`property`, empty when its value must not be
 * echoed), the rule's id (stable, for programs: `alicloud-keypair validate --json`), and the message for people.
 */
export interface Failure {
  property: string;
  rule: string;
  reason: string;
}

/** Given: not undefined, null or empty text (what the engine sends for an input left out). */
export function isGiven(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

export const MAX_TAGS = 20;
const MAX_TAG_KEY_LENGTH = 128;
const MAX_TAG_VALUE_LENGTH = 128;
const MAX_ECHOED_LENGTH = 256;
/** Region ids look like `cn-hangzhou`, `ap-southeast-1`, `cn-shanghai-finance-1`. */
const REGION_PATTERN = /^[a-z]{2,}(-[a-z0-9]+){1,4}$/;
const RESOURCE_GROUP_PATTERN = /^rg-[a-z0-9]{4,64}$/;

/** The engine echoes a property's value next to its failure; keep that for values short and not secret. */
function failureFor(property: string, rule: string, value: unknown, reason: string): Failure {
  const echoSafe = !looksSecret(value) && !(typeof value === 'string' && value.length > MAX_ECHOED_LENGTH) && typeof value !== 'object';
  return { property: echoSafe ? property : '', rule, reason };
}

export function validatePublicKey(service: Service, value: unknown): { info?: PublicKeyInfo; failure?: Failure } {
  if (value === undefined || value === null || value === '') {
    return {
      failure: {
        property: 'publicKey',
        rule: 'required',
        reason: 'publicKey is required: give the contents of your .pub file (for example `fs.readFileSync("id_rsa.pub", "utf8")`)',
      },
    };
  }
  try {
    return { info: parsePublicKeyFor(service, value) };
  } catch (error) {
    const known = error instanceof PublicKeyError;
    const reason = known ? error.message : 'the public key could not be read';
    // Never property "publicKey": the engine would print the (possibly private, possibly huge) value beside it.
    return { failure: { property: '', rule: known ? error.rule : 'unreadable', reason: `publicKey: ${reason}` } };
  }
}

export function validateKeyPairName(value: unknown): Failure[] {
  return keyPairNameProblems(value).map(({ rule, message }) => failureFor('keyPairName', rule, value, message));
}

export function validateRegion(value: unknown): Failure[] {
  if (typeof value === 'string' && !KNOWN_REGIONS.includes(value)) {
    // A small edit away from a known region: a typo that would otherwise show only at `up` (InvalidRegionId).
    const meant = nearest(value, KNOWN_REGIONS, REGION_TYPO_DISTANCE);
    if (meant) {
      return [failureFor('region', 'known-region', value, `region "${value}" is not an Alibaba Cloud region; did you mean ${meant}?`)];
    }
  }
  if (typeof value !== 'string' || !REGION_PATTERN.test(value)) {
    return [
      failureFor(
        'region',
        'region-id',
        value,
        'region must be an Alibaba Cloud region id such as cn-hangzhou or ap-southeast-1 (see `aliyun ecs DescribeRegions`)',
      ),
    ];
  }
  return [];
}

export function validateResourceGroupId(value: unknown): Failure[] {
  if (typeof value !== 'string' || !RESOURCE_GROUP_PATTERN.test(value)) {
    return [
      failureFor(
        'resourceGroupId',
        'resource-group-id',
        value,
        'resourceGroupId must be a resource group id such as rg-acfmxazb4ph6aiy (Resource Management console)',
      ),
    ];
  }
  return [];
}

/** Alibaba's tag rules: at most 20; keys 1–128 characters, not `aliyun…`/`acs:…`; no URLs in keys or values. */
export function validateTags(value: unknown): Failure[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [{ property: 'tags', rule: 'tags-object', reason: 'tags must be an object of string keys to string values' }];
  }
  const failures: Failure[] = [];
  const entries = Object.entries(value as Record<string, unknown>);
  // The engine prints the whole tags object beside a 'tags' failure: not when any of it looks secret.
  const property = entries.some(([k, v]) => looksSecret(k) || looksSecret(v)) ? '' : 'tags';
  if (entries.length > MAX_TAGS) {
    failures.push({ property, rule: 'tag-count', reason: `tags may hold at most ${MAX_TAGS} entries; there are ${entries.length}` });
  }
  for (const [key, tagValue] of entries.slice(0, MAX_TAGS + 1)) {
    if (isUnknown(key) || isUnknown(tagValue)) continue;
    const shownKey = looksSecret(key) || key.length > 64 ? `#${entries.findIndex(([k]) => k === key) + 1}` : `"${key}"`;
    if (key.length < 1 || key.length > MAX_TAG_KEY_LENGTH) {
      failures.push({ property, rule: 'tag-key-length', reason: `tag key ${shownKey} must be 1 to ${MAX_TAG_KEY_LENGTH} characters long` });
    }
    if (key === OWNER_TAG) {
      failures.push({
        property,
        rule: 'tag-key-owner',
        reason: `tag key ${shownKey} is reserved: pulumi-alicloud-keypair marks the key pairs it imports with it`,
      });
    }
    if (/^(aliyun|acs:)/i.test(key)) {
      failures.push({
        property,
        rule: 'tag-key-reserved',
        reason: `tag key ${shownKey} must not start with "aliyun" or "acs:" (reserved by Alibaba Cloud)`,
      });
    }
    if (/https?:\/\//i.test(key)) {
      failures.push({ property, rule: 'tag-key-url', reason: `tag key ${shownKey} must not contain http:// or https://` });
    }
    if (typeof tagValue !== 'string') {
      failures.push({ property, rule: 'tag-value-text', reason: `tag ${shownKey} must have a string value` });
      continue;
    }
    if (tagValue.length > MAX_TAG_VALUE_LENGTH) {
      failures.push({
        property,
        rule: 'tag-value-length',
        reason: `tag ${shownKey} has a value longer than ${MAX_TAG_VALUE_LENGTH} characters`,
      });
    }
    if (/https?:\/\//i.test(tagValue)) {
      failures.push({ property, rule: 'tag-value-url', reason: `tag ${shownKey} must not have a value containing http:// or https://` });
    }
  }
  return failures;
}
