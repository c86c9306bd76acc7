/** ECS 2014-05-26 key-pair actions. */
import * as crypto from 'crypto';
import { errors } from '../errors';
import { generateKeyPair, readPublicKeyBody } from '../publicKeyBody';
import { creationTime, DEFAULT_RESOURCE_GROUP, EcsKeyPairRecord } from '../store';
import { Handler, HandlerContext, isValidKeyPairName, paging, repeated, required, tagParams } from './context';
import { ECS_INSTANCE_WRITE_ACTIONS, ecsInstanceHandlers } from './ecsInstances';

const MAX_TAGS = 20;
/** DeleteKeyPairs takes at most 100 names (more: 403 InstanceKeyPairLimitExceeded). */
const MAX_NAMES_PER_DELETE = 100;

function region(context: HandlerContext): Map<string, EcsKeyPairRecord> {
  const regionId = required(context.params, 'RegionId');
  if (!context.settings.regions.has(regionId)) throw errors.invalidRegionId();
  return context.store.ecsRegion(regionId);
}

function checkResourceGroup(context: HandlerContext, id: string | undefined): void {
  if (id === undefined || id === '') return;
  const known = context.settings.resourceGroups;
  if (known ? !known.has(id) : !/^rg-[a-z0-9]{4,}$/.test(id)) throw errors.invalidResourceGroup();
}

