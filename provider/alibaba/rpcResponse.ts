/** What an RPC answer means: its JSON body, or a typed error (the answer's own words, secrets redacted). */
import { ApiError, NetworkError, redactSecrets } from './errors';
import { parseRetryAfterMs } from './retryPolicy';
import { isErrorEnvelope, unexpectedResponse } from './responseShape';
import { HttpResponse } from './transport';

/** JSON body on success; an `ApiError` from the error envelope otherwise; a `NetworkError` for anything unreadable. */
export function parseResponse<T>(
  action: string,
  response: HttpResponse,
  secrets: ReadonlyArray<string | undefined>,
  /** Where the request's access key came from, for the error's message (never the key). */
  credentialSource?: string,
): T {
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
  if (ok && body && isErrorEnvelope(body)) return throwApiError(action, response, body, secrets, credentialSource);
  if (ok && body && (typeof body.RequestId !== 'string' || body.RequestId === '')) {
    throw unexpectedResponse(action, `the HTTP ${response.status} answer has no RequestId`);
  }
  if (ok && body) return body as T;
  if (ok || (!body && response.status < 500)) {
    if (!ok) {
      return throwApiError(
        action,
        response,
        { Code: `HTTP${response.status}`, Message: 'the response has no error body' },
        secrets,
        credentialSource,
      );
    }
    throw new NetworkError(action, 'BAD_RESPONSE', `the response (HTTP ${response.status}) is not a JSON object`, true);
  }
  return throwApiError(
    action,
    response,
    body ?? { Code: `HTTP${response.status}`, Message: 'the server failed without an error body' },
    secrets,
    credentialSource,
  );
}

function throwApiError(
  action: string,
  response: HttpResponse,
  body: Record<string, unknown>,
  secrets: ReadonlyArray<string | undefined>,
  credentialSource: string | undefined,
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
    credentialSource,
  });
}
