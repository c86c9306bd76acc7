/**
 * Which account: the one home for turning an identity — the way calls reach an Alibaba Cloud account — into
 * credentials and an account id, with one cache per process.
 *
 * Why it matters: a key pair lives in one account. Every key pair records that account (`accountId`) and the way
 * that reached it (its own `assumeRole` / `profile`, the stack's role ARN, or the stack's base credentials). Refresh,
 * update and delete go the recorded way and act only when it still reaches the recorded account; when the identity
 * in force now reaches another account, they fail before any write (see `AccountMismatchError`). Without that, a
 * changed stack setting (a role added, another profile, other environment keys) made delete act in another account,
 * on a key pair that merely had the same name.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import {
  CredentialChain,
  Credentials,
  CredentialsError,
  ExplicitCredentials,
  resolveStsEndpoint,
  RoleCredentials,
  RpcClient,
  signatureVersionFromEnv,
  StsApi,
  STS_API_VERSION,
  Transport,
} from './alibaba';
import { AssumeRoleSettings, DEFAULT_SESSION_NAME, OidcRoleSettings, StackIdentity } from './identity';

/** The way calls reach an account. */
export type Identity =
  /** The stack's base credentials: its credential chain, or `alicloud:assumeRoleWithOidc`. Never its `alicloud:assumeRole`. */
  | { kind: 'base' }
  /** The stack's `alicloud:assumeRole` with this ARN, assumed with the base credentials. */
  | { kind: 'stackRole'; roleArn: string }
  /** The resource's own `profile` and/or `assumeRole` (its role assumed with the profile, else the base credentials). */
  | { kind: 'own'; assumeRole?: AssumeRoleSettings; profile?: string };

/** What an identity is chosen from: a resource's inputs or state. */
export interface AccountSelectionValues {
  assumeRole?: unknown;
  profile?: unknown;
  /** State only: the stack role's ARN the key pair was reached through. */
  stackRoleArn?: unknown;
}

function ownSelection(values: AccountSelectionValues): Identity | undefined {
  const assumeRole = values.assumeRole && typeof values.assumeRole === 'object' ? (values.assumeRole as AssumeRoleSettings) : undefined;
  const profile = typeof values.profile === 'string' && values.profile !== '' ? values.profile : undefined;
  return assumeRole || profile ? { kind: 'own', assumeRole, profile } : undefined;
}

/** The identity a resource's inputs select now: its own, else the stack's role, else the stack's base credentials. */
export function identityForInputs(inputs: AccountSelectionValues, stack: StackIdentity | undefined): Identity {
  return ownSelection(inputs) ?? (stack?.assumeRole ? { kind: 'stackRole', roleArn: stack.assumeRole.roleArn } : { kind: 'base' });
}

/**
 * The identity a state records. A state without a recorded way (written by an earlier version, or made with the
 * base credentials) means the base credentials — never whatever role the stack names now.
 */
export function recordedIdentity(state: AccountSelectionValues): Identity {
  if (ownSelection(state)) return ownSelection(state)!;
  return typeof state.stackRoleArn === 'string' && state.stackRoleArn
    ? { kind: 'stackRole', roleArn: state.stackRoleArn }
    : { kind: 'base' };
}

/** A stable text for an identity, to key caches and compare by (nothing secret is in it). */
export function identityKey(identity: Identity): string {
  if (identity.kind !== 'own') return JSON.stringify([identity.kind, identity.kind === 'stackRole' ? identity.roleArn : '']);
  const role = identity.assumeRole
    ? Object.entries(identity.assumeRole)
        .filter(([, v]) => v !== undefined && v !== null)
        .sort(([a], [b]) => a.localeCompare(b))
    : null;
  return JSON.stringify(['own', identity.profile ?? '', role]);
}

/** The identity in words, for messages (names and ARNs only). */
export function describeIdentity(identity: Identity): string {
  switch (identity.kind) {
    case 'base':
      return "the stack's base credentials";
    case 'stackRole':
      return `the stack's role ${identity.roleArn} (alicloud:assumeRole)`;
    default: {
      const parts = [
        identity.profile ? `profile "${identity.profile}"` : '',
        identity.assumeRole ? `role ${identity.assumeRole.roleArn}` : '',
      ];
      return `the resource's own ${parts.filter(Boolean).join(' and ')}`;
    }
  }
}

/** The account a RAM ARN (`acs:ram::<account>:…`) belongs to. */
export function accountInArn(arn: string): string | undefined {
  return /^acs:ram::(\d{1,20}):/i.exec(arn)?.[1];
}

/** The operation did not run: the identity in force reaches another account than the key pair's. */
export class AccountMismatchError extends Error {
  override name = 'AccountMismatchError';
}

/** What the account resolver needs of the provider's settings. */
export interface AccountSettings {
  credentials: ExplicitCredentials;
  identity?: StackIdentity;
  deadlineMs: number;
  /** Told of each retry after a network failure. */
  onRetry?: (line: string) => void;
}

/** Credentials and account id of one identity under one set of settings. */
interface Resolved {
  credentials: () => Promise<Credentials>;
  accountId?: Promise<string>;
}

/**
 * Everything resolved in this process, by identity and the settings it was resolved under. Kept in memory only
 * (the provider object Pulumi serializes never holds it); the key is a hash, so no setting is readable in it. The
 * ECS and ENS providers of one host share it: a role is assumed, and an account looked up, once per run.
 */