/** Validates Tag.N.* and returns them; Alibaba's tag rules. */
function validTags(tags: Array<{ key: string; value: string }>): Array<{ key: string; value: string }> {
  if (tags.length > MAX_TAGS) throw errors.tagCountExceeded();
  const seen = new Set<string>();
  for (const { key, value } of tags) {
    if (key === '' || key.length > 128 || /^(aliyun|acs:)/i.test(key) || /https?:\/\//i.test(key)) throw errors.invalidTagKey();
    if (value.length > 128 || /https?:\/\//i.test(value)) throw errors.invalidTagValue();
    if (seen.has(key)) throw errors.duplicateTagKey();
    seen.add(key);
  }
  return tags;
}

function checkQuota(context: HandlerContext, pairs: Map<string, EcsKeyPairRecord>): void {
  if (pairs.size >= context.settings.quotaPerRegion) throw errors.quotaExceedKeyPair();
}

function keyPairName(context: HandlerContext): string {
  const name = required(context.params, 'KeyPairName');
  if (!isValidKeyPairName(name)) throw errors.invalidKeyPairName();
  return name;
}

/** `*` wildcards in KeyPairName, as DescribeKeyPairs allows. */
function namePattern(pattern: string): (name: string) => boolean {
  if (!pattern.includes('*')) return (name) => name === pattern;
  return (name) => wildcardMatches(pattern, name);
}

/**
 * `*` matches any run of characters. No regular expression (a pattern such as `*a*a*a*a*a*a*!` made one backtrack
 * for seconds): the fixed pieces are found left to right, each at its first place after the previous one, which
 * is all a `*`-only pattern needs.
 */
export function wildcardMatches(pattern: string, name: string): boolean {
  const pieces = pattern.split('*');
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  if (!name.startsWith(first) || name.length < first.length + last.length || !name.endsWith(last)) return false;
  let at = first.length;
  const end = name.length - last.length;
  for (const piece of pieces.slice(1, -1)) {
    const found = name.indexOf(piece, at);
    if (found < 0 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}

function describeItem(record: EcsKeyPairRecord, includePublicKey: boolean): Record<string, unknown> {
  return {
    KeyPairName: record.keyPairName,
    KeyPairFingerPrint: record.fingerprint,
    CreationTime: record.creationTime,
    ResourceGroupId: record.resourceGroupId,
    ...(includePublicKey ? { PublicKey: record.publicKey } : {}),
    Tags: { Tag: [...record.tags].map(([TagKey, TagValue]) => ({ TagKey, TagValue })) },
  };
}

function newRecord(context: HandlerContext, name: string, fingerprint: string, publicKey: string): EcsKeyPairRecord {
  const resourceGroupId = context.params.ResourceGroupId ?? '';
  checkResourceGroup(context, resourceGroupId);
  const tags = validTags(tagParams(context.params));
  return {
    keyPairName: name,
    fingerprint,
    publicKey,
    creationTime: creationTime(context.now),
    resourceGroupId: resourceGroupId || DEFAULT_RESOURCE_GROUP,
    tags: new Map(tags.map(({ key, value }) => [key, value])),
    attachedInstances: [],
  };
}

const importKeyPair: Handler = (context) => {
  const pairs = region(context);
  const name = keyPairName(context);
  const body = required(context.params, 'PublicKeyBody');
  const parsed = readPublicKeyBody(body, 'ecs');
  if (!parsed) throw errors.invalidPublicKeyBody();
  if (pairs.has(name)) throw errors.keyPairAlreadyExist();
  checkQuota(context, pairs);
  pairs.set(name, newRecord(context, name, parsed.fingerprint, parsed.publicKey));
  return { KeyPairName: name, KeyPairFingerPrint: parsed.fingerprint };
};

const createKeyPair: Handler = (context) => {
  const pairs = region(context);
  const name = keyPairName(context);
  if (pairs.has(name)) throw errors.keyPairAlreadyExist();
  checkQuota(context, pairs);
  const generated = generateKeyPair();
  pairs.set(name, newRecord(context, name, generated.fingerprint, generated.publicKey));
  // An id of its own, as ECS gives one (`kp-` and lowercase letters and digits), not the name again.
  const keyPairId = `kp-${crypto.randomBytes(10).toString('hex')}`;
  return { KeyPairName: name, KeyPairFingerPrint: generated.fingerprint, PrivateKeyBody: generated.privateKeyPem, KeyPairId: keyPairId };
};

const describeKeyPairs: Handler = (context) => {
  const pairs = region(context);
  const { pageNumber, pageSize } = paging(context.params);
  const p = context.params;
  const matchesName = p.KeyPairName ? namePattern(p.KeyPairName) : () => true;
  const wantedFingerprint = p.KeyPairFingerPrint?.replace(/:/g, '').toLowerCase();
  const wantedTags = tagParams(p);
  // Booleans in any case: Alibaba's Python SDK sends `True`.
  const includePublicKey = p.IncludePublicKey?.toLowerCase() === 'true';
  const matching = [...pairs.values()]
    .filter((r) => matchesName(r.keyPairName))
    .filter((r) => !wantedFingerprint || r.fingerprint === wantedFingerprint)
    .filter((r) => !p.ResourceGroupId || r.resourceGroupId === p.ResourceGroupId)
    .filter((r) => wantedTags.every(({ key, value }) => r.tags.has(key) && (value === '' || r.tags.get(key) === value)))
    .sort((a, b) => a.keyPairName.localeCompare(b.keyPairName));
  const page = matching.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return {
    PageNumber: pageNumber,
    PageSize: pageSize,
    TotalCount: matching.length,
    KeyPairs: { KeyPair: page.map((r) => describeItem(r, includePublicKey)) },
  };
};

const deleteKeyPairs: Handler = (context) => {
  const pairs = region(context);
  let names: unknown;
  try {
    names = JSON.parse(required(context.params, 'KeyPairNames'));
  } catch {
    throw errors.invalidKeyPairNames();
  }
  if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string')) throw errors.invalidKeyPairNames();
  if (names.length > MAX_NAMES_PER_DELETE) throw errors.keyPairNamesLimit();
  // All or nothing: an attached key pair stops the whole call before anything is deleted.
  if ((names as string[]).some((n) => (pairs.get(n)?.attachedInstances.length ?? 0) > 0)) throw errors.keyPairAttached();
  for (const name of names as string[]) pairs.delete(name);
  return {};
};

function keyPairResources(context: HandlerContext, ids: string[]): EcsKeyPairRecord[] {
  if ((context.params.ResourceType ?? '').toLowerCase() !== 'keypair') throw errors.invalidResourceType();
  if (ids.length === 0) throw errors.missingParameter('ResourceId.1');
  const pairs = region(context);
  return ids.map((id) => {
    const record = pairs.get(id);
    if (!record) throw errors.invalidResourceId();
    return record;
  });
}

const tagResources: Handler = (context) => {
  const records = keyPairResources(context, repeated(context.params, 'ResourceId'));
  const tags = validTags(tagParams(context.params));
  if (tags.length === 0) throw errors.missingParameter('Tag.1.Key');
  for (const record of records) {
    const merged = new Map(record.tags);
    for (const { key, value } of tags) merged.set(key, value);
    if (merged.size > MAX_TAGS) throw errors.tagCountExceeded();
  }
  for (const record of records) for (const { key, value } of tags) record.tags.set(key, value);
  return {};
};

const untagResources: Handler = (context) => {
  const records = keyPairResources(context, repeated(context.params, 'ResourceId'));
  const keys = repeated(context.params, 'TagKey');
  const all = context.params.All?.toLowerCase() === 'true';
  for (const record of records) {
    if (all) record.tags.clear();
    else for (const key of keys) record.tags.delete(key);
  }
  return {};
};

const joinResourceGroup: Handler = (context) => {
  const [record] = keyPairResources(context, [required(context.params, 'ResourceId')]);
  const groupId = required(context.params, 'ResourceGroupId');
  checkResourceGroup(context, groupId);
  record.resourceGroupId = groupId;
  return {};
};

export const ECS_VERSION = '2014-05-26';

export const ecsHandlers: Readonly<Record<string, Handler>> = {
  ImportKeyPair: importKeyPair,
  CreateKeyPair: createKeyPair,
  DescribeKeyPairs: describeKeyPairs,
  DeleteKeyPairs: deleteKeyPairs,
  TagResources: tagResources,
  UntagResources: untagResources,
  JoinResourceGroup: joinResourceGroup,
  ...ecsInstanceHandlers,
};

/** Actions that change state: the ones an "ambiguous write" fault applies before dropping the connection. */
export const ECS_WRITE_ACTIONS = new Set([
  'ImportKeyPair',
  'CreateKeyPair',
  'DeleteKeyPairs',
  'TagResources',
  'UntagResources',
  'JoinResourceGroup',
  ...ECS_INSTANCE_WRITE_ACTIONS,
]);
