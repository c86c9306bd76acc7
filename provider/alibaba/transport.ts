/**
 * HTTP on axios: one keep-alive agent per endpoint, a hard time limit per request (covering slow-drip
 * responses, not just idle sockets), a cap on response size, text in and out. Failures become `NetworkError`
 * with a sanitized cause: axios errors carry the request headers (signature, security token), so they are never
 * kept or quoted. https endpoints go through `HTTPS_PROXY` when one is set (see proxy.ts); axios's own proxy
 * handling stays off, because it does not tunnel https.
 */
import * as http from 'http';
import * as https from 'https';
import type { AxiosInstance } from 'axios';
import { isLoopbackHost } from './endpoints';
import { NetworkError } from './errors';
import { describeProxy, proxyAgent, proxyFor, refusedTunnels } from './proxy';

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** For messages: which API action this is. */
  action: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** More than any key-pair response can need (50 items with public keys is about 60 KiB). */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/** Codes for which the request certainly never reached the server. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'SELF_SIGNED_CERT_IN_CHAIN',
]);

/** What the RPC client needs from HTTP: one request at a time, and closing idle connections. */
export interface HttpTransport {
  send(request: HttpRequest): Promise<HttpResponse>;
  close(): void;
}

export class Transport implements HttpTransport {
  private readonly clients = new Map<string, AxiosInstance>();

  async send(request: HttpRequest): Promise<HttpResponse> {
    const client = this.clientFor(request.url);
    try {
      // Only what differs per request; the rest is in the instance's defaults (see clientFor).
      const response = await client.request({
        method: request.method,
        url: request.url.toString(),
        headers: request.headers,
        data: request.body,
        signal: AbortSignal.timeout(request.timeoutMs),
      });
      const tunnelStatus = response.request ? refusedTunnels.get(response.request as object) : undefined;
      if (response.status === 407 || tunnelStatus !== undefined) throw proxyRefused(request, tunnelStatus ?? response.status);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers ?? {})) {
        if (value !== undefined && value !== null) headers[name.toLowerCase()] = String(value);
      }
      return { status: response.status, headers, body: typeof response.data === 'string' ? response.data : String(response.data ?? '') };
    } catch (error) {
      if (error instanceof NetworkError) throw error;
      throw toNetworkError(request, error);
    }
  }

  /** Closes idle keep-alive sockets (tests, and the end of a CLI run). */
  close(): void {
    for (const client of this.clients.values()) {
      (client.defaults.httpAgent as http.Agent | undefined)?.destroy();
      (client.defaults.httpsAgent as https.Agent | undefined)?.destroy();
    }
    this.clients.clear();
  }

  private clientFor(url: URL): AxiosInstance {
    let client = this.clients.get(url.origin);
    if (!client) {
      const proxy = proxyFor(url);
      // Loaded on first use: the provider host should not pay for axios until a call is made.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const axios = (require('axios') as typeof import('axios')).default;
      client = axios.create({
        adapter: 'http',
        responseType: 'text',
        transformRequest: [],
        transformResponse: [],
        validateStatus: () => true,
        maxContentLength: MAX_RESPONSE_BYTES,
        maxBodyLength: MAX_RESPONSE_BYTES,
        maxRedirects: 0,
        proxy: false,
        httpAgent: new http.Agent({ keepAlive: true, maxSockets: 32 }),
        httpsAgent: proxy ? proxyAgent(proxy) : new https.Agent({ keepAlive: true, maxSockets: 32, rejectUnauthorized: true }),
      });
      this.clients.set(url.origin, client);
    }
    return client;
  }
}

/** The proxy refused the CONNECT tunnel: the request never reached Alibaba, and the proxy's body is not quoted. */
function proxyRefused(request: HttpRequest, status: number): NetworkError {
  const proxy = proxyFor(request.url);
  const where = proxy ? `the proxy ${describeProxy(proxy)}` : 'a proxy';
  if (status === 407) {
    return new NetworkError(
      request.action,
      'PROXY_AUTHENTICATION_REQUIRED',
      `${where} refused to connect to ${request.url.host} (HTTP 407): check the user and password in HTTPS_PROXY`,
      false,
    );
  }
  return new NetworkError(
    request.action,
    'PROXY_REFUSED',
    `${where} refused to connect to ${request.url.host} (HTTP ${status}): check that the proxy allows it, or set NO_PROXY for it`,
    false,
  );
}

function toNetworkError(request: HttpRequest, error: unknown): NetworkError {
  const axiosLike = error as { code?: string; message?: string; cause?: unknown; name?: string };
  const inner = axiosLike.cause as (Error & { code?: string; syscall?: string }) | undefined;
  const host = request.url.host;
  if (
    axiosLike.code === 'ERR_CANCELED' ||
    axiosLike.name === 'CanceledError' ||
    axiosLike.code === 'ECONNABORTED' ||
    axiosLike.code === 'ETIMEDOUT'
  ) {
    return new NetworkError(request.action, 'TIMEOUT', `no complete response from ${host} within ${request.timeoutMs} ms`, true);
  }
  if (axiosLike.code === 'ERR_BAD_RESPONSE' && /maxContentLength/.test(axiosLike.message ?? '')) {
    return new NetworkError(
      request.action,
      'RESPONSE_TOO_LARGE',
      `the response from ${host} is larger than ${MAX_RESPONSE_BYTES} bytes`,
      true,
    );
  }
  const code = inner?.code ?? axiosLike.code ?? 'NETWORK_ERROR';
  const proxy = proxyFor(request.url);
  if (!proxy && code === 'ECONNREFUSED' && isLoopbackHost(request.url.hostname)) {
    // Nothing listens on a loopback port: that will not heal while we retry, so say so at once.
    return new NetworkError(
      request.action,
      'LOOPBACK_REFUSED',
      `nothing is listening on ${request.url.origin}${sourceOf(request.url)}. Is the emulator running there ` +
        `(\`npx pulumi-alicloud-keypair emulator --port ${request.url.port || 80}\`)? Or fix the endpoint`,
      false,
    );
  }
  if (!proxy && code === 'ENOTFOUND') {
    return new NetworkError(
      request.action,
      'ENOTFOUND',
      `the host name ${request.url.hostname} does not resolve${sourceOf(request.url)}: check the endpoint (and the region, which ECS endpoints are named after)`,
      false,
    );
  }
  const via = proxy ? ` through the proxy ${describeProxy(proxy)}` : '';
  // Keep only the system error (code, syscall, address): never the axios error with its request config.
  const cause = inner instanceof Error ? Object.assign(new Error(inner.message), { code: inner.code, syscall: inner.syscall }) : undefined;
  return new NetworkError(
    request.action,
    code,
    `could not reach ${host}${via}: ${redactUserInfo(inner?.message ?? axiosLike.message ?? code)}`,
    !NOT_SENT_CODES.has(code),
    cause,
  );
}

/** Which setting an endpoint came from, for messages: ` (from ALIBABA_CLOUD_ENDPOINT_ECS)`, or nothing. */
function sourceOf(url: URL, env: NodeJS.ProcessEnv = process.env): string {
  for (const [name, value] of Object.entries(env)) {
    if (!/ENDPOINT/.test(name) || !value) continue;
    try {
      if (new URL(/^[a-z]+:\/\//i.test(value) ? value : `https://${value}`).host === url.host) return ` (from ${name})`;
    } catch {
      // not a URL
    }
  }
  return '';
}

/** Proxy errors may quote the proxy URL; its user and password never go further. */
function redactUserInfo(message: string): string {
  return message.replace(/\/\/[^/@\s]*@/g, '//');
}
