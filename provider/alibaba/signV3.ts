/**
 * Signature V3 (ACS3-HMAC-SHA256), pure: the clock and nonce come in as headers, so the published vector can be
 * pinned. RPC actions put every parameter in the query and send an empty body.
 */
import * as crypto from 'crypto';
import { canonicalQueryString } from './percentEncode';

export const V3_ALGORITHM = 'ACS3-HMAC-SHA256';

export interface V3CanonicalInput {
  method: string;
  /** The canonical URI; `/` for RPC actions. */
  path: string;
  query: Readonly<Record<string, string>>;
  /** Any case; only host, content-type and x-acs-* are signed. */
  headers: Readonly<Record<string, string>>;
  /** Hex SHA-256 of the body (the x-acs-content-sha256 header). */
  hashedPayload: string;
}

export function sha256Hex(data: string | Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** Lower-cased names of the headers V3 signs, sorted. */
export function signedHeaderNames(headers: Readonly<Record<string, string>>): string[] {
  return Object.keys(headers)
    .map((name) => name.toLowerCase())
    .filter((name) => name === 'host' || name === 'content-type' || name.startsWith('x-acs-'))
    .sort();
}

export function canonicalRequestV3(input: V3CanonicalInput): string {
  const lowered: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.headers)) lowered[name.toLowerCase()] = String(value).trim();
  const names = signedHeaderNames(input.headers);
  const canonicalHeaders = names.map((name) => `${name}:${lowered[name]}\n`).join('');
  return [
    input.method.toUpperCase(),
    input.path,
    canonicalQueryString(input.query),
    canonicalHeaders,
    names.join(';'),
    input.hashedPayload,
  ].join('\n');
}

export function stringToSignV3(canonicalRequest: string): string {
  return `${V3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
}

export function signV3(stringToSign: string, accessKeySecret: string): string {
  return crypto.createHmac('sha256', accessKeySecret).update(stringToSign, 'utf8').digest('hex');
}

export function authorizationHeaderV3(accessKeyId: string, signedHeaders: string[], signature: string): string {
  return `${V3_ALGORITHM} Credential=${accessKeyId},SignedHeaders=${signedHeaders.join(';')},Signature=${signature}`;
}

export interface V3SignInput {
  method: string;
  host: string;
  action: string;
  version: string;
  query: Readonly<Record<string, string>>;
  body: string;
  contentType?: string;
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  timestamp: string;
  nonce: string;
}

/** Every header a V3 request carries, Authorization included. */
export function signedV3Headers(input: V3SignInput): Record<string, string> {
  const headers: Record<string, string> = {
    host: input.host,
    'x-acs-action': input.action,
    'x-acs-version': input.version,
    'x-acs-date': input.timestamp,
    'x-acs-signature-nonce': input.nonce,
    'x-acs-content-sha256': sha256Hex(input.body),
  };
  if (input.contentType) headers['content-type'] = input.contentType;
  if (input.securityToken) headers['x-acs-security-token'] = input.securityToken;
  const canonical = canonicalRequestV3({
    method: input.method,
    path: '/',
    query: input.query,
    headers,
    hashedPayload: headers['x-acs-content-sha256'],
  });
  const signature = signV3(stringToSignV3(canonical), input.accessKeySecret);
  headers.authorization = authorizationHeaderV3(input.accessKeyId, signedHeaderNames(headers), signature);
  return headers;
}
