/**
 * What the user reads when an operation fails: one table from the service's error code to a message that says
 * what happened and what to do. Every message keeps the original error as `cause`. None quotes a secret: API
 * errors are redacted where they are made, and these add only names the user chose (key pair, region).
 */
import { AccountMismatchError } from './accounts';
import { ApiError } from './alibaba';
import { SERVICES, Service } from './serviceFacts';

/** Where a key pair is, as far as messages name it. */
export interface Whereabouts {
  keyPairName?: unknown;
  region?: unknown;
}

/** Which source supplied the refused access key: ` (from ALIBABA_CLOUD_ACCESS_KEY_ID)`; nothing when unknown. */
const from = (error: ApiError) => (error.credentialSource ? ` (the access key came from ${error.credentialSource})` : '');

const inRegion = (where: Whereabouts) => (where.region ? ` in ${String(where.region)}` : '');

/** Messages for codes that need more than the service's words. */
const BY_CODE: ReadonlyArray<{ matches: (code: string) => boolean; message: (error: ApiError, where: Whereabouts) => string }> = [
  {
    matches: (code) => code === 'QuotaExceed.KeyPair',
    message: (_error, where) =>
      `the key pair quota is used up${inRegion(where)}: Alibaba Cloud allows 500 key pairs per region (QuotaExceed.KeyPair). ` +
      'Delete key pairs you no longer use, or use another region.',
  },
  {
    matches: (code) => code === 'InvalidAccessKeyId.NotFound',
    message: (error) =>
      `${error.message}. The access key id is unknown${from(error)}: check the credentials in use (environment, alicloud:accessKey, aliyun profile).`,
  },
  {
    // The server's message quotes its string to sign (a security token with it): not repeated.
    matches: (code) => code === 'SignatureDoesNotMatch',
    message: (error) =>
      `${error.action} failed: SignatureDoesNotMatch: the access key secret does not match the access key id${from(error)}; check the credentials in use.`,
  },
  {
    matches: (code) => code.startsWith('Forbidden'),
    message: (error) =>
      `${error.message}. The RAM user or role lacks permission for ${error.action}; grant it (for example the AliyunECSFullAccess policy).`,
  },
  {
    matches: (code) => code === 'InvalidRegionId.NotFound',
    message: (error, where) =>
      `${error.message}. Region "${String(where.region)}" is not an ECS region; check \`region\` or alicloud:region.`,
  },
];

/** The error to show for `error` met while working on the key pair at `where`. */
export function explain(error: unknown, where: Whereabouts): Error {
  if (error instanceof ApiError) {
    const known = BY_CODE.find((entry) => entry.matches(error.code));
    if (known) return new Error(known.message(error, where), { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** A key pair of the declared name holds the declared key, but is not this resource's. */
export function takenWithSameKey(where: Whereabouts, fingerprint: string): Error {
  return new Error(
    `key pair "${String(where.keyPairName)}" already exists${inRegion(where)} with the same key (fingerprint ${fingerprint}), and it was ` +
      'not created by this resource (another stack, or by hand). To manage it with Pulumi set `adoptExisting: true`; or choose ' +
      'another keyPairName (or leave it unset for a generated one).',
  );
}

/** A key pair of the declared name holds another key. */
export function takenWithOtherKey(where: Whereabouts, cloudFingerprint: string, ourFingerprint: string): Error {
  return new Error(
    `key pair "${String(where.keyPairName)}" already exists${inRegion(where)} with another key: the cloud holds fingerprint ${cloudFingerprint}, ` +
      `publicKey has ${ourFingerprint}. Ways out: choose another keyPairName (or leave it unset for a ` +
      'generated one); delete the existing key pair if it is no longer used; or set publicKey to the key it holds.',
  );
}

/** A failed create whose import may have been applied, and whose clean-up could not look. */
export function mayHaveBeenLeftBehind(error: unknown, where: Whereabouts): Error {
  const first = explain(error, where).message.replace(/\.$/, '');
  return new Error(
    `${first}. An attempt may have created key pair "${String(where.keyPairName)}"${inRegion(where)} before the failure, and it ` +
      'could not be checked or removed. Look it up (DescribeKeyPairs); if it is there with this key, delete it or set ' +
      '`adoptExisting: true`, then run again.',
    { cause: error },
  );
}

/** Delete refused because instances still use the key pair, after waiting `waitedMs` for them to let go. */
export function stillAttached(service: Service, where: Whereabouts, error: ApiError, waitedMs = 0): Error {
  const waited =
    waitedMs >= 500
      ? ` It stayed bound for the ${Math.round(waitedMs / 1000)} s waited (alicloud-keypair:detachTimeoutSeconds, ALIBABA_CLOUD_DETACH_TIMEOUT_SECONDS).`
      : '';
  return new Error(
    `key pair "${String(where.keyPairName)}"${inRegion(where)} is still bound to instances, so ${SERVICES[service].label} refuses to ` +
      `delete it (${error.code}).${waited} Unbind it first (ECS: DetachKeyPair, or give the instances another key pair; a released ` +
      'instance lets go after a while), then run again — or wait longer by raising alicloud-keypair:detachTimeoutSeconds.',
    { cause: error },
  );
}

/** What the user sees while delete waits for instances to let go of the key pair. */
export function waitingForRelease(service: Service, where: Whereabouts, waitedMs: number, timeoutMs: number): string {
  return (
    `pulumi-alicloud-keypair: key pair "${String(where.keyPairName)}"${inRegion(where)} is still bound to instances; waiting for ` +
    `${SERVICES[service].label} to release it before deleting (${Math.round(waitedMs / 1000)} s of up to ${Math.round(timeoutMs / 1000)} s)`
  );
}

/**
 * Refresh, update or delete refused before any write: the identities in force reach another account than the key
 * pair's. Names both accounts and the ways out.
 */
export function accountMismatch(where: Whereabouts, accountId: string, reached: string[], operation: string): Error {
  return new AccountMismatchError(
    `key pair "${String(where.keyPairName)}"${inRegion(where)} lives in account ${accountId}, but ${reached.join('; ')}. ` +
      `Nothing was changed (${operation} acts only in the key pair's own account). Ways out: restore the setting that ` +
      `reached account ${accountId} (alicloud:assumeRole, alicloud:assumeRoleWithOidc, alicloud:profile, the access keys in ` +
      "the environment, or the resource's assumeRole/profile); or, to stop managing that key pair from this stack, " +
      '`pulumi state delete` this resource (the key pair stays in its account).',
  );
}

/** Delete found a key pair of our name that is not ours: it is left alone, and the resource leaves the state. */
export function notOursLeftAlone(service: Service, where: Whereabouts, why: string): string {
  return (
    `pulumi-alicloud-keypair: warning: key pair "${String(where.keyPairName)}"${inRegion(where)} was not deleted: ${why}, so it ` +
    `is not the one this resource made. ${SERVICES[service].label} keeps it; the resource leaves the state. If ours was ` +
    'replaced by hand and should go too, delete it yourself.'
  );
}
