/**
 * HTTPS proxies from the environment, as curl and the Alibaba CLI read them: `HTTPS_PROXY` (or `ALL_PROXY`),
 * lower or upper case, skipped for hosts matched by `NO_PROXY`. Only https endpoints go through a proxy, by a
 * CONNECT tunnel, so TLS (and its certificate check) is still end to end with Alibaba; loopback hosts (the
 * emulator) never do.
 */
import type * as https from 'https';
import { isLoopbackHost } from './endpoints';
import { EndpointError } from './errors';

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy'] as const;

/**
 * The proxy for this endpoint, or undefined for a direct connection. A proxy setting that cannot be read is an
 * error, never "no proxy": a silent direct connection is not what the user asked for. Its value is never quoted
 * (it may hold a password).
 */
export function proxyFor(endpoint: URL, env: NodeJS.ProcessEnv = process.env): URL | undefined {
  if (endpoint.protocol !== 'https:' || isLoopbackHost(endpoint.hostname)) return undefined;
  if (noProxyMatches(endpoint, env.NO_PROXY ?? env.no_proxy ?? '')) return undefined;
  const variable = PROXY_VARIABLES.find((name) => env[name]);
  if (!variable) return undefined;
  const value = env[variable]!;
  let proxy: URL | undefined;
  try {
    proxy = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    proxy = undefined;
  }
  // An unescaped "/", "#" or "?" in the password cuts the URL short: what follows lands in the path, query or
  // fragment, and the "host" is a piece of the password.
  if (!proxy || /@/.test(proxy.pathname + proxy.search + proxy.hash) || !proxy.hostname) {
    throw new EndpointError(
      `${variable} cannot be read as a proxy URL (scheme://user:password@host:port). Percent-encode special characters ` +
        'in the user and password (/ as %2F, # as %23, ? as %3F, @ as %40), or unset it.',
    );
  }
  return proxy;
}

/** `NO_PROXY`: comma- or space-separated hosts, `.domain` / `*.domain` suffixes, optional `:port`, or `*`. */
function noProxyMatches(endpoint: URL, noProxy: string): boolean {
  const host = endpoint.hostname.toLowerCase();
  const port = endpoint.port || '443';
  return noProxy
    .toLowerCase()
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((entry) => {
      if (entry === '*') return true;
      const [pattern, entryPort] = entry.split(/:(?=\d+$)/);
      if (entryPort && entryPort !== port) return false;
      const suffix = pattern.replace(/^\*?\./, '');
      return host === suffix || host.endsWith(`.${suffix}`);
    });
}

/** The proxy as shown in messages: scheme, host and port, never its user or password. */
export function describeProxy(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`;
}

/**
 * Requests whose CONNECT the proxy answered with something other than 200, with that status. https-proxy-agent
 * then hands the proxy's own answer to the HTTP client as if it were the server's; the transport looks here so that
 * it reports a proxy error instead, without reading (or quoting) the proxy's body.
 */
export const refusedTunnels = new WeakMap<object, number>();

/** A keep-alive agent that tunnels through the proxy. Loaded only when a proxy is configured. */
export function proxyAgent(proxy: URL): https.Agent {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { HttpsProxyAgent } = require('https-proxy-agent') as typeof import('https-proxy-agent');
  const agent = new HttpsProxyAgent(proxy, { keepAlive: true, maxSockets: 32 });
  agent.on('proxyConnect', (connect: { statusCode: number }, request: object) => {
    if (connect.statusCode !== 200) refusedTunnels.set(request, connect.statusCode);
  });
  return agent as unknown as https.Agent;
}
