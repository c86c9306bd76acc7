/**
 * One error family for everything the client can fail with. Messages are built to be shown to users as they are:
 * they say what happened and, where we know, what to do. None of them ever holds the access key secret, the
 * security token or a signature: `redactSecrets` runs over every message that quotes the server.
 */

import { percentEncode } from './percentEncode';

/** Base class: `instanceof AlibabaCloudError` catches every client failure. */
export class AlibabaCloudError extends Error {
  override name = 'AlibabaCloudError';
}

export interface ApiErrorFields {
  code: string;
  httpStatus: number;
  message: string;
  requestId?: string;
  hostId?: string;
  recommend?: string;
  action: string;
  /** From `x-acs-retry-after`, in milliseconds. */
  retryAfterMs?: number;
  /** Where the access key of the refused request came from (a variable's name, a profile, a role), never its value. */
  credentialSource?: string;
  /** An earlier attempt of the same call may have been applied (see {@link ApiError.afterAmbiguousAttempt}). */
  afterAmbiguousAttempt?: boolean;
}

/** The service answered with an error envelope. */
export class ApiError extends AlibabaCloudError {
  override name = 'ApiError';
  readonly code: string;
  readonly httpStatus: number;
  readonly serverMessage: string;
  readonly requestId?: string;
  readonly hostId?: string;
  readonly recommend?: string;
  readonly action: string;
  readonly retryAfterMs?: number;
  /**
   * True when an earlier attempt of the same call may have been applied by the server (its response was lost or
   * was a 5xx). A `KeyPair.AlreadyExist` with this flag set can be our own key pair.
   */
  readonly afterAmbiguousAttempt: boolean;
  /** Where the access key of the refused request came from (`ALIBABA_CLOUD_ACCESS_KEY_ID`, a profile, a role), never its value. */
  readonly credentialSource?: string;

  constructor(private readonly fields: ApiErrorFields) {
    super(
      `${fields.action} failed: ${fields.code} (HTTP ${fields.httpStatus}): ${fields.message}` +
        (fields.requestId ? ` [RequestId ${fields.requestId}]` : ''),
    );
    this.code = fields.code;
    this.httpStatus = fields.httpStatus;
    this.serverMessage = fields.message;
    this.requestId = fields.requestId;
    this.hostId = fields.hostId;
    this.recommend = fields.recommend;
    this.action = fields.action;
    this.retryAfterMs = fields.retryAfterMs;
    this.credentialSource = fields.credentialSource;
    this.afterAmbiguousAttempt = fields.afterAmbiguousAttempt ?? false;
  }

  /** The same answer, as the last of a call whose earlier attempts may have been applied: a new error, not this one changed. */
  afterAttempts(ambiguous: boolean): ApiError {
    return ambiguous === this.afterAmbiguousAttempt ? this : new ApiError({ ...this.fields, afterAmbiguousAttempt: ambiguous });
  }
}

/** No usable answer: connection refused or reset, timeout, TLS failure, a response that is not the API's. */
export class NetworkError extends AlibabaCloudError {
  override name = 'NetworkError';
  /** Node's error code (ECONNRESET, ETIMEDOUT, …) or ours (BAD_RESPONSE, RESPONSE_TOO_LARGE). */
  readonly code: string;
  readonly action: string;
  /** True when the request may have reached the server (so a write may have been applied). */
  readonly requestMayHaveBeenSent: boolean;
  /** An earlier attempt of the same call may have been applied. */
  readonly afterAmbiguousAttempt: boolean;

  constructor(
    action: string,
    code: string,
    private readonly detail: string,
    requestMayHaveBeenSent: boolean,
    private readonly underlying?: Error,
    afterAmbiguousAttempt = false,
  ) {
    super(`${action} failed: ${detail} (${code})`, underlying ? { cause: underlying } : undefined);
    this.code = code;
    this.action = action;
    this.requestMayHaveBeenSent = requestMayHaveBeenSent;
    this.afterAmbiguousAttempt = afterAmbiguousAttempt;
  }

  /** The same failure, as the last of a call whose earlier attempts may have been applied: a new error, not this one changed. */
  afterAttempts(ambiguous: boolean): NetworkError {
    if (ambiguous === this.afterAmbiguousAttempt) return this;
    return new NetworkError(this.action, this.code, this.detail, this.requestMayHaveBeenSent, this.underlying, ambiguous);
  }
}

/** Retries ran out of time; names the last error seen. */
export class RetryDeadlineError extends AlibabaCloudError {
  override name = 'RetryDeadlineError';
  constructor(
    readonly action: string,
    readonly attempts: number,
    readonly elapsedMs: number,
    readonly lastError: ApiError | NetworkError,
  ) {
    const last = lastError instanceof ApiError ? lastError.code : lastError.code;
    super(
      `${action} gave up after ${attempts} attempts in ${Math.round(elapsedMs / 1000)} s; the last error was ${last}: ` +
        `${lastError.message}. Raise the deadline with ALIBABA_CLOUD_RETRY_DEADLINE_SECONDS or stack config ` +
        `alicloud-keypair:retryDeadlineSeconds, or try again later`,
      { cause: lastError },
    );
  }
}

/** No credentials anywhere in the chain. */
export class CredentialsError extends AlibabaCloudError {
  override name = 'CredentialsError';
}

/** Bad endpoint configuration (plain http to a non-loopback host, an unparseable URL). */
export class EndpointError extends AlibabaCloudError {
  override name = 'EndpointError';
}

/** Replace every occurrence of each secret, raw or percent-encoded, with `[REDACTED]`. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let result = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    for (const form of new Set([secret, percentEncode(secret), percentEncode(percentEncode(secret))])) {
      result = result.split(form).join('[REDACTED]');
    }
  }
  return result;
}
