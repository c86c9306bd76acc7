/**
 * The state the provider keeps for a key pair (the resource's outputs), typed, with its mapping to and from the
 * plain objects the engine stores. Pure.
 */
import type { AccountRecord, CloudKeyPair, KeyPairInputs, KeyPairLocation, KeyPairState } from './types';
import { parsePublicKey } from './ssh/publicKey';

/** Outputs never hold `undefined` (the engine refuses it), and only plain JSON. */
export function clean<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Bookkeeping the state keeps that nobody wrote or reads: stored under `__`-prefixed names, which the Pulumi CLI
 * leaves out of every diff it prints (pkg/backend/display/object_diff.go ignores `resource.IsInternalPropertyKey`),
 * so `pulumi preview --diff` shows only what the user wrote or reads. States of earlier versions used the plain
 * names: both are read.
 */
const STORED_AS: Readonly<Record<string, string>> = {
  owner: '__owner',
  autoNamed: '__autoNamed',
  cloudFingerprint: '__cloudFingerprint',
  tagsManaged: '__tagsManaged',
  resourceGroupManaged: '__resourceGroupManaged',
  stackRoleArn: '__stackRoleArn',
};

/** Inputs or outputs as the engine stores them: the bookkeeping under its `__` names. */
export function toStored<T extends object>(values: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [STORED_AS[key] ?? key, value]));
}

/** Stored inputs or outputs (either naming) with their internal names: the serialized provider left out. */
export function fromStored(props: Record<string, unknown> | undefined): Record<string, unknown> {
  const { __provider: _ignored, ...rest } = props ?? {};
  const values: Record<string, unknown> = { ...rest };
  for (const [name, stored] of Object.entries(STORED_AS)) {
    if (Object.hasOwn(values, stored)) {
      values[name] = values[stored];
      delete values[stored];
    }
  }
  return values;
}

/** The stored outputs (or old inputs) as state. */
export function stateFrom(props: Record<string, unknown> | undefined): KeyPairState {
  return fromStored(props) as unknown as KeyPairState;
}

/** Where the key pair in `state` (or in the inputs) is. */
export function locationOf(state: { keyPairName?: unknown; region?: unknown; keyPairId?: unknown }): KeyPairLocation {
  return {
    keyPairName: String(state.keyPairName ?? ''),
    region: typeof state.region === 'string' ? state.region : undefined,
    keyPairId: typeof state.keyPairId === 'string' ? state.keyPairId : undefined,
  };
}

/** Alibaba's CreationTime form (UTC, minute precision) for the moment a create succeeded. */
function nowAsCreationTime(): string {
  return new Date().toISOString().slice(0, 16) + 'Z';
}

/** The state right after a create: what was declared, and what the cloud said (service fields from the adapter). */
export function stateAfterCreate(
  inputs: KeyPairInputs,
  cloud: CloudKeyPair,
  serviceFields: Partial<KeyPairState>,
  account: AccountRecord,
): KeyPairState {
  const info = parsePublicKey(inputs.publicKey);
  return clean({
    keyPairName: cloud.keyPairName || inputs.keyPairName,
    publicKey: inputs.publicKey,
    fingerprint: inputs.fingerprint,
    fingerprintSha256: info.sha256,
    keyType: info.type,
    keyBits: info.bits,
    creationTime: cloud.creationTime ?? nowAsCreationTime(),
    autoNamed: inputs.autoNamed,
    adoptExisting: inputs.adoptExisting,
    cloudFingerprint: cloud.fingerprint || inputs.fingerprint,
    keyPairNamePrefix: inputs.keyPairNamePrefix,
    assumeRole: inputs.assumeRole,
    profile: inputs.profile,
    ...account,
    ...serviceFields,
  });
}

/**
 * The inputs that match `state`: after a drift refresh they replace the stored inputs, so the next preview shows
 * the drifted property as a change from the cloud's value to the program's.
 */
export function inputsFromState(state: KeyPairState): Record<string, unknown> {
  return clean({
    publicKey: state.publicKey,
    fingerprint: state.fingerprint,
    fingerprintSha256: state.fingerprintSha256,
    keyType: state.keyType,
    keyBits: state.keyBits,
    keyPairName: state.keyPairName,
    autoNamed: state.autoNamed,
    adoptExisting: state.adoptExisting,
    region: state.region,
    resourceGroupId: state.resourceGroupManaged ? state.resourceGroupId : undefined,
    tags: state.tagsManaged ? state.tags : undefined,
    owner: state.owner,
    keyPairNamePrefix: state.keyPairNamePrefix,
    assumeRole: state.assumeRole,
    profile: state.profile,
    accountId: state.accountId,
  });
}
