/**
 * RPC signature V1 (HMAC-SHA1), pure: `stringToSignV1` and `signV1` take everything they need, including the
 * timestamp and nonce inside `params`, so the published vectors can be pinned.
 */
import * as crypto from 'crypto';
import { canonicalQueryString, percentEncode } from './percentEncode';

/** `METHOD&%2F&` + encode(canonical query of every parameter but Signature). */
export function stringToSignV1(method: string, params: Readonly<Record<string, string>>): string {
  const { Signature: _ignored, ...signed } = params;
  return `${method}&${percentEncode('/')}&${percentEncode(canonicalQueryString(signed))}`;
}

/** base64(HMAC-SHA1(secret + "&", stringToSign)). */
export function signV1(stringToSign: string, accessKeySecret: string): string {
  return crypto.createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64');
}

export interface V1SignInput {
  method: string;
  /** Action, Version and the API's own parameters, already flattened. */
  params: Readonly<Record<string, string>>;
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  timestamp: string;
  nonce: string;
}

/** The full parameter set of a V1 request, with the common parameters and the Signature added. */
export function signedV1Params(input: V1SignInput): Record<string, string> {
  const params: Record<string, string> = {
    ...input.params,
    Format: input.params.Format ?? 'JSON',
    AccessKeyId: input.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: input.nonce,
    Timestamp: input.timestamp,
  };
  if (input.securityToken) params.SecurityToken = input.securityToken;
  params.Signature = signV1(stringToSignV1(input.method, params), input.accessKeySecret);
  return params;
}
