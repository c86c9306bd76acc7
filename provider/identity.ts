/**
 * Which Alibaba Cloud account and identity a call acts as: the stack's settings (the alicloud provider's own config
 * keys, so existing stacks work unchanged) and a resource's own `assumeRole` / `profile`. Pure: parsing and rules.
 *
 * Every identity setting of the alicloud provider is honoured or refused, never ignored: a key we do not support
 * that would change the account, region or endpoint fails `configure` naming it, because ignoring it would put key
 * pairs in another account than the rest of the stack.
 */

import { isUnknown, UNKNOWN } from './unknown';

/** `alicloud:assumeRole`, and a resource's `assumeRole` input: act in the role's account. Nothing secret. */
export interface AssumeRoleSettings {
  /** `acs:ram::<account-id>:role/<role-name>`. */
  roleArn: string;
  /** STS RoleSessionName (2–64 of letters, digits, `.`, `@`, `-`, `_`). Default `pulumi-alicloud-keypair`. */
  sessionName?: string;
  /** Session length in seconds, 900 to 43200 (the role's maximum applies). Default 3600. */
  sessionExpiration?: number;
  /** A JSON policy that narrows what the session may do. */
  policy?: string;
  /** The external id the role's trust policy asks for. */
  externalId?: string;
}

/** `alicloud:assumeRoleWithOidc`: act as a role through an OIDC token (CI systems). */
export interface OidcRoleSettings {
  roleArn: string;
  /** `acs:ram::<account-id>:oidc-provider/<name>`. */
  oidcProviderArn: string;
  /** The token itself (a secret: set it with `pulumi config set --secret`), or … */
  oidcToken?: string;
  /** … a file holding it, read again at every refresh (CI systems rotate it). */
  oidcTokenFile?: string;
  roleSessionName?: string;
  sessionExpiration?: number;
  policy?: string;
}

/** The stack's identity settings, read by `configure`. */
export interface StackIdentity {
  assumeRole?: AssumeRoleSettings;
  assumeRoleWithOidc?: OidcRoleSettings;
  /** An aliyun CLI profile name (`alicloud:profile`). */
  profile?: string;
  /** The aliyun CLI config file to read profiles from, instead of ~/.aliyun/config.json. */
  sharedCredentialsFile?: string;
  /** The ECS instance RAM role to take credentials from (instance metadata). */
  ecsRoleName?: string;
  /** `alicloud:stsEndpoint`: a host name or URL. */
  stsEndpoint?: string;
}

/** A stack setting that cannot be used, naming the key and what to do. */
export class IdentityConfigError extends Error {
  override name = 'IdentityConfigError';
}

export const DEFAULT_SESSION_NAME = 'pulumi-alicloud-keypair';
export const MIN_SESSION_SECONDS = 900;
export const MAX_SESSION_SECONDS = 43_200;
const ROLE_ARN = /^acs:ram::\d{1,20}:role\/[\w.@+=,-]{1,128}$/i;
const OIDC_PROVIDER_ARN = /^acs:ram::\d{1,20}:oidc-provider\/[\w.@+=,-]{1,128}$/i;
const SESSION_NAME = /^[\w.@-]{2,64}$/;
const PROFILE_NAME = /^[\w.@+=,-]{1,64}$/;
const MAX_POLICY_LENGTH = 2048;

type Rule = (value: unknown, field: string) => string | undefined;

const text: Rule = (value, field) => (typeof value === 'string' && value !== '' ? undefined : `${field} must be non-empty text`);
const roleArn: Rule = (value, field) =>
  text(value, field) ?? (ROLE_ARN.test(String(value)) ? undefined : `${field} must look like acs:ram::<account-id>:role/<role-name>`);
const sessionName: Rule = (value, field) =>
  text(value, field) ?? (SESSION_NAME.test(String(value)) ? undefined : `${field} must be 2 to 64 letters, digits, '.', '@', '-' or '_'`);
const sessionSeconds: Rule = (value, field) =>
  typeof value === 'number' && Number.isInteger(value) && value >= MIN_SESSION_SECONDS && value <= MAX_SESSION_SECONDS
    ? undefined
    : `${field} must be a whole number of seconds from ${MIN_SESSION_SECONDS} to ${MAX_SESSION_SECONDS}`;
const policy: Rule = (value, field) => {
  const problem = text(value, field);
  if (problem) return problem;
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(value));
  } catch {
    parsed = undefined;
  }
  return String(value).length <= MAX_POLICY_LENGTH && parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
    ? undefined
    : `${field} must be a JSON policy document (an object) of at most ${MAX_POLICY_LENGTH} characters`;
};

