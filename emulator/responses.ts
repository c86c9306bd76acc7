/**
 * The last stage of a request: a handler's result or an error, as Alibaba answers it (JSON or XML, the error
 * envelope with RequestId, HostId, Code, Message, Recommend), or a connection dropped on purpose.
 */
import * as http from 'http';
import { EmulatorError, errors } from './errors';
import { FaultDecision } from './faults';
import { toXml } from './xml';

export type Format = 'JSON' | 'XML';

/** Writes one answer (unless the client is gone). */
export function writeAnswer(
  res: http.ServerResponse,
  status: number,
  body: Record<string, unknown>,
  format: Format,
  xmlRoot: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const text = format === 'XML' ? toXml(xmlRoot, body) : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': format === 'XML' ? 'text/xml;charset=utf-8' : 'application/json;charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Alibaba's error envelope for `error` (anything unknown is an InternalError, never a crash). */
export function errorEnvelope(error: unknown, requestId: string, hostId: string): { error: EmulatorError; body: Record<string, unknown> } {
  const known = error instanceof EmulatorError ? error : errors.internalError();
  // The troubleshooting link names the product that answered, as Alibaba's gateway does.
  const product = hostId.startsWith('ens') ? 'Ens' : hostId.startsWith('sts') ? 'Sts' : 'Ecs';
  return {
    error: known,
    body: {
      RequestId: requestId,
      HostId: hostId,
      Code: known.code,
      Message: known.message,
      Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(known.code)}&product=${product}&requestId=${requestId}`,
    },
  };
}

/** The wire error a fault stands for. */
export function faultError(fault: FaultDecision): EmulatorError {
  switch (fault.before) {
    case 'throttle':
      return errors.throttling();
    case 'throttle-api':
      return errors.throttlingApi(fault.retryAfterMs ?? 1000);
    case 'too-many-requests':
      return errors.tooManyRequests(fault.retryAfterMs ?? 1000);
    case 'service-unavailable':
      return errors.serviceUnavailable();
    default:
      return errors.internalError();
  }
}
