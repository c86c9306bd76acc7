/**
 * A signed RPC call with retries: `call(action, params)` → the parsed JSON body, or a typed error.
 *
 * Each attempt gets fresh credentials (they may be STS and rotate), a fresh timestamp and nonce, and a new
 * signature. Retries follow `retryPolicy`; every attempt shares one deadline.
 */
import * as crypto from 'crypto';
import { Credentials } from './credentials';
import { AlibabaCloudError, ApiError, NetworkError, redactSecrets, RetryDeadlineError } from './errors';
import { flattenParams, RpcValue } from './flatten';
import { canonicalQueryString } from './percentEncode';
import {
  backoffDelayMs,
  BackoffOptions,
  DEFAULT_BACKOFF,
  mayHaveBeenApplied,
  parseRetryAfterMs,
  retryDecision,
  retryDelayMs,
} from './retryPolicy';
import { signedV1Params } from './signV1';
import { signedV3Headers } from './signV3';
import { isErrorEnvelope, unexpectedResponse } from './responseShape';
import { formatTimestamp } from './timestamp';
import { HttpResponse, HttpTransport, Transport } from './transport';

export type SignatureVersion = 'v1' | 'v3';

export const DEFAULT_DEADLINE_MS = 120_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const MIN_USEFUL_ATTEMPT_MS = 100;

export interface RpcClientOptions {
  endpoint: URL;
  /** API version, e.g. `2014-05-26`. */
  version: string;
  /** Looked up for every attempt. Leave it out for an anonymous client (STS AssumeRoleWithOIDC is unsigned). */
  credentials?: () => Promise<Credentials>;
  signatureVersion?: SignatureVersion;
  /** Total time for all attempts of one call. */
  deadlineMs?: number;
  requestTimeoutMs?: number;
  backoff?: BackoffOptions;
  /** Default: a {@link Transport} of its own (axios). */
  transport?: HttpTransport;
  /** Injected for tests. `now` stamps requests; `clock` (ms) runs the deadline, so tests need not wait for it. */
  now?: () => Date;
  clock?: () => number;
  nonce?: () => string;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Values never to be quoted from an answer (an OIDC token sent in the parameters). */
  secrets?: readonly string[];
  /** Told, in one line, of each retry after a network failure (the provider prints it: the CLI shows it). */
  onRetry?: (line: string) => void;
  /** Told of every attempt's outcome (counting, debugging). Never given credentials. */
  onAttempt?: (event: { action: string; attempt: number; error?: AlibabaCloudError }) => void;
}

/** Signature version from `ALIBABA_CLOUD_SIGNATURE_VERSION` (v1 or v3, default v3). */
export function signatureVersionFromEnv(env: NodeJS.ProcessEnv = process.env): SignatureVersion {
  const value = (env.ALIBABA_CLOUD_SIGNATURE_VERSION ?? '').trim().toLowerCase();
  if (value === '' || value === 'v3' || value === '3') return 'v3';
  if (value === 'v1' || value === '1') return 'v1';
  throw new AlibabaCloudError(`ALIBABA_CLOUD_SIGNATURE_VERSION must be v1 or v3, not "${value.slice(0, 20)}"`);
}

export class RpcClient {
  private readonly transport: HttpTransport;

  constructor(private readonly options: RpcClientOptions) {
    this.transport = options.transport ?? new Transport();
  }

  /** When an operation starting now must be finished: pass it to every `call` of a multi-call operation. */
  operationDeadline(): number {
    return this.clock() + (this.options.deadlineMs ?? DEFAULT_DEADLINE_MS);
  }

  /** One API call with its retries, all within `deadlineAt` (default: the client's deadline from now). */
  async call<T = Record<string, unknown>>(
    action: string,
    params: Readonly<Record<string, RpcValue>>,
    deadlineAt: number = this.operationDeadline(),
  ): Promise<T> {
    const started = this.clock();
    const deadline = deadlineAt;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    let resignedOnce = false;
    let ambiguous = false;
    for (let attempt = 1; ; attempt++) {
      let credentials: Credentials | undefined;
      try {
        credentials = this.options.credentials ? await this.options.credentials() : undefined;
        const result = await this.attempt<T>(
          action,
          params,
          credentials,
          Math.max(1, Math.min(this.requestTimeoutMs(), deadline - this.clock())),
        );
        this.options.onAttempt?.({ action, attempt });
        return result;
      } catch (raw) {
        const error = raw instanceof AlibabaCloudError ? raw : new AlibabaCloudError(String(raw));
        if (error instanceof ApiError && credentials) error.credentialSource = credentials.source;
        this.options.onAttempt?.({ action, attempt, error });
        const decision = retryDecision(error);
        if (decision === 'fail' || (decision === 'retry-once-resigned' && resignedOnce)) {
          if (error instanceof ApiError || error instanceof NetworkError) error.afterAmbiguousAttempt = ambiguous;
          throw error;
        }
        if (decision === 'retry-once-resigned') {
          resignedOnce = true;
          continue;
        }
        if (mayHaveBeenApplied(error)) ambiguous = true;
        const retryAfter = error instanceof ApiError ? error.retryAfterMs : undefined;
        const delay = retryDelayMs(backoffDelayMs(attempt, this.options.backoff ?? DEFAULT_BACKOFF, this.options.random), retryAfter);
        // Give up when no useful attempt fits before the deadline (not just when the wait itself would not).
        if (this.clock() + delay + MIN_USEFUL_ATTEMPT_MS >= deadline) {
          const final = new RetryDeadlineError(action, attempt, this.clock() - started, error as ApiError | NetworkError);
          (error as ApiError | NetworkError).afterAmbiguousAttempt = ambiguous;
          throw final;
        }
        // A network failure may take minutes to heal: one line per retry shows the user what is happening.
        if (error instanceof NetworkError) this.options.onRetry?.(`${error.message}; trying again in ${(delay / 1000).toFixed(1)} s`);
        await sleep(delay);
      }
    }
  }

