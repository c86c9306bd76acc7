/**
 * Where requests go. An explicit endpoint (environment variable or option) always wins; otherwise ECS is
 * regional with the official SDK's special cases and ENS is global.
 */
import { Service, SERVICES } from '../serviceFacts';
import { EndpointError } from './errors';

/** Public regions the official ECS SDK sends somewhere other than `ecs.<region>.aliyuncs.com`. */
const ECS_SPECIAL_ENDPOINTS: Readonly<Record<string, string>> = {
  'cn-hangzhou': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-shanghai-finance-1': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-shenzhen-finance-1': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-fujian': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-north-2-gov-1': 'ecs.aliyuncs.com',
  'cn-beijing-gov-1': 'ecs.aliyuncs.com',
  'cn-beijing-finance-pop': 'ecs.aliyuncs.com',
  'cn-hangzhou-finance': 'ecs.aliyuncs.com',
  'cn-hongkong-finance-pop': 'ecs.aliyuncs.com',
  'cn-wuhan': 'ecs.aliyuncs.com',
  'cn-zhangbei': 'ecs.aliyuncs.com',
  'ap-northeast-2-pop': 'ecs.aliyuncs.com',
  'rus-west-1-pop': 'ecs.aliyuncs.com',
  'cn-edge-1': 'ecs.cn-qingdao-nebula.aliyuncs.com',
};

export const ENS_ENDPOINT = 'ens.aliyuncs.com';

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Parses an endpoint given as a URL or a bare host; refuses plain http anywhere but loopback. */
export function parseEndpoint(value: string, source: string): URL {
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(value) ? value : `https://${value}`);
  } catch {
    throw new EndpointError(`${source} is not a valid endpoint URL; use a host name or a URL such as https://ecs.cn-hangzhou.aliyuncs.com`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new EndpointError(
      `${source} uses plain http:// for ${url.hostname}; only loopback hosts (127.0.0.1, localhost, ::1) may use http, use https:// for anything else`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EndpointError(`${source} must be an http(s) URL`);
  }
  return new URL(`${url.protocol}//${url.host}/`);
}

/** The endpoint for `product` in `region` (ECS only), honouring overrides from the environment. */
export function resolveEndpoint(product: Service, region: string | undefined, env: NodeJS.ProcessEnv = process.env): URL {
  for (const name of SERVICES[product].endpointVariables) {
    const value = env[name];
    if (value) return parseEndpoint(value, name);
  }
  if (product === 'ens') return new URL(`https://${ENS_ENDPOINT}/`);
  if (!region) throw new EndpointError('an ECS endpoint needs a region');
  return new URL(`https://${ECS_SPECIAL_ENDPOINTS[region] ?? `ecs.${region}.aliyuncs.com`}/`);
}

/** Environment variables that override the STS endpoint (for roles), first found wins. */
export const STS_ENDPOINT_VARIABLES = ['ALIBABA_CLOUD_ENDPOINT_STS', 'STS_ENDPOINT'] as const;

/**
 * The STS endpoint: ALIBABA_CLOUD_ENDPOINT_STS (plain http on loopback only, as for ECS and ENS), else the stack's
 * `alicloud:stsEndpoint`, else — when ECS or ENS is pointed at a loopback emulator, which serves STS on the same
 * port — that emulator, else the global `sts.aliyuncs.com`. The emulator rule exists because every key pair's
 * account is looked up through STS: a run against the emulator must never ask the real STS who it is.
 */
export function resolveStsEndpoint(configured: string | undefined, env: NodeJS.ProcessEnv = process.env): URL {
  for (const name of STS_ENDPOINT_VARIABLES) {
    const value = env[name];
    if (value) return parseEndpoint(value, name);
  }
  if (configured) return parseEndpoint(configured, 'alicloud:stsEndpoint');
  for (const name of [...SERVICES.ecs.endpointVariables, ...SERVICES.ens.endpointVariables]) {
    const value = env[name];
    if (!value) continue;
    const url = parseEndpoint(value, name);
    if (isLoopbackHost(url.hostname)) return url;
  }
  return new URL('https://sts.aliyuncs.com/');
}
