/**
 * Why a credential source failed, in words we chose. `@alicloud/credentials` puts whatever it read into its error
 * messages: a whole `~/.aliyun/config.json` that does not parse (every profile's secret with it), a CloudSSO
 * server's answer (which may echo the bearer token), a credential helper's output. None of that may reach the
 * user's terminal or CI log, so a library message is never passed on: it is matched against an allow-list of
 * known failures and replaced by a fixed reason and what to do; anything unknown gets a generic reason.
 */

/** A reason we can show, and what the user can do about it. */
export interface CredentialFailure {
  reason: string;
  fix: string;
}

interface KnownFailure extends CredentialFailure {
  /** Matched against the library's message, which is then thrown away. */
  pattern: RegExp;
}

const KNOWN_FAILURES: readonly KnownFailure[] = [
  {
    pattern: /^reading aliyun cli config from .* failed/s,
    reason: 'the file could not be read',
    fix: 'check that it exists and is readable',
  },
  {
    pattern: /^parse aliyun cli config from .* failed/s,
    reason: 'the file is not valid JSON',
    fix: 'run `aliyun configure` again, or correct the file (a trailing comma is a common cause)',
  },
  { pattern: /^no any configured profiles/s, reason: 'the file holds no profiles', fix: 'run `aliyun configure`' },
  {
    pattern: /^unable to get profile with/s,
    reason: 'the profile named is not in the file',
    fix: 'check the profile name (alicloud:profile, ALIBABA_CLOUD_PROFILE)',
  },
  {
    pattern: /^unsupported profile mode/s,
    reason: "the profile's mode is not supported",
    fix: 'use an AK, StsToken, RamRoleArn, EcsRamRole, OIDC, CloudSSO or External profile',
  },
  {
    pattern: /^CloudSSO access token is empty or expired/s,
    reason: 'the CloudSSO sign-in has expired',
    fix: 'sign in again with `aliyun configure --mode CloudSSO`',
  },
  {
    pattern: /^CloudSSO sign in url, account id, and access config cannot be empty/s,
    reason: 'the CloudSSO profile is incomplete',
    fix: 'configure it again with `aliyun configure --mode CloudSSO`',
  },
  {
    pattern: /^get session token from CloudSSO failed/s,
    reason: 'the CloudSSO service did not return credentials',
    fix: 'sign in again with `aliyun configure --mode CloudSSO`, or check the sign-in URL',
  },
  {
    pattern: /^process_command is empty/s,
    reason: 'the External profile has no process_command',
    fix: 'set process_command in the profile',
  },
  {
    pattern: /^failed to execute external command/s,
    reason: 'the credential command failed to run',
    fix: "run the profile's process_command by hand to see why",
  },
  {
    pattern: /^failed to parse external command output/s,
    reason: 'the credential command did not print JSON',
    fix: "run the profile's process_command by hand and check its output",
  },
  {
    pattern: /^invalid (StsToken )?credential response/s,
    reason: 'the credential command returned no access key',
    fix: "check what the profile's process_command prints",
  },
  {
    pattern: /^get sts token failed with OIDC/s,
    reason: 'the STS service refused the OIDC token exchange',
    fix: "check the role's trust policy, the OIDC provider ARN and the token file",
  },
  {
    pattern: /^(refresh session token failed|refresh RoleArn sts token err)/s,
    reason: 'the STS service refused to let these credentials assume the role',
    fix: 'check the role ARN and that the RAM user may assume it',
  },
  {
    pattern: /^(roleArn|oidcProviderArn|oidcTokenFilePath) (does not exist|is not exists)/s,
    reason: 'the OIDC settings are incomplete',
    fix: 'set the role ARN, the OIDC provider ARN and the token file',
  },
  {
    pattern: /^session duration should be/s,
    reason: "the session duration is out of range (900 s up to the role's maximum)",
    fix: 'choose another session duration',
  },
  {
    pattern: /^(Can not find credential type|Invalid type option)/s,
    reason: 'the profile in the credentials file has no supported type',
    fix: 'use type access_key, ecs_ram_role or ram_role_arn',
  },
  { pattern: /^the access key secret is invalid/s, reason: 'the base access key secret is invalid', fix: 'check the base credentials' },
  { pattern: /^it returned no access key/s, reason: 'it returned no access key', fix: 'check the source is set up completely' },
  { pattern: /ENOENT|no such file/s, reason: 'a file it needs was not found', fix: 'check the paths it is given' },
  {
    pattern: /EACCES|permission denied/is,
    reason: 'a file it needs could not be read (permission denied)',
    fix: 'check the file permissions',
  },
  {
    pattern: /ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|ECONNRESET|socket hang up|timeout/is,
    reason: 'its service could not be reached',
    fix: 'check the network and the endpoint it uses',
  },
];

const UNKNOWN_FAILURE: CredentialFailure = {
  reason: 'it failed (the details are withheld because they may contain secrets)',
  fix: 'check how this source is set up',
};

/** STS error codes worth naming (they are Alibaba's words, never the user's data). */
const STS_CODE =
  /"Code"\s*:\s*"((?:EntityNotExist|NoPermission|InvalidParameter|AuthenticationFail|InvalidAuthorization|InvalidSecurityToken|Throttling|InvalidAccessKeyId|SignatureDoesNotMatch)[A-Za-z.]{0,48})"/;

/** The allow-listed reason for a library failure; the failure's own text never leaves this function. */
export function describeCredentialFailure(error: unknown): CredentialFailure {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  const known = KNOWN_FAILURES.find((failure) => failure.pattern.test(message));
  if (!known) return UNKNOWN_FAILURE;
  const stsCode = /sts token|session token/i.test(message) ? STS_CODE.exec(message)?.[1] : undefined;
  return { reason: stsCode ? `${known.reason} (${stsCode})` : known.reason, fix: known.fix };
}