  private clock(): number {
    return (this.options.clock ?? Date.now)();
  }

  private requestTimeoutMs(): number {
    return this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }

  private async attempt<T>(
    action: string,
    params: Readonly<Record<string, RpcValue>>,
    credentials: Credentials | undefined,
    timeoutMs: number,
  ): Promise<T> {
    const timestamp = formatTimestamp(this.options.now?.() ?? new Date());
    const nonce = this.options.nonce?.() ?? crypto.randomUUID();
    const flat = flattenParams(params);
    const url = new URL(this.options.endpoint.toString());
    let headers: Record<string, string>;
    let body: string;
    if (!credentials) {
      // Anonymous: the RPC parameters without any signature (the request carries its own proof, an OIDC token).
      body = canonicalQueryString({
        ...flat,
        Action: action,
        Version: this.options.version,
        Format: 'JSON',
        Timestamp: timestamp,
        SignatureNonce: nonce,
      });
      headers = { 'content-type': 'application/x-www-form-urlencoded' };
    } else if ((this.options.signatureVersion ?? 'v3') === 'v3') {
      body = '';
      url.search = canonicalQueryString(flat);
      headers = signedV3Headers({
        method: 'POST',
        host: url.host,
        action,
        version: this.options.version,
        query: flat,
        body,
        // Sent and signed explicitly: left out, axios would add an unsigned form content type of its own.
        contentType: 'application/x-www-form-urlencoded',
        accessKeyId: credentials.accessKeyId,
        accessKeySecret: credentials.accessKeySecret,
        securityToken: credentials.securityToken,
        timestamp,
        nonce,
      });
    } else {
      const signed = signedV1Params({
        method: 'POST',
        params: { ...flat, Action: action, Version: this.options.version },
        accessKeyId: credentials.accessKeyId,
        accessKeySecret: credentials.accessKeySecret,
        securityToken: credentials.securityToken,
        timestamp,
        nonce,
      });
      body = canonicalQueryString(signed);
      headers = { 'content-type': 'application/x-www-form-urlencoded' };
    }
    headers.accept = 'application/json';
    headers['user-agent'] = 'pulumi-alicloud-keypair';
    const response = await this.transport.send({ method: 'POST', url, headers, body, timeoutMs, action });
    return parseResponse<T>(action, response, [credentials?.accessKeySecret, credentials?.securityToken, ...(this.options.secrets ?? [])]);
  }

  close(): void {
    this.transport.close();
  }
}

/** JSON body on success; an `ApiError` from the error envelope otherwise; a `NetworkError` for anything unreadable. */
export function parseResponse<T>(action: string, response: HttpResponse, secrets: ReadonlyArray<string | undefined>): T {
  let body: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(response.body);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
  } catch {
    body = undefined;
  }
  const ok = response.status >= 200 && response.status < 300;
  // An error envelope inside a 2xx is an API error (retried by the usual rules); a 2xx without a RequestId is not
  // the API's answer at all.
  if (ok && body && isErrorEnvelope(body)) return throwApiError(action, response, body, secrets);
  if (ok && body && (typeof body.RequestId !== 'string' || body.RequestId === '')) {
    throw unexpectedResponse(action, `the HTTP ${response.status} answer has no RequestId`);
  }
  if (ok && body) return body as T;
  if (ok || (!body && response.status < 500)) {
    if (!ok) {
      return throwApiError(action, response, { Code: `HTTP${response.status}`, Message: 'the response has no error body' }, secrets);
    }
    throw new NetworkError(action, 'BAD_RESPONSE', `the response (HTTP ${response.status}) is not a JSON object`, true);
  }
  return throwApiError(
    action,
    response,
    body ?? { Code: `HTTP${response.status}`, Message: 'the server failed without an error body' },
    secrets,
  );
}

function throwApiError(
  action: string,
  response: HttpResponse,
  body: Record<string, unknown>,
  secrets: ReadonlyArray<string | undefined>,
): never {
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' ? redactSecrets(value, secrets).slice(0, 2000) : undefined;
  throw new ApiError({
    action,
    code: text(body.Code) ?? `HTTP${response.status}`,
    httpStatus: response.status,
    message: text(body.Message) ?? '',
    requestId: text(body.RequestId),
    hostId: text(body.HostId),
    recommend: text(body.Recommend),
    retryAfterMs: parseRetryAfterMs(response.headers['x-acs-retry-after']),
  });
}
