/**
 * HTTPS proxies from the environment, as curl and the Alibaba CLI read them: `HTTPS_PROXY` (or `ALL_PROXY`),
 * lower or upper case, skipped for hosts matched by `NO_PROXY`. Only https endpoints go through a proxy, by a
 * CONNECT tunnel, so TLS (and its certificate check) is still end to end with Alibaba; loopback hosts (the
 * emulator) never do.
 */
import type * as https from 'https';
import { isLoopbackHost } from './endpoints';

/** The proxy for this endpoint, or undefined for a direct connection. */
export function proxyFor(endpoint: URL, env: NodeJS.ProcessEnv = process.env): URL | undefined {
  if (endpoint.protocol !== 'https:' || isLoopbackHost(endpoint.hostname)) return undefined;
  if (noProxyMatches(endpoint, env.NO_PROXY ?? env.no_proxy ?? '')) return undefined;
  const value = env.HTTPS_PROXY || env.https_proxy || env.ALL_PROXY || env.all_proxy;
  if (!value) return undefined;
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    return undefined;
  }
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

/** A keep-alive agent that tunnels through the proxy. Loaded only when a proxy is configured. */
export function proxyAgent(proxy: URL): https.Agent {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { HttpsProxyAgent } = require('https-proxy-agent') as typeof import('https-proxy-agent');
  return new HttpsProxyAgent(proxy, { keepAlive: true, maxSockets: 32 }) as unknown as https.Agent;
}
