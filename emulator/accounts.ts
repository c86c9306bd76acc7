/**
 * Alibaba Cloud accounts as the emulator keeps them: each has its own access keys, RAM roles, OIDC providers and
 * key pairs. STS hands out temporary access keys that act in a role's account; the server asks this directory
 * which account an access key belongs to, and so which key pairs a request sees.
 */
import * as crypto from 'crypto';
import type { EmulatorCredential } from './auth';
import { EmulatorStore } from './store';

/** A RAM role: `acs:ram::<account>:role/<name>`. */
export interface EmulatorRole {
  /** The role's name (the last part of its ARN). Compared case-insensitively, as RAM does. */
  name: string;
  /** Accounts whose identities may assume it. Default: its own account only (RAM's default trust policy). */
  trustedAccounts?: string[];
  /** When set, AssumeRole must carry exactly this ExternalId. */
  externalId?: string;
  /**
   * The OIDC providers (names, of the role's own account) it trusts for AssumeRoleWithOIDC. Default: every OIDC
   * provider of its account — unless `trustedAccounts` is empty, a role that trusts nobody.
   */
  trustedOidcProviders?: string[];
  /** The longest session it grants, in seconds (RAM: 3600 to 43200). Default 3600. */
  maxSessionDurationSeconds?: number;
}

/** An OIDC identity provider: `acs:ram::<account>:oidc-provider/<name>`. */
export interface EmulatorOidcProvider {
  /** The provider's name (the last part of its ARN). */
  name: string;
  /** The OIDC tokens it accepts. Default: any non-empty token. */
  tokens?: string[];
}

/** How to set up one account; every field but the id has a default. */
export interface EmulatorAccountOptions {
  /** The account id, as in ARNs: 16 digits, such as `1234567890123456`. */
  accountId: string;
  /** Its permanent access keys (those of its root identity). Default: none. */
  credentials?: EmulatorCredential[];
  /** RAM roles in it. */
  roles?: EmulatorRole[];
  /** OIDC providers in it. */
  oidcProviders?: EmulatorOidcProvider[];
}

/** Who made a request, as GetCallerIdentity tells it. */
export interface CallerIdentity {
  /** The account the request acts in. */
  accountId: string;
  /** `acs:ram::<account>:root`, or `acs:ram::<account>:assumed-role/<role>/<session>`. */
  arn: string;
  /** The account's own key, or an STS session of a role. */
  identityType: 'Account' | 'AssumedRoleUser';
  /** The account id, or `<role id>:<session name>`. */
  principalId: string;
  /** For an assumed role: the role's ARN. */
  roleArn?: string;
}

/** One account: its keys, roles, OIDC providers and key pairs. */
export class EmulatorAccount {
  /** Its key pairs. */
  readonly store: EmulatorStore;
  /** Its permanent access keys; may be changed while running. */
  credentials: EmulatorCredential[];
  /** Its RAM roles; may be changed while running. */
  roles: EmulatorRole[];
  /** Its OIDC providers; may be changed while running. */
  oidcProviders: EmulatorOidcProvider[];

  constructor(
    /** The account id, as in ARNs. */
    readonly accountId: string,
    options: Omit<EmulatorAccountOptions, 'accountId'> = {},
    store: EmulatorStore = new EmulatorStore(),
  ) {
    this.store = store;
    this.credentials = options.credentials ?? [];
    this.roles = options.roles ?? [];
    this.oidcProviders = options.oidcProviders ?? [];
  }

  /** The role of this name (case-insensitive), if any. */
  role(name: string): EmulatorRole | undefined {
    return this.roles.find((role) => role.name.toLowerCase() === name.toLowerCase());
  }

  /** `acs:ram::<account>:role/<name>`. */
  roleArn(role: EmulatorRole): string {
    return `acs:ram::${this.accountId}:role/${role.name.toLowerCase()}`;
  }
}

/** A temporary access key STS issued. */
export interface StsSession {
  /** The access key, secret, security token and expiry. */
  credential: EmulatorCredential;
  /** Who requests signed with it act as. */
  caller: CallerIdentity;
}

/** How many sessions are issued between two prunings of the expired ones. */
const PRUNE_EVERY = 256;

/** The accounts of one emulator and the STS sessions issued in them. */
export class AccountDirectory {
  private readonly accounts = new Map<string, EmulatorAccount>();
  private readonly sessions = new Map<string, StsSession>();
  private issuedSincePrune = 0;

  constructor(
    /** The account of the emulator's own access keys (its key pairs are `emulator.store`). */
    readonly defaultAccount: EmulatorAccount,
  ) {
    this.add(defaultAccount);
  }

  /** Adds an account; its id must be new. */
  add(account: EmulatorAccount): EmulatorAccount {
    if (this.accounts.has(account.accountId)) throw new Error(`account ${account.accountId} is set up twice`);
    this.accounts.set(account.accountId, account);
    return account;
  }

  /** The account of this id, if any. */
  get(accountId: string): EmulatorAccount | undefined {
    return this.accounts.get(accountId);
  }

  /** Every account, the default one first. */
  all(): EmulatorAccount[] {
    return [...this.accounts.values()];
  }

  /** Every access key the emulator accepts: permanent ones, then STS sessions (expired ones too: see auth). */
  credentials(): EmulatorCredential[] {
    return [...this.all().flatMap((account) => account.credentials), ...[...this.sessions.values()].map((s) => s.credential)];
  }

  /** The credential of this access key id: an STS session's by key, else the accounts' own (a handful). */
  credential(accessKeyId: string): EmulatorCredential | undefined {
    const session = this.sessions.get(accessKeyId);
    if (session) return session.credential;
    for (const account of this.accounts.values()) {
      const found = account.credentials.find((c) => c.accessKeyId === accessKeyId);
      if (found) return found;
    }
    return undefined;
  }

