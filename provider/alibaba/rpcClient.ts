/**
 * A signed RPC call with retries: `call(action, params)` → the parsed JSON body, or a typed error. Each attempt is
 * sign (signRequest.ts) → send (transport.ts) → parse (rpcResponse.ts); this module is the retry loop around them.
 *
 * Each attempt gets fresh credentials (they may be STS and rotate), a fresh timestamp and nonce, and a new
 * signature. Retries follow `retryPolicy`; every attempt shares one deadline.
 */
import * as crypto from 'crypto';
import { Credentials } from './credentials';
import { AlibabaCloudError, ApiError, NetworkError, RetryDeadlineError } from './errors';
import { RpcValue } from './flatten';
import { backoffDelayMs, BackoffOptions, DEFAULT_BACKOFF, mayHaveBeenApplied, retryDecision, retryDelayMs } from './retryPolicy';
import { parseResponse } from './rpcResponse';
import { SignatureVersion, signRequest } from './signRequest';
import { formatTimestamp } from './timestamp';
import { HttpTransport, Transport } from './transport';

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
        this.options.onAttempt?.({ action, attempt, error });
        const decision = retryDecision(error);
        if (decision === 'fail' || (decision === 'retry-once-resigned' && resignedOnce)) {
          throw error instanceof ApiError || error instanceof NetworkError ? error.afterAttempts(ambiguous) : error;
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
          throw new RetryDeadlineError(
            action,
            attempt,
            this.clock() - started,
            (error as ApiError | NetworkError).afterAttempts(ambiguous),
          );
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

  /** One attempt: sign (fresh timestamp and nonce) → send → parse. */
  private async attempt<T>(
    action: string,
    params: Readonly<Record<string, RpcValue>>,
    credentials: Credentials | undefined,
    timeoutMs: number,
  ): Promise<T> {
    const request = signRequest({
      signatureVersion: credentials ? (this.options.signatureVersion ?? 'v3') : 'anonymous',
      endpoint: this.options.endpoint,
      action,
      version: this.options.version,
      params,
      credentials,
      timestamp: formatTimestamp(this.options.now?.() ?? new Date()),
      nonce: this.options.nonce?.() ?? crypto.randomUUID(),
    });
    const response = await this.transport.send({ method: 'POST', ...request, timeoutMs, action });
    const secrets = [credentials?.accessKeySecret, credentials?.securityToken, ...(this.options.secrets ?? [])];
    return parseResponse<T>(action, response, secrets, credentials?.source);
  }

  close(): void {
    this.transport.close();
  }
}
