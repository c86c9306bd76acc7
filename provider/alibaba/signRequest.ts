/**
 * One RPC request, ready to send: `signRequest` turns an action and its parameters into the URL, headers and body
 * of a POST, signed V3 (ACS3-HMAC-SHA256: parameters in the query, signature in the Authorization header), V1
 * (HMAC-SHA1: everything, signature included, in a form body), or anonymous (a form body, no signature: STS
 * AssumeRoleWithOIDC, whose OIDC token is its own proof). Pure: the clock and nonce come in.
 */
import type { Credentials } from './credentials';
import { flattenParams, RpcValue } from './flatten';
import { canonicalQueryString } from './percentEncode';
import { signedV1Params } from './signV1';
import { signedV3Headers } from './signV3';

/** How requests are signed: V3 unless ALIBABA_CLOUD_SIGNATURE_VERSION says v1. */
export type SignatureVersion = 'v1' | 'v3';

export interface RequestToSign {
  signatureVersion: SignatureVersion | 'anonymous';
  endpoint: URL;
  action: string;
  /** The API version, e.g. `2014-05-26`. */
  version: string;
  params: Readonly<Record<string, RpcValue>>;
  /** Required unless anonymous. */
  credentials?: Pick<Credentials, 'accessKeyId' | 'accessKeySecret' | 'securityToken'>;
  /** ISO 8601 UTC without milliseconds (`formatTimestamp`). */
  timestamp: string;
  nonce: string;
}

export interface SignedRequest {
  url: URL;
  headers: Record<string, string>;
  body: string;
}

const FORM = 'application/x-www-form-urlencoded';

export function signRequest(request: RequestToSign): SignedRequest {
  const { action, version, timestamp, nonce, credentials } = request;
  const flat = flattenParams(request.params);
  const url = new URL(request.endpoint.toString());
  let signed: SignedRequest;
  if (request.signatureVersion === 'anonymous' || !credentials) {
    if (request.signatureVersion !== 'anonymous') throw new Error(`a ${request.signatureVersion} request needs credentials`);
    const body = canonicalQueryString({
      ...flat,
      Action: action,
      Version: version,
      Format: 'JSON',
      Timestamp: timestamp,
      SignatureNonce: nonce,
    });
    signed = { url, headers: { 'content-type': FORM }, body };
  } else if (request.signatureVersion === 'v3') {
    url.search = canonicalQueryString(flat);
    const headers = signedV3Headers({
      method: 'POST',
      host: url.host,
      action,
      version,
      query: flat,
      body: '',
      // Sent and signed explicitly: left out, axios would add an unsigned form content type of its own.
      contentType: FORM,
      accessKeyId: credentials.accessKeyId,
      accessKeySecret: credentials.accessKeySecret,
      securityToken: credentials.securityToken,
      timestamp,
      nonce,
    });
    signed = { url, headers, body: '' };
  } else {
    const params = signedV1Params({
      method: 'POST',
      params: { ...flat, Action: action, Version: version },
      accessKeyId: credentials.accessKeyId,
      accessKeySecret: credentials.accessKeySecret,
      securityToken: credentials.securityToken,
      timestamp,
      nonce,
    });
    signed = { url, headers: { 'content-type': FORM }, body: canonicalQueryString(params) };
  }
  signed.headers.accept = 'application/json';
  signed.headers['user-agent'] = 'pulumi-alicloud-keypair';
  return signed;
}