  /** Who signs with this access key: its account and identity. */
  callerFor(accessKeyId: string): CallerIdentity | undefined {
    const session = this.sessions.get(accessKeyId);
    if (session) return session.caller;
    const account = this.all().find((a) => a.credentials.some((c) => c.accessKeyId === accessKeyId));
    if (!account) return undefined;
    return {
      accountId: account.accountId,
      arn: `acs:ram::${account.accountId}:root`,
      identityType: 'Account',
      principalId: account.accountId,
    };
  }

  /** A new temporary access key acting as `role` of `account` until `expiresAt`. */
  issueSession(account: EmulatorAccount, role: EmulatorRole, sessionName: string, expiresAt: number): StsSession {
    const roleId = roleIdOf(account, role);
    const credential: EmulatorCredential = {
      accessKeyId: `STS.${crypto.randomBytes(12).toString('hex')}`,
      accessKeySecret: crypto.randomBytes(24).toString('base64url'),
      securityToken: `CAIS${crypto.randomBytes(48).toString('base64url')}`,
      expiresAt,
    };
    const session: StsSession = {
      credential,
      caller: {
        accountId: account.accountId,
        arn: `acs:ram::${account.accountId}:assumed-role/${role.name.toLowerCase()}/${sessionName}`,
        identityType: 'AssumedRoleUser',
        principalId: `${roleId}:${sessionName}`,
        roleArn: account.roleArn(role),
      },
    };
    // Pruning looks at every session: done once per PRUNE_EVERY issued, so issuing stays cheap (amortized).
    if (++this.issuedSincePrune >= PRUNE_EVERY) {
      this.issuedSincePrune = 0;
      this.pruneSessions(expiresAt);
    }
    this.sessions.set(credential.accessKeyId, session);
    return session;
  }

  /**
   * Sessions long expired are forgotten (kept a while so that a late request gets "expired", not "unknown"). Judged
   * by the newest session's expiry, so the emulator's own clock (which may be injected) decides, not this one's.
   */
  private pruneSessions(newestExpiresAt: number): void {
    for (const [id, session] of this.sessions) {
      if ((session.credential.expiresAt ?? Infinity) < newestExpiresAt - 12 * 3_600_000) this.sessions.delete(id);
    }
  }
}

/** A stable role id (RAM's are 19 digits) derived from the role's ARN. */
function roleIdOf(account: EmulatorAccount, role: EmulatorRole): string {
  const digest = crypto.createHash('sha256').update(account.roleArn(role)).digest();
  return (digest.readBigUInt64BE(0) % 10n ** 19n).toString().padStart(19, '3');
}

/** Account or role settings that cannot be used; the message names the field. */
export class AccountSettingsError extends Error {}

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** Checks roles as JSON gives them (the command's `--roles`); throws AccountSettingsError naming the field. */
export function checkRoles(value: unknown, where = 'roles'): EmulatorRole[] {
  if (!Array.isArray(value)) throw new AccountSettingsError(`${where} must be a list of roles, such as [{"name":"deployer"}]`);
  return value.map((role: Partial<EmulatorRole>, index) => {
    const at = `${where}[${index}]`;
    if (role === null || typeof role !== 'object' || !isText(role.name)) throw new AccountSettingsError(`${at}.name must be a role name`);
    if (role.trustedAccounts !== undefined && !(Array.isArray(role.trustedAccounts) && role.trustedAccounts.every(isText))) {
      throw new AccountSettingsError(`${at}.trustedAccounts must be a list of account ids`);
    }
    if (role.externalId !== undefined && !isText(role.externalId)) throw new AccountSettingsError(`${at}.externalId must be text`);
    if (role.trustedOidcProviders !== undefined && !(Array.isArray(role.trustedOidcProviders) && role.trustedOidcProviders.every(isText))) {
      throw new AccountSettingsError(`${at}.trustedOidcProviders must be a list of OIDC provider names`);
    }
    const max = role.maxSessionDurationSeconds;
    if (max !== undefined && !(Number.isInteger(max) && max >= 900)) {
      throw new AccountSettingsError(`${at}.maxSessionDurationSeconds must be a whole number of seconds, 900 or more`);
    }
    return role as EmulatorRole;
  });
}

/** Checks accounts as JSON gives them (the command's `--accounts`); throws AccountSettingsError naming the field. */
export function checkAccounts(value: unknown): EmulatorAccountOptions[] {
  if (!Array.isArray(value)) throw new AccountSettingsError('accounts must be a list, such as [{"accountId":"2000000000000002"}]');
  return value.map((account: Partial<EmulatorAccountOptions>, index) => {
    const at = `accounts[${index}]`;
    if (account === null || typeof account !== 'object' || !(isText(account.accountId) && /^\d{1,20}$/.test(account.accountId))) {
      throw new AccountSettingsError(`${at}.accountId must be an account id (digits)`);
    }
    const credentials = account.credentials ?? [];
    if (!Array.isArray(credentials) || !credentials.every((c) => c && isText(c.accessKeyId) && isText(c.accessKeySecret))) {
      throw new AccountSettingsError(`${at}.credentials must be a list of {"accessKeyId", "accessKeySecret"}`);
    }
    const providers = account.oidcProviders ?? [];
    if (!Array.isArray(providers) || !providers.every((p) => p && isText(p.name))) {
      throw new AccountSettingsError(`${at}.oidcProviders must be a list of {"name", "tokens"?}`);
    }
    return { ...account, roles: checkRoles(account.roles ?? [], `${at}.roles`) } as EmulatorAccountOptions;
  });
}