const ASSUME_ROLE_FIELDS: Readonly<Record<string, { rule: Rule; required?: boolean }>> = {
  roleArn: { rule: roleArn, required: true },
  sessionName: { rule: sessionName },
  sessionExpiration: { rule: sessionSeconds },
  policy: { rule: policy },
  externalId: { rule: text },
};

const OIDC_FIELDS: Readonly<Record<string, { rule: Rule; required?: boolean }>> = {
  roleArn: { rule: roleArn, required: true },
  oidcProviderArn: {
    rule: (value, field) =>
      text(value, field) ??
      (OIDC_PROVIDER_ARN.test(String(value)) ? undefined : `${field} must look like acs:ram::<account-id>:oidc-provider/<name>`),
    required: true,
  },
  oidcToken: { rule: text },
  oidcTokenFile: { rule: text },
  roleSessionName: { rule: sessionName },
  sessionExpiration: { rule: sessionSeconds },
  policy: { rule: policy },
};

/** Every problem of an object against its fields: unknown fields are problems too (never ignored). */
function objectProblems(value: unknown, where: string, fields: typeof ASSUME_ROLE_FIELDS): string[] {
  // During preview a value from another resource's output is not known yet: it is checked once it is.
  if (value === UNKNOWN) return [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`${where} must be an object`];
  const record = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(record)) {
    if (!Object.hasOwn(fields, key)) problems.push(`${where}.${key} is not a setting of ${where}; use ${Object.keys(fields).join(', ')}`);
  }
  for (const [key, { rule, required }] of Object.entries(fields)) {
    const field = record[key];
    if (field === undefined || field === null) {
      if (required) problems.push(`${where}.${key} is required`);
      continue;
    }
    if (isUnknown(field)) continue;
    const problem = rule(field, `${where}.${key}`);
    if (problem) problems.push(problem);
  }
  return problems;
}

/** Problems of an `assumeRole` object (stack config or resource input); empty when it is usable. */
export function assumeRoleProblems(value: unknown, where: string): string[] {
  return objectProblems(value, where, ASSUME_ROLE_FIELDS);
}

/** Problems of an `assumeRoleWithOidc` object; empty when it is usable. */
export function oidcRoleProblems(value: unknown, where: string): string[] {
  const problems = objectProblems(value, where, OIDC_FIELDS);
  const record = (value ?? {}) as Partial<OidcRoleSettings>;
  if (problems.length === 0 && !record.oidcToken === !record.oidcTokenFile) {
    problems.push(`${where} needs exactly one of oidcToken and oidcTokenFile`);
  }
  return problems;
}

/** Problems of a `profile` name; empty when it is usable. */
export function profileProblems(value: unknown, where: string): string[] {
  if (isUnknown(value)) return [];
  const problem = text(value, where);
  if (problem) return [problem];
  return PROFILE_NAME.test(String(value)) ? [] : [`${where} must be an aliyun CLI profile name (letters, digits, '.', '_', '-')`];
}

/**
 * alicloud provider settings this package does not support and that would change the account, the region or the
 * endpoint: set, they fail `configure` (ignoring them would act somewhere else than the rest of the stack).
 */
const REFUSED_SETTINGS: ReadonlyArray<{ key: string; applies: (value: unknown) => boolean; instead: string }> = [
  {
    key: 'alicloud:credentialsUri',
    applies: () => true,
    instead: 'set the credentials through the environment, alicloud:accessKey/secretKey, a profile or alicloud:assumeRole',
  },
  {
    key: 'alicloud:endpoints',
    applies: (value) => /\b(ecs|ens|sts)\b/i.test(JSON.stringify(value ?? '')),
    instead: 'set ALIBABA_CLOUD_ENDPOINT_ECS, ALIBABA_CLOUD_ENDPOINT_ENS or ALIBABA_CLOUD_ENDPOINT_STS (or alicloud:stsEndpoint)',
  },
  {
    key: 'alicloud:ecsEndpoint',
    applies: () => true,
    instead: 'set ALIBABA_CLOUD_ENDPOINT_ECS',
  },
  {
    key: 'alicloud:accountType',
    applies: (value) => String(value).toLowerCase() !== 'domestic',
    instead: 'remove it: key pairs are reached through the same endpoints from every site; the region decides',
  },
  {
    key: 'alicloud:protocol',
    applies: (value) => String(value).toUpperCase() !== 'HTTPS',
    instead: 'remove it: requests always use HTTPS (plain http only for a loopback emulator endpoint)',
  },
];

/** The value of a structured config key: Pulumi hands objects over as JSON text or as objects. */
function structured(value: unknown, key: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    throw new IdentityConfigError(`${key} must be an object (set it with \`pulumi config set --path ${key}.roleArn …\`)`);
  }
}

