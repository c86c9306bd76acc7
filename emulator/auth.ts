/**
 * Verifies V3 (ACS3-HMAC-SHA256) and V1 (HMAC-SHA1) signatures the way Alibaba's gateway does, in that order of
 * checks: signature parts present → access key known → timestamp fresh → nonce unused → security token → signature.
 *
 * Uses its own implementation of both algorithms (not the provider's), checked against the published vectors
 * and the official SDKs in tests.
 */
import * as crypto from 'crypto';
import { errors } from './errors';

/** An access key the emulator accepts. */
export interface EmulatorCredential {
  /** The AccessKeyId requests carry. */
  accessKeyId: string;
  /** The secret they are signed with. */
  accessKeySecret: string;
  /** When set, requests with this key must carry exactly this STS token. */
  securityToken?: string;
  /** STS access keys: when they stop working (ms since the epoch). */
  expiresAt?: number;
}

export interface IncomingSignedRequest {
  method: string;
  path: string;
  /** Query parameters only (V3 signs the query). */
  query: Record<string, string>;
  /** Query and form body parameters merged (V1 signs all of them). */
  params: Record<string, string>;
  headers: Record<string, string>;
  body: Buffer;
}

export interface AuthResult {
  accessKeyId: string;
  action?: string;
  version?: string;
  signatureVersion: 'v1' | 'v3';
}

/** Timestamps older or newer than this are refused (Alibaba's window is about 15 minutes). */
export const TIMESTAMP_WINDOW_MS = 15 * 60 * 1000;

