/**
 * The emulator's HTTP server: request → parse → auth → faults → handler → serializer.
 * Handlers never see HTTP; every failure becomes Alibaba's error envelope, never a crash.
 */
import * as crypto from 'crypto';
import * as http from 'http';
import { AddressInfo, Socket } from 'net';
import { Authenticator, EmulatorCredential } from './auth';
import { EmulatorError, errors } from './errors';
import { FaultDecision, Faults, FaultSettings, ScriptedFault } from './faults';
import { Handler, HandlerSettings } from './handlers/context';
import { ECS_VERSION, ECS_WRITE_ACTIONS, ecsHandlers } from './handlers/ecs';
import { ENS_VERSION, ENS_WRITE_ACTIONS, ensHandlers } from './handlers/ens';
import { EmulatorStore, KeyPairSnapshot } from './store';
import { toXml } from './xml';

/** The access key an emulator accepts when none are configured (also printed by `alicloud-keypair emulator`). */
export const DEFAULT_CREDENTIAL: EmulatorCredential = {
  accessKeyId: 'emulator-access-key-id',
  accessKeySecret: 'emulator-access-key-secret',
};

/** Regions the emulated ECS knows (Alibaba's public regions). */
export const DEFAULT_REGIONS = [
  'cn-hangzhou',
  'cn-shanghai',
  'cn-qingdao',
  'cn-beijing',
  'cn-zhangjiakou',
  'cn-huhehaote',
  'cn-wulanchabu',
  'cn-shenzhen',
  'cn-heyuan',
  'cn-guangzhou',
  'cn-chengdu',
  'cn-nanjing',
  'cn-fuzhou',
  'cn-hongkong',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-3',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ap-south-1',
  'us-east-1',
  'us-west-1',
  'eu-west-1',
  'eu-central-1',
  'me-east-1',
  'me-central-1',
];

const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_REQUEST_LOG = 100_000;
const SERVICES: Record<string, { handlers: Readonly<Record<string, Handler>>; writes: ReadonlySet<string>; host: string }> = {
  [ECS_VERSION]: { handlers: ecsHandlers, writes: ECS_WRITE_ACTIONS, host: 'ecs.aliyuncs.com' },
  [ENS_VERSION]: { handlers: ensHandlers, writes: ENS_WRITE_ACTIONS, host: 'ens.aliyuncs.com' },
};

/** How to start an emulator; every field has a default. */
export interface EmulatorOptions {
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port; 0 (the default) picks a free one, see {@link Emulator.url}. */
  port?: number;
  /** Access keys it accepts. Default: {@link DEFAULT_CREDENTIAL}. */
  credentials?: EmulatorCredential[];
  /** ECS key pairs per region before `QuotaExceed.KeyPair`. Default 500, as Alibaba documents. */
  quotaPerRegion?: number;
  /** ECS regions that exist. Default: {@link DEFAULT_REGIONS}. */
  regions?: string[];
  /** Resource groups that exist (`rg-…`). Default: any well-formed id. */
  resourceGroups?: string[];
  /** Faults to inject from the start. */
  faults?: FaultSettings;
  /** The emulator's clock (timestamp checks, CreationTime). */
  now?: () => number;
}

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

/**
 * The ECS (2014-05-26) and ENS (2017-11-10) key-pair APIs on one HTTP port, told apart by the API version, with
 * Alibaba's signature checks and documented errors. Start one with {@link startEmulator}.
 */
export class Emulator {
  /** The key pairs it holds; change them to simulate drift. */
  readonly store = new EmulatorStore();
  /** Fault injection: random (seeded) or scripted per action. */
  readonly faults = new Faults();
  /**
   * Every request answered (or dropped), in order: for counting API calls in tests. A long-running emulator keeps
   * the latest MAX_REQUEST_LOG of them, so a CI job that leaves it up for hours does not grow without bound.
   */
  readonly requests: RequestRecord[] = [];
  /** Access keys it accepts; may be changed while running (e.g. to test a rotated key). */
  credentials: EmulatorCredential[];
  /** @internal */
  readonly settings: HandlerSettings;
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly authenticator: Authenticator;
  private readonly now: () => number;
  private address?: AddressInfo;

  constructor(private readonly options: EmulatorOptions = {}) {
    this.credentials = options.credentials ?? [DEFAULT_CREDENTIAL];
    this.now = options.now ?? Date.now;
    this.settings = {
      quotaPerRegion: options.quotaPerRegion ?? 500,
      regions: new Set(options.regions ?? DEFAULT_REGIONS),
      resourceGroups: options.resourceGroups ? new Set(options.resourceGroups) : undefined,
    };
    this.authenticator = new Authenticator(() => this.credentials, this.now);
    if (options.faults) this.faults.configure(options.faults);
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5000;
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('clientError', (_error, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    });
  }

