/**
 * One factory method per documented wire error: HTTP status, code and message exactly as Alibaba documents
 * them in Alibaba's API reference (each ECS and ENS action's error table). Handlers throw these; the server turns them into the error envelope.
 */
export class EmulatorError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: string,
    message: string,
    /** Extra response headers, e.g. x-acs-retry-after on throttling. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const e = (status: number, code: string, message: string, headers?: Record<string, string>) =>
  new EmulatorError(status, code, message, headers);

export const errors = {
  // Parameters and routing
  missingParameter: (name: string) =>
    e(400, 'MissingParameter', `The input parameter "${name}" that is mandatory for processing this request is not supplied.`),
  invalidParameter: (name: string) => e(400, 'InvalidParameter', `The specified parameter "${name}" is not valid.`),
  invalidAction: (action: string) =>
    e(404, 'InvalidAction.NotFound', `Specified api "${action.slice(0, 64)}" is not found, please check your url and method.`),
  invalidVersion: () => e(400, 'InvalidVersion', 'Specified parameter Version is not valid.'),
  invalidRegionId: () => e(404, 'InvalidRegionId.NotFound', 'The RegionId provided does not exist in our records.'),
  requestTooLarge: () => e(413, 'RequestEntityTooLarge', 'The request body is too large.'),
  malformedEncoding: () => e(400, 'InvalidParameter.Encoding', 'The request is not correctly percent-encoded.'),

  // Signatures and credentials
  incompleteSignature: (what: string) =>
    e(400, 'IncompleteSignature', `The request signature does not conform to Aliyun standards: ${what}.`),
  signatureDoesNotMatch: (stringToSign: string) =>
    e(400, 'SignatureDoesNotMatch', `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`),
  invalidAccessKeyId: () => e(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.'),
  illegalTimestamp: () =>
    e(
      400,
      'IllegalTimestamp',
      'The input parameter "Timestamp" that is mandatory for processing this request is not supplied or is not valid.',
    ),
  signatureNonceUsed: () => e(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.'),
  securityTokenExpired: () => e(400, 'InvalidSecurityToken.Expired', 'Specified SecurityToken is expired.'),
  securityTokenMismatch: () => e(400, 'InvalidSecurityToken.MismatchWithAccessKey', 'The security token does not match the access key.'),

  // ECS key pairs
  invalidKeyPairName: () => e(400, 'InvalidKeyPairName.Malformed', 'Specified Key Pair name is not valid.'),
  invalidPublicKeyBody: () => e(400, 'InvalidPublicKeyBody.Malformed', 'The PublicKeyBody format is not supported.'),
  keyPairAlreadyExist: () => e(400, 'KeyPair.AlreadyExist', 'The key pair already exist.'),
  quotaExceedKeyPair: () => e(403, 'QuotaExceed.KeyPair', 'The key pair quota exceeds.'),
  invalidResourceGroup: () => e(404, 'InvalidResourceGroup.NotFound', 'The ResourceGroup provided does not exist in our records.'),
  duplicateTagKey: () => e(400, 'Duplicate.TagKey', 'The Tag.N.Key contain duplicate key.'),
  invalidTagKey: () => e(400, 'InvalidTagKey.Malformed', 'The specified Tag.n.Key is not valid.'),
  invalidTagValue: () => e(400, 'InvalidTagValue.Malformed', 'The specified Tag.n.Value is not valid.'),
  tagCountExceeded: () => e(400, 'InvalidTagCount', 'The maximum number of tags is exceeded.'),
  keyPairNotFound: () => e(404, 'InvalidKeyPairName.NotFound', 'The specified KeyPairName does not exist in our records.'),
  invalidInstanceIds: () => e(400, 'InvalidInstanceIds.ValueNotSupported', 'The specified parameter InstanceIds is not valid.'),
  invalidKeyPairNames: () => e(400, 'InvalidKeyPairNames.ValueNotSupported', 'The specified parameter KeyPairNames is not valid.'),
  keyPairAttached: () =>
    e(
      400,
      'InvalidParameter.KeypairAlreadyAttachedInstance',
      'The specified parameter "KeyPairNames" attached to instances can not be deleted.',
    ),
  keyPairNamesLimit: () => e(403, 'InstanceKeyPairLimitExceeded', 'The number of key pairs in KeyPairNames exceeds the limit of 100.'),
  invalidResourceId: () => e(404, 'InvalidResourceId.NotFound', 'The specified ResourceIds are not found in our records.'),
  invalidResourceType: () => e(400, 'InvalidResourceType.NotSupported', 'The specified ResourceType is not supported.'),
  invalidPageSize: () => e(400, 'InvalidParameter.PageSize', 'The specified parameter PageSize is not valid (1-50).'),

  // ENS key pairs
  ensPubKeyNameExisted: () => e(400, 'PubKeyNameExisted', 'Public Key Pair Name Existed.'),
  ensPubKeyAttached: () => e(400, 'PubKeyAttachedWithInstance', 'Public Key Attached With Instance.'),
  ensInvalidParameter: (name: string) => e(400, `InvalidParameter.${name}`, `The specified parameter ${name} is invalid.`),

  // STS 2015-04-01
  stsInvalidParameter: (name: string, why: string) => e(400, `InvalidParameter.${name}`, `The parameter ${name} is invalid: ${why}.`),
  stsRoleNotFound: (arn: string) => e(404, 'EntityNotExist.Role', `The role not exists: ${arn.slice(0, 200)}.`),
  stsNoPermission: () => e(403, 'NoPermission', 'You are not authorized to do this action. You should be authorized by RAM.'),
  stsOidcProviderNotFound: (arn: string) => e(404, 'EntityNotExist.OIDCProvider', `The OIDC provider not exists: ${arn.slice(0, 200)}.`),
  stsOidcTokenInvalid: () => e(400, 'AuthenticationFail.OIDCToken.Invalid', 'The OIDC token is invalid.'),

  // Service health (fault injection)
  throttling: (retryAfterMs?: number) =>
    e(
      400,
      'Throttling.User',
      'Request was denied due to user flow control.',
      retryAfterMs !== undefined ? { 'x-acs-retry-after': String(retryAfterMs) } : {},
    ),
  throttlingApi: (retryAfterMs: number) =>
    e(400, 'Throttling.Api', 'Request was denied due to api flow control.', { 'x-acs-retry-after': String(retryAfterMs) }),
  tooManyRequests: (retryAfterMs: number) =>
    e(429, 'Throttling', 'Request was denied due to request throttling.', { 'x-acs-retry-after': String(retryAfterMs) }),
  serviceUnavailable: () => e(503, 'ServiceUnavailable', 'The request has failed due to a temporary failure of the server.'),
  internalError: () => e(500, 'InternalError', 'The request processing has failed due to some unknown error.'),
};
