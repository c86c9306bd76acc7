/**
 * Which failures are worth another attempt, and how long to wait. Pure, so the rules can be tested directly.
 */
import { SERVICE_ERROR_CODES } from '../serviceFacts';
import { ApiError, NetworkError } from './errors';

export type RetryDecision = 'retry' | 'retry-once-resigned' | 'fail';

/** Node's TLS verification failures (CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT, ERR_TLS_CERT_ALTNAME_INVALID, …). */
const CERTIFICATE_ERROR = /CERT|UNABLE_TO_(GET|VERIFY)_/;

/**
 * Network-level failures that will happen again: a proxy asking for credentials or refusing the tunnel, an answer
 * that is not the API's.
 */
const NOT_WORTH_REPEATING = new Set(['PROXY_AUTHENTICATION_REQUIRED', 'PROXY_REFUSED', 'UNEXPECTED_RESPONSE']);

/**
 * Codes that mean "the request itself is wrong": never retried, whatever their HTTP status. Each service's own
 * codes come from its home (service.ts).
 */
const NEVER_RETRY = /^(QuotaExceed|Invalid|MissingParameter|SignatureDoesNotMatch|IncompleteSignature|Forbidden|NoPermission)/;
const isNeverRetried = (code: string) => NEVER_RETRY.test(code) || SERVICE_ERROR_CODES.includes(code);

/** Network failures that will be the same on every attempt. */
const UNHEALING = new Set(['LOOPBACK_REFUSED', 'ENOTFOUND']);

export function retryDecision(error: unknown): RetryDecision {
  // A proxy asking for credentials, or a certificate that does not verify, will do so again: not worth repeating.
  // Nor will a loopback port nobody listens on, or a host name that does not exist.
  if (error instanceof NetworkError) {
    return NOT_WORTH_REPEATING.has(error.code) || UNHEALING.has(error.code) || CERTIFICATE_ERROR.test(error.code) ? 'fail' : 'retry';
  }
  if (!(error instanceof ApiError)) return 'fail';
  const code = error.code;
  if (code === 'IllegalTimestamp' || code === 'SignatureNonceUsed') return 'retry-once-resigned';
  // As the official SDKs read it (since 2026-07): any error that says when to come back, or HTTP 429, is throttling.
  if (error.retryAfterMs !== undefined || error.httpStatus === 429) return 'retry';
  if (isNeverRetried(code)) return 'fail';
  if (code.includes('Throttling') || code.startsWith('ServiceUnavailable') || code === 'InternalError' || code === 'OperationConflict') {
    return 'retry';
  }
  return error.httpStatus >= 500 ? 'retry' : 'fail';
}

/** True when a failed attempt may still have been applied by the server. */
export function mayHaveBeenApplied(error: unknown): boolean {
  if (error instanceof NetworkError) return error.requestMayHaveBeenSent;
  return error instanceof ApiError && error.httpStatus >= 500;
}

export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseDelayMs: 200, maxDelayMs: 10_000 };

/** "Full jitter" (AWS architecture blog): uniform in [0, min(max, base·2^attempt)]. `attempt` starts at 1. */
export function backoffDelayMs(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(attempt - 1, 20));
  return Math.floor(random() * ceiling);
}

/** The longest wait a server may ask for; beyond it the call's deadline decides anyway. */
const MAX_RETRY_AFTER_MS = 10 * 60_000;

/**
 * `x-acs-retry-after` is in milliseconds (as the official Darabonba runtime reads it). Only a whole positive number
 * counts: 0, negative values, fractions and repeated headers (`"5, 999999999"`) count as absent, so a server cannot
 * take away the backoff by asking for no wait.
 */
export function parseRetryAfterMs(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  const parsed = Number(value.trim());
  return parsed > 0 ? Math.min(parsed, MAX_RETRY_AFTER_MS) : undefined;
}

/** The wait before the next attempt: what the server asked for, but never less than our own backoff. */
export function retryDelayMs(backoffMs: number, retryAfterMs: number | undefined): number {
  return Math.max(backoffMs, retryAfterMs ?? 0);
}