const numberFields = ['sessionExpiration'];

/** Config objects arrive with numbers as text when set with `pulumi config set --path` without `--type`. */
function withNumbers(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const field of numberFields) {
    if (typeof copy[field] === 'string' && /^\d+$/.test(copy[field] as string)) copy[field] = Number(copy[field]);
  }
  return copy;
}

/** A role setting with numbers given as text made numbers, checked by `problemsOf`; throws naming every problem. */
function checked<T>(value: unknown, where: string, problemsOf: (value: unknown, where: string) => string[]): T {
  const parsed = withNumbers(value);
  const problems = problemsOf(parsed, where);
  if (problems.length > 0) throw new IdentityConfigError(problems.join('; '));
  return parsed as T;
}

/**
 * The stack's identity settings from its config (`get`), with the alicloud provider's environment variables as
 * fallbacks. Throws IdentityConfigError naming the key for anything unusable or refused.
 */
export function stackIdentityFromConfig(get: (key: string) => unknown, env: NodeJS.ProcessEnv = process.env): StackIdentity {
  const identity: StackIdentity = {};
  const value = (key: string): unknown => {
    const found = get(key);
    return found === undefined || found === null || found === '' ? undefined : found;
  };
  for (const refused of REFUSED_SETTINGS) {
    const found = value(refused.key);
    if (found !== undefined && refused.applies(found)) {
      throw new IdentityConfigError(
        `${refused.key} is set, but pulumi-alicloud-keypair does not support it and will not ignore it: ${refused.instead}`,
      );
    }
  }

  const assumeRole = value('alicloud:assumeRole');
  if (assumeRole !== undefined) {
    identity.assumeRole = checked(structured(assumeRole, 'alicloud:assumeRole'), 'alicloud:assumeRole', assumeRoleProblems);
  } else if (env.ALICLOUD_ASSUME_ROLE_ARN) {
    // The alicloud provider's own environment variables for the same setting.
    const fromEnv = {
      roleArn: env.ALICLOUD_ASSUME_ROLE_ARN,
      sessionName: env.ALICLOUD_ASSUME_ROLE_SESSION_NAME || undefined,
      sessionExpiration: env.ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION || undefined,
    };
    identity.assumeRole = checked(JSON.parse(JSON.stringify(fromEnv)), 'ALICLOUD_ASSUME_ROLE_ARN', assumeRoleProblems);
  }

  const oidc = value('alicloud:assumeRoleWithOidc');
  if (oidc !== undefined) {
    // Problems name fields, never values: oidcToken is a secret.
    identity.assumeRoleWithOidc = checked(structured(oidc, 'alicloud:assumeRoleWithOidc'), 'alicloud:assumeRoleWithOidc', oidcRoleProblems);
  }
  if (identity.assumeRole && identity.assumeRoleWithOidc) {
    throw new IdentityConfigError('alicloud:assumeRole and alicloud:assumeRoleWithOidc are both set; set one');
  }

  for (const [key, field, fallbacks] of [
    ['alicloud:profile', 'profile', []],
    ['alicloud:sharedCredentialsFile', 'sharedCredentialsFile', ['ALICLOUD_SHARED_CREDENTIALS_FILE']],
    ['alicloud:ecsRoleName', 'ecsRoleName', ['ALICLOUD_ECS_ROLE_NAME']],
    ['alicloud:stsEndpoint', 'stsEndpoint', ['ALICLOUD_STS_ENDPOINT']],
  ] as const) {
    const found = value(key) ?? fallbacks.map((name) => env[name]).find((v) => v);
    if (found === undefined) continue;
    if (typeof found !== 'string') throw new IdentityConfigError(`${key} must be text`);
    if (field === 'profile') {
      const problems = profileProblems(found, key);
      if (problems.length > 0) throw new IdentityConfigError(problems.join('; '));
    }
    identity[field] = found;
  }
  return identity;
}

/** A resource's identity inputs, checked: problems as `{property, reason}`. */
export function resourceIdentityProblems(news: Record<string, unknown>): Array<{ property: string; rule: string; reason: string }> {
  const failures: Array<{ property: string; rule: string; reason: string }> = [];
  if (news.assumeRole !== undefined && news.assumeRole !== null) {
    for (const reason of assumeRoleProblems(news.assumeRole, 'assumeRole'))
      failures.push({ property: 'assumeRole', rule: 'assume-role', reason });
  }
  if (news.profile !== undefined && news.profile !== null) {
    for (const reason of profileProblems(news.profile, 'profile')) failures.push({ property: 'profile', rule: 'profile', reason });
  }
  return failures;
}