function encode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function canonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${encode(k)}=${encode(params[k])}`)
    .join('&');
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

export class Authenticator {
  private readonly nonces = new Map<string, number>();

  constructor(
    /** The credential of an access key id, found by key (not by scanning: STS may have issued thousands). */
    private readonly credentialOf: (accessKeyId: string) => EmulatorCredential | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  verify(request: IncomingSignedRequest): AuthResult {
    const authorization = request.headers.authorization;
    if (authorization !== undefined && authorization.startsWith('ACS3-')) return this.verifyV3(request, authorization);
    if (request.params.Signature !== undefined || request.params.AccessKeyId !== undefined) return this.verifyV1(request);
    throw errors.incompleteSignature('no Authorization header and no Signature parameter');
  }

  private credentialFor(accessKeyId: string): EmulatorCredential {
    const found = this.credentialOf(accessKeyId);
    if (!found) throw errors.invalidAccessKeyId();
    return found;
  }

  private checkFreshness(timestamp: string | undefined, nonce: string | undefined): void {
    const time = timestamp && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(timestamp) ? Date.parse(timestamp) : NaN;
    if (!Number.isFinite(time) || Math.abs(this.now() - time) > TIMESTAMP_WINDOW_MS) throw errors.illegalTimestamp();
    if (!nonce) throw errors.incompleteSignature('the signature nonce is missing');
    this.pruneNonces();
    if (this.nonces.has(nonce)) throw errors.signatureNonceUsed();
  }

  /**
   * Only a request whose signature verified spends its nonce: otherwise anyone could fill the emulator's memory
   * with nonces (and spend a client's next nonce) without knowing a secret.
   */
  private rememberNonce(nonce: string): void {
    this.nonces.set(nonce, this.now());
  }

  /**
   * Nonces only need remembering for as long as their timestamp would be accepted. A Map iterates in insertion
   * order, which is arrival order, so the expired ones are at the front: stop at the first live one. (Scanning the
   * whole map on every request made a long load run slow down as the map grew.)
   */
  private pruneNonces(): void {
    const cutoff = this.now() - 2 * TIMESTAMP_WINDOW_MS;
    for (const [nonce, seen] of this.nonces) {
      if (seen >= cutoff) break;
      this.nonces.delete(nonce);
    }
  }

  private verifyV3(request: IncomingSignedRequest, authorization: string): AuthResult {
    const match = /^ACS3-HMAC-SHA256 Credential=([^,]*),SignedHeaders=([^,]*),Signature=([0-9a-f]*)$/.exec(authorization.trim());
    if (!match || !match[1] || !match[2] || !match[3]) {
      throw errors.incompleteSignature('the Authorization header must be "ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…"');
    }
    const [, accessKeyId, signedHeaderList, signature] = match;
    const signedHeaders = signedHeaderList.split(';');
    for (const required of ['host', 'x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256']) {
      if (request.headers[required] === undefined) throw errors.incompleteSignature(`the ${required} header is missing`);
      if (!signedHeaders.includes(required)) throw errors.incompleteSignature(`the ${required} header is not signed`);
    }
    const credential = this.credentialFor(accessKeyId);
    this.checkFreshness(request.headers['x-acs-date'], request.headers['x-acs-signature-nonce']);
    this.checkToken(credential, request.headers['x-acs-security-token']);
    if (request.headers['x-acs-security-token'] !== undefined && !signedHeaders.includes('x-acs-security-token')) {
      throw errors.incompleteSignature('the x-acs-security-token header is not signed');
    }
    const payloadHash = crypto.createHash('sha256').update(request.body).digest('hex');
    if (payloadHash !== request.headers['x-acs-content-sha256']) {
      throw errors.signatureDoesNotMatch('x-acs-content-sha256 does not match the body');
    }
    // Own properties only: a signed header named `__proto__` or `constructor` is simply absent.
    const canonicalHeaders = [...signedHeaders]
      .sort()
      .map((h) => `${h}:${(Object.hasOwn(request.headers, h) ? request.headers[h] : '').trim()}\n`)
      .join('');
    const canonicalRequest = [
      request.method.toUpperCase(),
      request.path || '/',
      canonicalQuery(request.query),
      canonicalHeaders,
      [...signedHeaders].sort().join(';'),
      request.headers['x-acs-content-sha256'],
    ].join('\n');
    const stringToSign = `ACS3-HMAC-SHA256\n${crypto.createHash('sha256').update(canonicalRequest).digest('hex')}`;
    const expected = crypto.createHmac('sha256', credential.accessKeySecret).update(stringToSign).digest('hex');
    if (!safeEqual(expected, signature)) throw errors.signatureDoesNotMatch(stringToSign);
    this.rememberNonce(request.headers['x-acs-signature-nonce']);
    return { accessKeyId, action: request.headers['x-acs-action'], version: request.headers['x-acs-version'], signatureVersion: 'v3' };
  }

  private verifyV1(request: IncomingSignedRequest): AuthResult {
    const p = request.params;
    for (const name of ['AccessKeyId', 'Signature', 'SignatureMethod', 'SignatureNonce', 'Timestamp']) {
      if (!p[name]) throw errors.incompleteSignature(`the ${name} parameter is missing`);
    }
    if (p.SignatureMethod !== 'HMAC-SHA1') throw errors.incompleteSignature('SignatureMethod must be HMAC-SHA1');
    const credential = this.credentialFor(p.AccessKeyId);
    this.checkFreshness(p.Timestamp, p.SignatureNonce);
    this.checkToken(credential, p.SecurityToken);
    const { Signature: signature, ...signed } = p;
    const stringToSign = `${request.method.toUpperCase()}&${encode('/')}&${encode(canonicalQuery(signed))}`;
    const expected = crypto.createHmac('sha1', `${credential.accessKeySecret}&`).update(stringToSign).digest('base64');
    if (!safeEqual(expected, signature)) throw errors.signatureDoesNotMatch(stringToSign);
    this.rememberNonce(p.SignatureNonce);
    return { accessKeyId: p.AccessKeyId, action: p.Action, version: p.Version, signatureVersion: 'v1' };
  }

  private checkToken(credential: EmulatorCredential, token: string | undefined): void {
    if ((credential.securityToken ?? undefined) !== (token || undefined)) throw errors.securityTokenMismatch();
    if (credential.expiresAt !== undefined && credential.expiresAt <= this.now()) throw errors.securityTokenExpired();
  }
}