const RESOLVED = new Map<string, Resolved>();

export class Accounts {
  constructor(
    private readonly settings: AccountSettings,
    private readonly transport: Transport,
  ) {}

  /** Credentials for calls made as `identity`, looked up at call time (renewed when they expire). */
  credentials(identity: Identity): () => Promise<Credentials> {
    return this.resolved(identity).credentials;
  }

  /**
   * The account `identity` reaches. A role's account is the one in its ARN (a role session acts there); otherwise
   * STS GetCallerIdentity is asked once per identity per run.
   */
  accountId(identity: Identity): Promise<string> {
    const resolved = this.resolved(identity);
    if (!resolved.accountId) {
      const role = this.finalRoleArn(identity);
      const fromArn = role ? accountInArn(role) : undefined;
      resolved.accountId = fromArn
        ? Promise.resolve(fromArn)
        : this.sts(resolved.credentials)
            .getCallerIdentity()
            .then((caller) => caller.accountId);
      // A failure (no credentials yet, STS unreachable) is not remembered: the next call asks again.
      resolved.accountId.catch(() => (resolved.accountId = undefined));
    }
    return resolved.accountId;
  }

  /** The role whose session the calls of `identity` finally run as, if any. */
  private finalRoleArn(identity: Identity): string | undefined {
    if (identity.kind === 'stackRole') return identity.roleArn;
    if (identity.kind === 'own') return identity.assumeRole?.roleArn ?? undefined;
    return this.settings.identity?.assumeRoleWithOidc?.roleArn;
  }

  private resolved(identity: Identity): Resolved {
    const key = hashOf([identityKey(identity), this.settings.credentials, this.settings.identity ?? null]);
    let resolved = RESOLVED.get(key);
    if (!resolved) {
      resolved = { credentials: this.credentialsSource(identity) };
      RESOLVED.set(key, resolved);
    }
    return resolved;
  }

  private credentialsSource(identity: Identity): () => Promise<Credentials> {
    const stack = this.settings.identity ?? {};
    switch (identity.kind) {
      case 'base':
        return stack.assumeRoleWithOidc ? this.oidcRole(stack.assumeRoleWithOidc) : this.chain();
      case 'stackRole': {
        // The stack's settings for this role when it still names it (session name, external id, policy); else the ARN alone.
        const settings = stack.assumeRole?.roleArn === identity.roleArn ? stack.assumeRole : { roleArn: identity.roleArn };
        return this.assumedRole(settings, this.credentials({ kind: 'base' }));
      }
      default: {
        const base = identity.profile ? this.chain(identity.profile) : this.credentials({ kind: 'base' });
        return identity.assumeRole ? this.assumedRole(identity.assumeRole, base) : base;
      }
    }
  }

  /** The credential chain; with a profile, only that aliyun CLI profile is looked at. */
  private chain(profileOnly?: string): () => Promise<Credentials> {
    const chain = new CredentialChain({ explicit: this.settings.credentials, profileOnly });
    return () => chain.get();
  }

  private sts(credentials?: () => Promise<Credentials>, secrets?: string[]): StsApi {
    return new StsApi(
      new RpcClient({
        endpoint: resolveStsEndpoint(this.settings.identity?.stsEndpoint),
        version: STS_API_VERSION,
        credentials,
        signatureVersion: signatureVersionFromEnv(),
        deadlineMs: this.settings.deadlineMs,
        transport: this.transport,
        secrets,
        onRetry: this.settings.onRetry,
      }),
    );
  }

  private assumedRole(role: AssumeRoleSettings, base: () => Promise<Credentials>): () => Promise<Credentials> {
    const sts = this.sts(base);
    const cache = new RoleCredentials({
      describe: `role ${role.roleArn}`,
      fetch: () =>
        sts.assumeRole({
          roleArn: role.roleArn,
          roleSessionName: role.sessionName ?? DEFAULT_SESSION_NAME,
          durationSeconds: role.sessionExpiration,
          policy: role.policy,
          externalId: role.externalId,
        }),
    });
    return () => cache.get();
  }

  private oidcRole(role: OidcRoleSettings): () => Promise<Credentials> {
    const cache = new RoleCredentials({
      describe: `role ${role.roleArn} (alicloud:assumeRoleWithOidc)`,
      fetch: async () => {
        const token = role.oidcToken ?? readOidcToken(role.oidcTokenFile!);
        return this.sts(undefined, [token]).assumeRoleWithOidc({
          roleArn: role.roleArn,
          oidcProviderArn: role.oidcProviderArn,
          oidcToken: token,
          roleSessionName: role.roleSessionName ?? DEFAULT_SESSION_NAME,
          durationSeconds: role.sessionExpiration,
          policy: role.policy,
        });
      },
    });
    return () => cache.get();
  }
}

function hashOf(parts: unknown[]): string {
  return crypto.createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** The OIDC token from its file, read at every renewal (CI systems rotate it). Never quoted. */
function readOidcToken(file: string): string {
  try {
    const token = fs.readFileSync(file, 'utf8').trim();
    if (token) return token;
  } catch {
    // reported below
  }
  throw new CredentialsError(`alicloud:assumeRoleWithOidc.oidcTokenFile ${file} cannot be read or is empty`);
}
