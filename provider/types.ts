/**
 * The package's domain types, in one types-only module: the inputs `check` produces, the state kept for a key pair,
 * a key pair as the cloud describes it, and where one is. Everything else imports them from here, so no module
 * needs another just for a type (and none of them can import back).
 */
import type { AssumeRoleSettings } from './identity';

/** What the SDK passes so that the provider can generate a name and an owner token (see ownership.ts). */
export interface AutoNameSeed {
  resourceName: string;
  /** `project/stack`. */
  scope: string;
  /** The stack instance: its backend and organization (names repeat across backends; these do not). */
  instance?: string;
  /** The types of the resource's parents, outermost first (two components may each have a child of one name). */
  parents?: string[];
}

/** The inputs the state keeps, after check. */
export interface KeyPairInputs {
  publicKey: string;
  /** MD5 of the declared key, as Alibaba reports it; after a drift refresh, the cloud's. */
  fingerprint: string;
  keyPairName: string;
  autoNamed: boolean;
  adoptExisting?: boolean;
  /** ECS only. */
  region?: string;
  resourceGroupId?: string;
  tags?: Record<string, string>;
  /** ECS only: the value of the owner tag this resource's imports carry (see ownership.ts). */
  owner?: string;
  /** The prefix the generated name starts with (`keyPairNamePrefix`). */
  keyPairNamePrefix?: string;
  /** Act in this role's account instead of the stack's (see identity.ts). */
  assumeRole?: AssumeRoleSettings;
  /** Take the credentials from this aliyun CLI profile instead of the stack's. */
  profile?: string;
  /**
   * The account the selected identity reaches (set by the provider after these checks, when it can be told): a
   * change shows in the preview as `accountId` old → new, and replaces the key pair.
   */
  accountId?: string;
}

/** The outputs of a key pair, as kept in the Pulumi state. */
export interface KeyPairState {
  keyPairName: string;
  /** Canonical `type base64`. */
  publicKey: string;
  /** The Alibaba MD5 fingerprint of the declared key; after a drift refresh, the cloud's. */
  fingerprint: string;
  fingerprintSha256?: string;
  keyType?: string;
  keyBits?: number;
  creationTime?: string;
  autoNamed?: boolean;
  adoptExisting?: boolean;
  /** The fingerprint the cloud reported at the last apply or refresh: drift is judged against it. */
  cloudFingerprint?: string;
  /** ECS. */
  region?: string;
  resourceGroupId?: string;
  tags?: Record<string, string>;
  /** ECS: whether the program declares tags / a resource group (absent means "leave the cloud's alone"). */
  tagsManaged?: boolean;
  resourceGroupManaged?: boolean;
  /** ECS: the owner tag's value (see ownership.ts). */
  owner?: string;
  /** ENS. */
  keyPairId?: string;
  /** The prefix of the generated name, when the program gave one. */
  keyPairNamePrefix?: string;
  /** The resource's own account selection: every later call acts there. */
  assumeRole?: AssumeRoleSettings;
  profile?: string;
  /** The account the key pair lives in: refresh, update and delete act only there (see accounts.ts). */
  accountId?: string;
  /** The stack's `alicloud:assumeRole` ARN the key pair was reached through (only the ARN: nothing secret). */
  stackRoleArn?: string;
}

/** Where the key pair lives and the way that reached it, recorded at create, adoption and lookup. */
export interface AccountRecord {
  accountId?: string;
  stackRoleArn?: string;
}

/** A key pair as the cloud describes it, fingerprint normalized. */
export interface CloudKeyPair {
  keyPairName: string;
  fingerprint: string;
  keyPairId?: string;
  creationTime?: string;
  resourceGroupId?: string;
  /** Tags the user manages: reserved ones (Alibaba's, our owner tag) left out. */
  tags?: Record<string, string>;
  publicKey?: string;
  /** ECS: the owner tag's value, when the key pair carries one. */
  owner?: string;
}

/** Where a key pair is: what read and delete get from the state. */
export interface KeyPairLocation {
  keyPairName: string;
  region?: string;
  keyPairId?: string;
}
