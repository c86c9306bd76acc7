/**
 * `check`: validate the program's inputs and turn them into the canonical inputs the state keeps.
 *
 * Canonicalizing here is what makes comment, whitespace and encoding changes invisible: the state holds
 * `type base64` and the MD5 fingerprint, so two spellings of one key are the same inputs.
 */
import type { AutoNameSeed, KeyPairInputs } from './types';
import { AssumeRoleSettings, resourceIdentityProblems } from './identity';
import { autoKeyPairName, prefixedKeyPairName, keyPairNamePrefixProblems } from './naming';
import { ownerToken } from './ownership';
import { Service } from './serviceFacts';
import { isUnknown, MAX_INPUT_DEPTH, nestingDepthExceeds, Previewed, UNKNOWN } from './unknown';
import {
  Failure,
  isGiven,
  validateKeyPairName,
  validatePublicKey,
  validateRegion,
  validateResourceGroupId,
  validateTags,
} from './validation';

export interface CheckOutcome {
  /** The canonical inputs; during a preview any of them may be the unknown sentinel (see unknown.ts). */
  inputs: Previewed<KeyPairInputs>;
  failures: Failure[];
}

export interface CheckContext {
  service: Service;
  /** From stack config or the environment; used when the resource sets no region. */
  defaultRegion?: string;
}

const ECS_ONLY = ['region', 'resourceGroupId', 'tags'] as const;

/** What each checker works on: the program's values in, the canonical inputs and the failures out. */
interface Checking {
  olds: Record<string, unknown>;
  news: Record<string, unknown>;
  context: CheckContext;
  inputs: Partial<Previewed<KeyPairInputs>>;
  failures: Failure[];
}

/** One small check: reads `news`, writes what it owns into `inputs`, reports what is wrong into `failures`. */
type Checker = (checking: Checking) => void;

/** publicKey → canonical key and fingerprint (or unknown during preview). */
const checkPublicKey: Checker = ({ news, context, inputs, failures }) => {
  if (isUnknown(news.publicKey)) {
    inputs.publicKey = UNKNOWN;
    inputs.fingerprint = UNKNOWN;
    return;
  }
  const { info, failure } = validatePublicKey(context.service, news.publicKey);
  if (failure) failures.push(failure);
  inputs.publicKey = info?.publicKey ?? '';
  inputs.fingerprint = info?.md5 ?? '';
};

/** ECS: the region, explicit, else the provider's default. */
const checkRegion: Checker = ({ news, context, inputs, failures }) => {
  if (isUnknown(news.region)) {
    inputs.region = UNKNOWN;
  } else if (isGiven(news.region)) {
    failures.push(...validateRegion(news.region));
    inputs.region = String(news.region);
  } else if (context.defaultRegion) {
    failures.push(...validateRegion(context.defaultRegion));
    inputs.region = context.defaultRegion;
  } else {
    failures.push({
      property: 'region',
      rule: 'region-required',
      reason:
        'region is not set: set `region` on the resource, `pulumi config set alicloud:region cn-hangzhou`, ' +
        'or ALICLOUD_REGION / ALIBABA_CLOUD_REGION in the environment',
    });
  }
};

/** ECS: the resource group and tags, managed only when given; the owner tag's value (see ownership.ts). */
const checkPlacement: Checker = ({ news, inputs, failures }) => {
  if (isGiven(news.resourceGroupId)) {
    if (!isUnknown(news.resourceGroupId)) failures.push(...validateResourceGroupId(news.resourceGroupId));
    inputs.resourceGroupId = String(news.resourceGroupId);
  }
  if (news.tags !== undefined && news.tags !== null) {
    if (isUnknown(news.tags)) {
      inputs.tags = news.tags as Record<string, string>;
    } else {
      failures.push(...validateTags(news.tags));
      inputs.tags = { ...(news.tags as Record<string, string>) };
    }
  }
  inputs.owner = ownerToken((news.__autoName ?? {}) as Partial<AutoNameSeed>);
};

/** ENS key pairs are global and untagged: the ECS-only inputs are refused, not ignored. */
const refuseEcsOnlyInputs: Checker = ({ news, failures }) => {
  for (const name of ECS_ONLY) {
    if (news[name] !== undefined) {
      failures.push({ property: name, rule: 'ecs-only', reason: `${name} is not supported for ENS key pairs; remove it` });
    }
  }
};

const checkAdoptExisting: Checker = ({ news, inputs, failures }) => {
  if (
    news.adoptExisting !== undefined &&
    news.adoptExisting !== null &&
    typeof news.adoptExisting !== 'boolean' &&
    !isUnknown(news.adoptExisting)
  ) {
    failures.push({ property: 'adoptExisting', rule: 'boolean', reason: 'adoptExisting must be true or false' });
  }
  // Kept only when asked for: the inputs hold what the user wrote (an unset flag would be one more line in every
  // review diff of a dynamic resource).
  if (news.adoptExisting === true) inputs.adoptExisting = true;
};