  /** Starts listening; resolves once the port is bound. */
  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    this.address = this.server.address() as AddressInfo;
    return this;
  }

  /** The port it listens on (0 before {@link listen}). */
  get port(): number {
    return this.address?.port ?? 0;
  }

  /** `http://127.0.0.1:PORT`: what to put in ALIBABA_CLOUD_ENDPOINT_ECS / _ENS. */
  get url(): string {
    const host = this.address?.family === 'IPv6' ? `[${this.address.address}]` : this.address?.address;
    return `http://${host}:${this.port}`;
  }

  /** Stops accepting, ends open connections, resolves when the server is closed. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  /** Number of requests for `action` (optionally one API version) seen so far. */
  count(action?: string, version?: string): number {
    return this.requests.filter((r) => (!action || r.action === action) && (!version || r.version === version)).length;
  }

  /** Replaces the random fault settings (see {@link FaultSettings}). */
  configureFaults(settings: FaultSettings): void {
    this.faults.configure(settings);
  }

  /** The next requests for `action` meet these faults, one each, in order; then normal service resumes. */
  scriptFaults(action: string, faults: ScriptedFault[]): void {
    this.faults.script(action, faults);
  }

  /** Every key pair it holds, as plain JSON, sorted: for assertions. */
  snapshot(): KeyPairSnapshot[] {
    return this.store.snapshot();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const requestId = crypto.randomUUID().toUpperCase();
    const record: RequestRecord = { action: '', version: '', status: 0 };
    let format: 'JSON' | 'XML' = 'JSON';
    let hostId = 'ecs.aliyuncs.com';
    try {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://emulator');
      if (url.pathname.startsWith('/__emulator/')) return this.control(url.pathname, req.method ?? 'GET', body, res);
      const query = parseForm(url.search.slice(1));
      const contentType = String(req.headers['content-type'] ?? '');
      const form = contentType.startsWith('application/x-www-form-urlencoded') ? parseForm(body.toString('utf8')) : {};
      const params = { ...query, ...form };
      if (params.Format?.toUpperCase() === 'XML') format = 'XML';
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
      const action = headers['x-acs-action'] ?? params.Action;
      const version = headers['x-acs-version'] ?? params.Version;
      record.action = action ?? '';
      record.version = version ?? '';
      record.region = params.RegionId;
      if (!action) throw errors.missingParameter('Action');
      if (!version) throw errors.missingParameter('Version');
      const service = SERVICES[version];
      if (service) hostId = service.host;
      const auth = this.authenticator.verify({ method: req.method ?? 'GET', path: url.pathname, query, params, headers, body });
      record.signatureVersion = auth.signatureVersion;
      if (!service) throw errors.invalidVersion();
      const handler = Object.prototype.hasOwnProperty.call(service.handlers, action) ? service.handlers[action] : undefined;
      if (!handler) throw errors.invalidAction(action);
      const fault = this.faults.decide(action, service.writes.has(action), params.RegionId, this.now());
      if (fault.latencyMs > 0) await delay(fault.latencyMs);
      if (fault.before === 'drop') return this.drop(res, record);
      if (fault.before) throw faultError(fault);
      const result = handler({ params, store: this.store, now: new Date(this.now()), settings: this.settings });
      if (fault.dropAfterApplying) return this.drop(res, record);
      this.send(res, record, 200, { RequestId: requestId, ...result }, format, `${action}Response`);
    } catch (error) {
      const known = error instanceof EmulatorError ? error : errors.internalError();
      record.code = known.code;
      const envelope = {
        RequestId: requestId,
        HostId: hostId,
        Code: known.code,
        Message: known.message,
        Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(known.code)}&product=${hostId.startsWith('ens') ? 'Ens' : 'Ecs'}&requestId=${requestId}`,
      };
      this.send(res, record, known.httpStatus, envelope, format, 'Error', known.headers);
    }
  }

  private send(
    res: http.ServerResponse,
    record: RequestRecord,
    status: number,
    body: Record<string, unknown>,
    format: 'JSON' | 'XML',
    xmlRoot: string,
    headers: Record<string, string> = {},
  ): void {
    record.status = status;
    this.log(record);
    if (res.headersSent || res.destroyed) return;
    const text = format === 'XML' ? toXml(xmlRoot, body) : JSON.stringify(body);
    res.writeHead(status, {
      'content-type': format === 'XML' ? 'text/xml;charset=utf-8' : 'application/json;charset=utf-8',
      'content-length': Buffer.byteLength(text),
      ...headers,
    });
    res.end(text);
  }

  private log(record: RequestRecord): void {
    this.requests.push(record);
    if (this.requests.length > MAX_REQUEST_LOG) this.requests.splice(0, this.requests.length - MAX_REQUEST_LOG / 2);
  }

  private drop(res: http.ServerResponse, record: RequestRecord): void {
    record.status = 0;
    record.code = 'dropped';
    this.log(record);
    res.socket?.destroy();
  }

  /** Loopback-only control API for out-of-process users (the CLI's emulator, the main job). */
  private control(path: string, method: string, body: Buffer, res: http.ServerResponse): void {
    const reply = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    try {
      if (path === '/__emulator/keypairs' && method === 'GET') return reply(200, this.snapshot());
      if (path === '/__emulator/requests' && method === 'GET') return reply(200, this.requests);
      if (path === '/__emulator/faults' && method === 'POST') {
        this.faults.configure(JSON.parse(body.toString('utf8') || '{}') as FaultSettings);
        return reply(200, this.faults.current());
      }
      if (path === '/__emulator/reset' && method === 'POST') {
        this.store.clear();
        this.faults.reset();
        this.requests.length = 0;
        return reply(200, {});
      }
      reply(404, { error: 'unknown control path' });
    } catch {
      reply(400, { error: 'bad control request' });
    }
  }
}

function faultError(fault: FaultDecision): EmulatorError {
  switch (fault.before) {
    case 'throttle':
      return errors.throttling();
    case 'throttle-api':
      return errors.throttlingApi(fault.retryAfterMs ?? 1000);
    case 'service-unavailable':
      return errors.serviceUnavailable();
    default:
      return errors.internalError();
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
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
function parseForm(text: string): Record<string, string> {
  const params: Record<string, string> = {};
  if (text === '') return params;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const [rawKey, rawValue] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    try {
      params[decodeURIComponent(rawKey.replace(/\+/g, ' '))] = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      throw errors.malformedEncoding();
    }
  }
  return params;
}
