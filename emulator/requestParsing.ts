/**
 * Stage 1 of a request: from HTTP to what the rest of the pipeline needs (body, query, form, headers, action,
 * version, format). Every malformed request is a documented 400, never a crash.
 */
import * as http from 'http';
import { errors } from './errors';

const MAX_BODY_BYTES = 1024 * 1024;

export interface ParsedRequest {
  method: string;
  path: string;
  body: Buffer;
  query: Record<string, string>;
  /** Query and form parameters together (the form wins). */
  params: Record<string, string>;
  headers: Record<string, string>;
  action?: string;
  version?: string;
  format: 'JSON' | 'XML';
}

/** Reads the body, then the URL: the control API's path is known before anything else is parsed. */
export async function readRequest(req: http.IncomingMessage): Promise<{ path: string; url: URL; body: Buffer }> {
  const body = await readBody(req);
  const url = new URL(req.url ?? '/', 'http://emulator');
  return { path: url.pathname, url, body };
}

export function parseRequest(req: http.IncomingMessage, url: URL, body: Buffer): ParsedRequest {
  const query = parseForm(url.search.slice(1));
  const contentType = String(req.headers['content-type'] ?? '');
  const form = contentType.startsWith('application/x-www-form-urlencoded') ? parseForm(body.toString('utf8')) : {};
  const params = { ...query, ...form };
  const headers = Object.fromEntries(
    Object.entries(req.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    body,
    query,
    params,
    headers,
    action: headers['x-acs-action'] ?? params.Action,
    version: headers['x-acs-version'] ?? params.Version,
    format: params.Format?.toUpperCase() === 'XML' ? 'XML' : 'JSON',
  };
}

/** Reads the body up to the cap; beyond it the request fails with 413 (and the rest is not read). */
function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        failed = true;
        req.resume();
        reject(errors.requestTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => !failed && resolve(Buffer.concat(chunks)));
    req.on('error', () => {
      if (!failed) reject(errors.malformedEncoding());
    });
  });
}

/** `a=b&c=d` with %XX and `+` decoding; malformed escapes are a 400, not a crash. */
export function parseForm(text: string): Record<string, string> {
  // A Map, then fromEntries: a parameter named `__proto__` is a parameter, not the object's prototype.
  const params = new Map<string, string>();
  if (text === '') return {};
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const [rawKey, rawValue] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    try {
      params.set(decodeURIComponent(rawKey.replace(/\+/g, ' ')), decodeURIComponent(rawValue.replace(/\+/g, ' ')));
    } catch {
      throw errors.malformedEncoding();
    }
  }
  return Object.fromEntries(params);
}
