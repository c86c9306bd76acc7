/**
 * What the emulator remembers of each request, for tests and for its log: capped, because the record is made before
 * anything is authenticated, and a stranger's 300 kB "action" must not be kept.
 */

/** How many records an emulator keeps (a CI job may leave it up for hours). */
export const MAX_REQUEST_LOG = 100_000;

/** One request as the emulator saw it, for counting API calls in tests. */
export interface RequestRecord {
  /** The API action, e.g. `ImportKeyPair` (empty when missing). */
  action: string;
  /** The API version: `2014-05-26` (ECS) or `2017-11-10` (ENS). */
  version: string;
  /** The HTTP status answered; 0 when the connection was dropped on purpose. */
  status: number;
  /** The error code answered, or `dropped`. */
  code?: string;
  /** How the request was signed, once the signature was read. */
  signatureVersion?: 'v1' | 'v3';
  /** The `RegionId` parameter. */
  region?: string;
}

/** What the request log keeps of a field sent by the client. */
export const MAX_LOGGED_FIELD = 128;
/**
 * A client's value as the log may show it: at most MAX_LOGGED_FIELD characters, control characters (newlines,
 * terminal escapes) and blanks written as `\xNN`, so an unsigned request can neither forge a log line nor drive the
 * terminal that shows the log.
 */
export function capped(value: string): string {
  const short = value.length > MAX_LOGGED_FIELD ? `${value.slice(0, MAX_LOGGED_FIELD)}…` : value;
  // eslint-disable-next-line no-control-regex
  return short.replace(/[\u0000-\u0020\u007f-\u009f\u2028\u2029]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** One line of the request log: time, service, action, region, status, code. */
export function describeRequest(record: RequestRecord): string {
  const service = record.version === '2017-11-10' ? 'ens' : record.version === '2014-05-26' ? 'ecs' : '-';
  return [new Date().toISOString(), service, record.action || '-', record.region ?? '-', record.status, record.code ?? '-'].join(' ');
}
