/**
 * Credentials of an assumed role: obtained from STS, kept in memory (never serialized) and reused until shortly
 * before they expire, so that a run of hundreds of key pairs asks STS once per role, not once per call.
 */
import { Credentials } from './credentials';
import { ApiError, CredentialsError } from './errors';
import { TemporaryCredentials } from './sts';

/** Renew when this little is left (or a quarter of the session, if that is less). */
export const RENEW_BEFORE_EXPIRY_MS = 5 * 60_000;

export interface RoleCredentialsOptions {
  /** Asks STS for new credentials. */
  fetch: () => Promise<TemporaryCredentials>;
  /** The role, for messages: `role acs:ram::…:role/deployer`. */
  describe: string;
  clock?: () => number;
}

/** What to do about STS's answer, by code. */
const STS_FIXES: ReadonlyArray<{ matches: (code: string) => boolean; fix: string }> = [
  {
    matches: (code) => code === 'NoPermission' || code.startsWith('Forbidden'),
    fix: "the identity in use may not assume this role: add it (its account) to the role's trust policy, grant it sts:AssumeRole, or check externalId",
  },
  {
    matches: (code) => code.startsWith('EntityNotExist'),
    fix: 'the role (or OIDC provider) does not exist: check the ARN and the account id in it',
  },
  { matches: (code) => code.startsWith('InvalidParameter'), fix: 'check the role settings named in the message' },
  {
    matches: (code) => code.startsWith('AuthenticationFail'),
    fix: 'the OIDC token was refused: check that it is current and issued for this provider',
  },
];

export class RoleCredentials {
  private cached?: { credentials: Credentials; renewAt: number };
  private pending?: Promise<Credentials>;

  constructor(private readonly options: RoleCredentialsOptions) {}

  async get(): Promise<Credentials> {
    const now = (this.options.clock ?? Date.now)();
    if (this.cached && now < this.cached.renewAt) return this.cached.credentials;
    // Calls in flight together share one STS request.
    this.pending ??= this.renew(now).finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async renew(now: number): Promise<Credentials> {
    let issued: TemporaryCredentials;
    try {
      issued = await this.options.fetch();
    } catch (error) {
      throw this.explain(error);
    }
    const lifetime = Math.max(0, issued.expiresAt - now);
    const credentials: Credentials = {
      accessKeyId: issued.accessKeyId,
      accessKeySecret: issued.accessKeySecret,
      securityToken: issued.securityToken,
      source: this.options.describe,
    };
    this.cached = { credentials, renewAt: issued.expiresAt - Math.min(RENEW_BEFORE_EXPIRY_MS, lifetime / 4) };
    return credentials;
  }

  private explain(error: unknown): Error {
    if (error instanceof CredentialsError) {
      return new CredentialsError(`the base credentials for ${this.options.describe} could not be obtained: ${error.message}`, {
        cause: error,
      });
    }
    if (error instanceof ApiError) {
      const fix = STS_FIXES.find((entry) => entry.matches(error.code))?.fix ?? 'see the message';
      const said = error.serverMessage.replace(/\.?\s*$/, '');
      const request = error.requestId ? ` [RequestId ${error.requestId}]` : '';
      return new CredentialsError(`assuming ${this.options.describe} failed: ${error.code}: ${said}${request}. To fix: ${fix}`, {
        cause: error,
      });
    }
    const message = error instanceof Error ? error.message : String(error);
    return new CredentialsError(`assuming ${this.options.describe} failed: ${message}`, { cause: error });
  }
}
