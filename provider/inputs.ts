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
import { isUnknown, MAX_INPUT_DEPTH, nestingDepthExceeds, UNKNOWN } from './unknown';
import { Failure, validateKeyPairName, validatePublicKey, validateRegion, validateResourceGroupId, validateTags } from './validation';

export interface CheckOutcome {
  inputs: KeyPairInputs;
  failures: Failure[];
}

export interface CheckContext {
  service: Service;
  /** From stack config or the environment; used when the resource sets no region. */
  defaultRegion?: string;
}

const ECS_ONLY = ['region', 'resourceGroupId', 'tags'] as const;

type ServiceInputs = (news: Record<string, unknown>, context: CheckContext, inputs: Partial<KeyPairInputs>, failures: Failure[]) => void;

/** ECS key pairs have a place (region, resource group), tags, and an owner tag (see ownership.ts). */
const checkEcsInputs: ServiceInputs = (news, context, inputs, failures) => {
  // region: explicit, else the provider's default
  if (isUnknown(news.region)) {
    inputs.region = UNKNOWN;
  } else if (news.region !== undefined && news.region !== null && news.region !== '') {
    failures.push(...validateRegion(news.region));
    inputs.region = String(news.region);
  } else if (context.defaultRegion) {
    failures.push(...validateRegion(context.defaultRegion));
    inputs.region = context.defaultRegion;
  } else {
    failures.push({
      property: 'region',
      reason:
        'region is not set: set `region` on the resource, `pulumi config set alicloud:region cn-hangzhou`, ' +
        'or ALICLOUD_REGION / ALIBABA_CLOUD_REGION in the environment',
    });
  }
  if (news.resourceGroupId !== undefined && news.resourceGroupId !== null && news.resourceGroupId !== '') {
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
const refuseEcsOnlyInputs: ServiceInputs = (news, _context, _inputs, failures) => {
  for (const name of ECS_ONLY) {
    if (news[name] !== undefined) failures.push({ property: name, reason: `${name} is not supported for ENS key pairs; remove it` });
  }
};

const SERVICE_INPUTS: Readonly<Record<Service, ServiceInputs>> = { ecs: checkEcsInputs, ens: refuseEcsOnlyInputs };

export function checkInputs(olds: Record<string, unknown>, news: Record<string, unknown>, context: CheckContext): CheckOutcome {
  const failures: Failure[] = [];
  const inputs: Partial<KeyPairInputs> = {};

  // Nothing we take is nested deeply; refuse absurd nesting before any recursive look at it. No property, so the
  // engine does not try to print the value.
  const tooDeep = Object.keys(news).filter((name) => name !== '__provider' && nestingDepthExceeds(news[name]));
  if (tooDeep.length > 0) {
    return {
      inputs: { publicKey: '', fingerprint: '', keyPairName: '', autoNamed: false, adoptExisting: false },
      failures: tooDeep.map((name) => ({
        property: '',
        reason:
          name === 'tags'
            ? `tags are nested more than ${MAX_INPUT_DEPTH} levels deep; tags must be a flat object of string keys to string values`
            : `${name} is nested more than ${MAX_INPUT_DEPTH} levels deep; give it as plain text`,
      })),
    };
  }

  // publicKey → canonical key and fingerprint (or unknown during preview)
  if (isUnknown(news.publicKey)) {
    inputs.publicKey = UNKNOWN;
    inputs.fingerprint = UNKNOWN;
  } else {
    const { info, failure } = validatePublicKey(context.service, news.publicKey);
    if (failure) failures.push(failure);
    inputs.publicKey = info?.publicKey ?? '';
    inputs.fingerprint = info?.md5 ?? '';
  }

  SERVICE_INPUTS[context.service](news, context, inputs, failures);

  if (
    news.adoptExisting !== undefined &&
    news.adoptExisting !== null &&
    typeof news.adoptExisting !== 'boolean' &&
    !isUnknown(news.adoptExisting)
  ) {
    failures.push({ property: 'adoptExisting', reason: 'adoptExisting must be true or false' });
  }
  // Kept only when asked for: the inputs hold what the user wrote (an unset flag would be one more line in every
  // review diff of a dynamic resource).
  if (news.adoptExisting === true) inputs.adoptExisting = true;

  // assumeRole / profile: which account the key pair is in (nothing secret; kept in the state)
  failures.push(...resourceIdentityProblems(news));
  if (news.assumeRole !== undefined && news.assumeRole !== null) inputs.assumeRole = news.assumeRole as AssumeRoleSettings;
  if (news.profile !== undefined && news.profile !== null) inputs.profile = String(news.profile);

  // keyPairName: the user's, or generated (stable while the key and region stay the same), with the user's prefix
  const given = news.keyPairName;
  const prefix = news.keyPairNamePrefix;
  const hasPrefix = prefix !== undefined && prefix !== null && prefix !== '';
  if (hasPrefix) {
    if (given !== undefined && given !== null && given !== '') {
      failures.push({
        property: 'keyPairNamePrefix',
        reason: 'keyPairNamePrefix and keyPairName are both set; set one (the prefix is for generated names)',
      });
    } else if (!isUnknown(prefix)) {
      failures.push(...keyPairNamePrefixProblems(prefix).map((reason) => ({ property: 'keyPairNamePrefix', reason })));
    }
    inputs.keyPairNamePrefix = String(prefix);
  }
  if (given !== undefined && given !== null && given !== '') {
    if (!isUnknown(given)) failures.push(...validateKeyPairName(given));
    inputs.keyPairName = isUnknown(given) ? UNKNOWN : String(given);
    inputs.autoNamed = false;
  } else {
    inputs.autoNamed = true;
    inputs.keyPairName = generatedName(olds, news, inputs);
  }

  return { inputs: inputs as KeyPairInputs, failures };
}

function generatedName(olds: Record<string, unknown>, news: Record<string, unknown>, inputs: Partial<KeyPairInputs>): string {
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
