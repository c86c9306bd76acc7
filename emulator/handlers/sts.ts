/**
 * STS 2015-04-01: AssumeRole (signed by the caller), AssumeRoleWithOIDC (unsigned: the OIDC token is the proof) and
 * GetCallerIdentity. Issued access keys act in the role's account until they expire.
 */
import type { EmulatorAccount, EmulatorRole } from '../accounts';
import { errors } from '../errors';
import { Handler, HandlerContext, required } from './context';

export const STS_VERSION = '2015-04-01';
const MIN_DURATION_SECONDS = 900;
const DEFAULT_DURATION_SECONDS = 3600;
const MAX_POLICY_LENGTH = 2048;

/** `acs:ram::<account>:<kind>/<name>` → its account and name, or undefined. */
function parseArn(arn: string, kind: 'role' | 'oidc-provider'): { accountId: string; name: string } | undefined {
  const match = new RegExp(`^acs:ram::(\\d{1,20}):${kind}/([\\w.@+=,-]{1,128})$`, 'i').exec(arn);
  return match ? { accountId: match[1], name: match[2] } : undefined;
}

function roleFor(context: HandlerContext): { account: EmulatorAccount; role: EmulatorRole; arn: string } {
  const arn = required(context.params, 'RoleArn');
  const parsed = parseArn(arn, 'role');
  if (!parsed) throw errors.stsInvalidParameter('RoleArn', 'it must look like acs:ram::<account-id>:role/<role-name>');
  const account = context.accounts.get(parsed.accountId);
  const role = account?.role(parsed.name);
  if (!account || !role) throw errors.stsRoleNotFound(arn);
  return { account, role, arn };
}

function sessionName(context: HandlerContext, fallback?: string): string {
  const name = context.params.RoleSessionName || fallback;
  if (name === undefined) throw errors.missingParameter('RoleSessionName');
  if (!/^[\w.@-]{2,64}$/.test(name)) throw errors.stsInvalidParameter('RoleSessionName', '2 to 64 letters, digits and . @ - _');
  return name;
}

function durationSeconds(context: HandlerContext, role: EmulatorRole): number {
  const text = context.params.DurationSeconds;
  if (text === undefined || text === '') return DEFAULT_DURATION_SECONDS;
  const value = Number(text);
  const max = role.maxSessionDurationSeconds ?? DEFAULT_DURATION_SECONDS;
  if (!Number.isInteger(value) || value < MIN_DURATION_SECONDS || value > max) {
    throw errors.stsInvalidParameter('DurationSeconds', `from ${MIN_DURATION_SECONDS} to the role's maximum of ${max}`);
  }
  return value;
}

function checkPolicy(context: HandlerContext): void {
  const policy = context.params.Policy;
  if (policy === undefined || policy === '') return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch {
    parsed = undefined;
  }
  if (policy.length > MAX_POLICY_LENGTH || parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw errors.stsInvalidParameter('Policy', `a JSON policy document of at most ${MAX_POLICY_LENGTH} characters`);
  }
}

function issue(context: HandlerContext, account: EmulatorAccount, role: EmulatorRole, name: string): Record<string, unknown> {
  const expiresAt = context.now.getTime() + durationSeconds(context, role) * 1000;
  const session = context.accounts.issueSession(account, role, name, expiresAt);
  return {
    Credentials: {
      AccessKeyId: session.credential.accessKeyId,
      AccessKeySecret: session.credential.accessKeySecret,
      SecurityToken: session.credential.securityToken,
      Expiration: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    },
    AssumedRoleUser: { Arn: session.caller.arn, AssumedRoleId: session.caller.principalId },
  };
}

const assumeRole: Handler = (context) => {
  const { account, role } = roleFor(context);
  const name = sessionName(context);
  checkPolicy(context);
  const caller = context.caller!;
  const trusted = role.trustedAccounts ?? [account.accountId];
  if (!trusted.includes(caller.accountId)) throw errors.stsNoPermission();
  if (role.externalId !== undefined && context.params.ExternalId !== role.externalId) throw errors.stsNoPermission();
  return issue(context, account, role, name);
};

const assumeRoleWithOidc: Handler = (context) => {
  const { account, role } = roleFor(context);
  const providerArn = required(context.params, 'OIDCProviderArn');
  const token = required(context.params, 'OIDCToken');
  const parsed = parseArn(providerArn, 'oidc-provider');
  if (!parsed) throw errors.stsInvalidParameter('OIDCProviderArn', 'it must look like acs:ram::<account-id>:oidc-provider/<name>');
  const provider = account.oidcProviders.find((p) => p.name === parsed.name);
  if (parsed.accountId !== account.accountId || !provider) throw errors.stsOidcProviderNotFound(providerArn);
  if (provider.tokens !== undefined && !provider.tokens.includes(token)) throw errors.stsOidcTokenInvalid();
  // The role's trust decides, as for AssumeRole: a role that trusts nobody issues nothing.
  const trusted = role.trustedOidcProviders ?? (role.trustedAccounts?.length === 0 ? [] : account.oidcProviders.map((p) => p.name));
  if (!trusted.some((name) => name.toLowerCase() === provider.name.toLowerCase())) throw errors.stsNoPermission();
  checkPolicy(context);
  return issue(context, account, role, sessionName(context, `oidc-${context.now.getTime()}`));
};

const getCallerIdentity: Handler = (context) => {
  const caller = context.caller!;
  return {
    AccountId: caller.accountId,
    Arn: caller.arn,
    IdentityType: caller.identityType,
    PrincipalId: caller.principalId,
    UserId: caller.principalId,
    ...(caller.roleArn ? { RoleId: caller.principalId.split(':')[0] } : {}),
  };
};

export const stsHandlers: Readonly<Record<string, Handler>> = {
  AssumeRole: assumeRole,
  AssumeRoleWithOIDC: assumeRoleWithOidc,
  GetCallerIdentity: getCallerIdentity,
};

/** Issued access keys are state, but nothing a fault should half-apply: no write actions. */
export const STS_WRITE_ACTIONS = new Set<string>();

/** Actions the caller does not sign. */
export const STS_UNSIGNED_ACTIONS = new Set(['AssumeRoleWithOIDC']);
