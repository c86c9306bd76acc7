/**
 * Typed STS (2015-04-01) calls over `RpcClient`: AssumeRole (signed with the base credentials), AssumeRoleWithOIDC
 * (unsigned: the OIDC token is the proof) and GetCallerIdentity.
 */
import { unexpectedResponse } from './responseShape';
import { RpcClient } from './rpcClient';

export const STS_API_VERSION = '2015-04-01';
export const STS_ENDPOINT = 'sts.aliyuncs.com';

/** Temporary credentials STS issued, with when they stop working. */
export interface TemporaryCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken: string;
  /** ms since the epoch. */
  expiresAt: number;
}

/** What AssumeRole takes (besides the caller's signature). */
export interface AssumeRoleRequest {
  roleArn: string;
  roleSessionName: string;
  durationSeconds?: number;
  policy?: string;
  externalId?: string;
}

/** What AssumeRoleWithOIDC takes. */
export interface AssumeRoleWithOidcRequest {
  roleArn: string;
  oidcProviderArn: string;
  oidcToken: string;
  roleSessionName: string;
  durationSeconds?: number;
  policy?: string;
}

/** Who the caller is. */
export interface CallerIdentity {
  accountId: string;
  arn: string;
  identityType: string;
}

function temporaryCredentials(action: string, response: { Credentials?: Record<string, unknown> }): TemporaryCredentials {
  const c = response.Credentials;
  const expiresAt = typeof c?.Expiration === 'string' ? Date.parse(c.Expiration) : NaN;
  if (
    !c ||
    typeof c.AccessKeyId !== 'string' ||
    typeof c.AccessKeySecret !== 'string' ||
    typeof c.SecurityToken !== 'string' ||
    !c.AccessKeyId ||
    !c.AccessKeySecret ||
    !Number.isFinite(expiresAt)
  ) {
    throw unexpectedResponse(action, 'the answer holds no complete Credentials (AccessKeyId, AccessKeySecret, SecurityToken, Expiration)');
  }
  return { accessKeyId: c.AccessKeyId, accessKeySecret: c.AccessKeySecret, securityToken: c.SecurityToken, expiresAt };
}

export class StsApi {
  constructor(private readonly client: RpcClient) {}

  async assumeRole(request: AssumeRoleRequest): Promise<TemporaryCredentials> {
    const params: Record<string, string> = { RoleArn: request.roleArn, RoleSessionName: request.roleSessionName };
    if (request.durationSeconds !== undefined) params.DurationSeconds = String(request.durationSeconds);
    if (request.policy) params.Policy = request.policy;
    if (request.externalId) params.ExternalId = request.externalId;
    return temporaryCredentials('AssumeRole', await this.client.call('AssumeRole', params));
  }

  async assumeRoleWithOidc(request: AssumeRoleWithOidcRequest): Promise<TemporaryCredentials> {
    const params: Record<string, string> = {
      RoleArn: request.roleArn,
      OIDCProviderArn: request.oidcProviderArn,
      OIDCToken: request.oidcToken,
      RoleSessionName: request.roleSessionName,
    };
    if (request.durationSeconds !== undefined) params.DurationSeconds = String(request.durationSeconds);
    if (request.policy) params.Policy = request.policy;
    return temporaryCredentials('AssumeRoleWithOIDC', await this.client.call('AssumeRoleWithOIDC', params));
  }

  async getCallerIdentity(): Promise<CallerIdentity> {
    const response = await this.client.call<Record<string, unknown>>('GetCallerIdentity', {});
    if (typeof response.AccountId !== 'string' || typeof response.Arn !== 'string') {
      throw unexpectedResponse('GetCallerIdentity', 'the answer holds no AccountId and Arn');
    }
    return { accountId: response.AccountId, arn: response.Arn, identityType: String(response.IdentityType ?? '') };
  }
}