/** assumeRole / profile: which account the key pair is in (nothing secret; kept in the state). */
const checkAccountSelection: Checker = ({ news, inputs, failures }) => {
  failures.push(...resourceIdentityProblems(news));
  if (news.assumeRole !== undefined && news.assumeRole !== null) inputs.assumeRole = news.assumeRole as AssumeRoleSettings;
  if (news.profile !== undefined && news.profile !== null) inputs.profile = String(news.profile);
};

/** keyPairName: the user's, or generated (stable while the key and region stay the same), with the user's prefix. */
const checkName: Checker = ({ olds, news, inputs, failures }) => {
  const given = news.keyPairName;
  const prefix = news.keyPairNamePrefix;
  if (isGiven(prefix)) {
    if (isGiven(given)) {
      failures.push({
        property: 'keyPairNamePrefix',
        rule: 'name-or-prefix',
        reason: 'keyPairNamePrefix and keyPairName are both set; set one (the prefix is for generated names)',
      });
    } else if (!isUnknown(prefix)) {
      failures.push(
        ...keyPairNamePrefixProblems(prefix).map(({ rule, message }) => ({ property: 'keyPairNamePrefix', rule, reason: message })),
      );
    }
    inputs.keyPairNamePrefix = String(prefix);
  }
  if (isGiven(given)) {
    if (!isUnknown(given)) failures.push(...validateKeyPairName(given));
    inputs.keyPairName = isUnknown(given) ? UNKNOWN : String(given);
    inputs.autoNamed = false;
  } else {
    inputs.autoNamed = true;
    inputs.keyPairName = generatedName(olds, news, inputs);
  }
};

/** The checks, in order (the name comes last: a generated one depends on the key and the region). */
const CHECKERS: Readonly<Record<Service, readonly Checker[]>> = {
  ecs: [checkPublicKey, checkRegion, checkPlacement, checkAdoptExisting, checkAccountSelection, checkName],
  ens: [checkPublicKey, refuseEcsOnlyInputs, checkAdoptExisting, checkAccountSelection, checkName],
};

export function checkInputs(olds: Record<string, unknown>, news: Record<string, unknown>, context: CheckContext): CheckOutcome {
  // Nothing we take is nested deeply; refuse absurd nesting before any recursive look at it. No property, so the
  // engine does not try to print the value.
  const tooDeep = Object.keys(news).filter((name) => name !== '__provider' && nestingDepthExceeds(news[name]));
  if (tooDeep.length > 0) {
    return {
      inputs: { publicKey: '', fingerprint: '', keyPairName: '', autoNamed: false, adoptExisting: false },
      failures: tooDeep.map((name) => ({
        property: '',
        rule: 'nesting',
        reason:
          name === 'tags'
            ? `tags are nested more than ${MAX_INPUT_DEPTH} levels deep; tags must be a flat object of string keys to string values`
            : `${name} is nested more than ${MAX_INPUT_DEPTH} levels deep; give it as plain text`,
      })),
    };
  }
  const checking: Checking = { olds, news, context, inputs: {}, failures: [] };
  for (const check of CHECKERS[context.service]) check(checking);
  return { inputs: checking.inputs as Previewed<KeyPairInputs>, failures: checking.failures };
}

function generatedName(olds: Record<string, unknown>, news: Record<string, unknown>, inputs: Partial<Previewed<KeyPairInputs>>): string {
  if (inputs.fingerprint === UNKNOWN || inputs.region === UNKNOWN) return UNKNOWN;
  // Keep the name chosen earlier while nothing that forces a replacement changed.
  if (
    olds.autoNamed === true &&
    typeof olds.keyPairName === 'string' &&
    olds.fingerprint === inputs.fingerprint &&
    olds.region === inputs.region &&
    olds.keyPairNamePrefix === inputs.keyPairNamePrefix
  ) {
    return olds.keyPairName;
  }
  const seed = (news.__autoName ?? {}) as Partial<AutoNameSeed>;
  const resourceName = typeof seed.resourceName === 'string' ? seed.resourceName : 'keypair';
  const scope = typeof seed.scope === 'string' ? seed.scope : '';
  const hashed = `${scope}/${resourceName}/${inputs.region ?? ''}/${inputs.fingerprint}`;
  if (inputs.keyPairNamePrefix !== undefined) {
    return isUnknown(inputs.keyPairNamePrefix) ? UNKNOWN : prefixedKeyPairName(inputs.keyPairNamePrefix, hashed);
  }
  return autoKeyPairName(resourceName, hashed);
}
