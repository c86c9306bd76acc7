/**
 * The emulator's HTTP server. A request goes through named stages, each in its own module: requestParsing →
 * (control) → auth → faults → handlers → responses. Handlers never see HTTP; every failure becomes Alibaba's
 * error envelope, never a crash.
 */
import * as crypto from 'crypto';
import * as http from 'http';
import * as https from 'https';
import { AddressInfo, Socket } from 'net';
import { AccountDirectory, EmulatorAccount, EmulatorAccountOptions, EmulatorOidcProvider, EmulatorRole } from './accounts';
import { apiFor, handlerFor } from './apis';
import { AttachRequest, attachKeyPair } from './attachments';
import { Authenticator, EmulatorCredential } from './auth';
import { handleControl } from './control';
import { errors } from './errors';
import { Faults, FaultSettings, ScriptedFault } from './faults';
import { HandlerSettings } from './handlers/context';
import { DEFAULT_REGIONS } from './regions';
import { parseRequest, readRequest } from './requestParsing';
import { errorEnvelope, faultError, Format, writeAnswer } from './responses';
import { capped, describeRequest, MAX_REQUEST_LOG, RequestRecord } from './requestLog';
import { DriftError } from './drift';
import { loadState, saveState, StoreDirectory } from './stateFile';
import { CertificateAuthority, makeServerCertificate, sharedTlsMaterial, TlsMaterial } from './tls';

export { MAX_REQUEST_LOG, RequestRecord };
import { EmulatorStore, KeyPairSnapshot } from './store';

export { DEFAULT_REGIONS };

/** The access key an emulator accepts when none are configured (also printed by `alicloud-keypair emulator`). */
export const DEFAULT_CREDENTIAL: EmulatorCredential = {
  accessKeyId: 'emulator-access-key-id',
  accessKeySecret: 'emulator-access-key-secret',
};

/** The default account's id (its key pairs are {@link Emulator.store}). */
export const DEFAULT_ACCOUNT_ID = '1000000000000001';

/** How to start an emulator; every field has a default. */
export interface EmulatorOptions {
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port; 0 (the default) picks a free one, see {@link Emulator.url}. */
  port?: number;
  /** Access keys of the default account. Default: {@link DEFAULT_CREDENTIAL}. */
  credentials?: EmulatorCredential[];
  /** The default account's id. Default {@link DEFAULT_ACCOUNT_ID}. */
  accountId?: string;
  /** RAM roles in the default account (for STS AssumeRole). */
  roles?: EmulatorRole[];
  /** OIDC providers in the default account (for STS AssumeRoleWithOIDC). */
  oidcProviders?: EmulatorOidcProvider[];
  /** More accounts, each with its own access keys, roles and key pairs. */
  accounts?: EmulatorAccountOptions[];
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
  /**
   * Keep what it holds in this file across restarts: loaded at start (a file that is not an emulator state is refused
   * with StateFileError and left alone), written atomically after every change.
   */
  stateFile?: string;
  /** Told one line per request answered: time, service, action, region, status, code. */
  log?: (line: string) => void;
  /**
   * Serve HTTPS instead of HTTP, on the same port: `true` for a certificate authority made at start (shared by the
   * process's emulators), or the authority to sign the server certificate with (one clients already trust). The
   * authority's certificate is {@link Emulator.caPem}.
   */
  tls?:
    | boolean
    | {
        /** The authority that signs the server certificate (e.g. from `makeCertificateAuthority`). */
        certificateAuthority: CertificateAuthority;
      };
}

/**
 * The ECS (2014-05-26) and ENS (2017-11-10) key-pair APIs on one HTTP port, told apart by the API version, with
 * Alibaba's signature checks and documented errors. Start one with {@link startEmulator}.
 */
export class Emulator {
  /** Every account: the default one, then those of {@link EmulatorOptions.accounts}. */
  readonly accounts: AccountDirectory;
  /** The default account's key pairs; change them to simulate drift. */
  readonly store: EmulatorStore;
  /** Fault injection: random (seeded) or scripted per action. */
  readonly faults = new Faults();
  /**
   * Every request answered (or dropped), in order: for counting API calls in tests. A long-running emulator keeps
   * the latest MAX_REQUEST_LOG of them, so a CI job that leaves it up for hours does not grow without bound.
   */
  readonly requests: RequestRecord[] = [];
  /** @internal */
  readonly settings: HandlerSettings;
  /** HTTPS only: the certificate authority's certificate (PEM) clients must trust. */
  readonly caPem?: string;
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly authenticator: Authenticator;
  private readonly now: () => number;
  private address?: AddressInfo;

  constructor(private readonly options: EmulatorOptions = {}) {
    const defaultAccount = new EmulatorAccount(options.accountId ?? DEFAULT_ACCOUNT_ID, {
      credentials: options.credentials ?? [DEFAULT_CREDENTIAL],
      roles: options.roles,
      oidcProviders: options.oidcProviders,
    });
    this.accounts = new AccountDirectory(defaultAccount);
    for (const account of options.accounts ?? []) this.accounts.add(new EmulatorAccount(account.accountId, account));
    this.store = defaultAccount.store;
    this.now = options.now ?? Date.now;
    this.settings = {
      quotaPerRegion: options.quotaPerRegion ?? 500,
      regions: new Set(options.regions ?? DEFAULT_REGIONS),
      resourceGroups: options.resourceGroups ? new Set(options.resourceGroups) : undefined,
    };
    this.authenticator = new Authenticator((accessKeyId) => this.accounts.credential(accessKeyId), this.now);
    if (options.faults) this.faults.configure(options.faults);
    if (options.stateFile) loadState(options.stateFile, this.storeDirectory());
    const tls = tlsMaterial(options.tls);
    this.caPem = tls?.caPem;
    const serve = (req: http.IncomingMessage, res: http.ServerResponse) => void this.handle(req, res);
    this.server = tls ? https.createServer({ cert: tls.certificatePem, key: tls.keyPem }, serve) : http.createServer(serve);
    this.server.keepAliveTimeout = 5000;
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('clientError', (_error, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    });
  }

  /** The default account's access keys; may be changed while running (e.g. to test a rotated key). */
  get credentials(): EmulatorCredential[] {
    return this.accounts.defaultAccount.credentials;
  }

  /** Replaces the default account's access keys. */
  set credentials(value: EmulatorCredential[]) {
    this.accounts.defaultAccount.credentials = value;
  }

  /** The account of this id; throws when there is none. */
  account(accountId: string): EmulatorAccount {
    const account = this.accounts.get(accountId);
    if (!account) throw new Error(`the emulator has no account ${accountId}`);
    return account;
  }

  /** The store of an account (default: the emulator's own). */
  storeOf(accountId?: string): EmulatorStore {
    if (accountId === undefined) return this.store;
    const account = this.accounts.get(accountId);
    if (!account) throw new DriftError(`the emulator has no account ${accountId}`);
    return account.store;
  }

  /**
   * Binds a key pair to instances, as running an instance with it does: delete is then refused
   * (`InvalidParameter.KeypairAlreadyAttachedInstance`, `PubKeyAttachedWithInstance`) until the binding goes —
   * after `releaseAfterMs` when given, as a released instance lets go of its key pair some time later.
   */
  attachKeyPair(request: AttachRequest): void {
    attachKeyPair(this.account(request.accountId ?? this.accounts.defaultAccount.accountId).store, request, () => this.saveState());
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

  /** `http://127.0.0.1:PORT` (`https://` with {@link EmulatorOptions.tls}): what to put in ALIBABA_CLOUD_ENDPOINT_ECS / _ENS. */
  get url(): string {
    const host = this.address?.family === 'IPv6' ? `[${this.address.address}]` : this.address?.address;
    return `${this.caPem ? 'https' : 'http'}://${host}:${this.port}`;
  }

  /** Writes the state file, when there is one (after every change; see {@link EmulatorOptions.stateFile}). */
  saveState(): void {
    if (this.options.stateFile) saveState(this.options.stateFile, this.storeDirectory());
  }

  /** The accounts' stores as the state file sees them; an account a state file names is created if missing. */
  private storeDirectory(): StoreDirectory {
    return {
      defaultStore: this.store,
      storeFor: (accountId) => (this.accounts.get(accountId) ?? this.accounts.add(new EmulatorAccount(accountId))).store,
      others: () =>
        this.accounts
          .all()
          .filter((account) => account !== this.accounts.defaultAccount)
          .map((account) => ({ accountId: account.accountId, store: account.store })),
    };
  }

  /**
   * Stops gracefully: no new connections, requests in flight answered (for at most `graceMs`), then closed. What the
   * command does on SIGTERM and SIGINT.
   */
  async stop(graceMs = 10_000): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    const timer = setTimeout(() => {
      for (const socket of this.sockets) socket.destroy();
    }, graceMs);
    await closed;
    clearTimeout(timer);
  }

  /** Stops at once: no new connections, open ones ended (requests in flight unanswered); resolves when closed. */
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

  /** Every key pair an account holds (default: the default account), as plain JSON, sorted: for assertions. */
  snapshot(accountId?: string): KeyPairSnapshot[] {
    return (accountId === undefined ? this.store : this.account(accountId).store).snapshot();
  }

  /** One request through the pipeline: read → control API, or parse → authenticate → faults → handler → answer. */
  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const requestId = crypto.randomUUID().toUpperCase();
    const record: RequestRecord = { action: '', version: '', status: 0 };
    let format: Format = 'JSON';
    let hostId = 'ecs.aliyuncs.com';
    try {
      const { path, url, body } = await readRequest(req);
      if (path.startsWith('/__emulator/')) return handleControl(this, req, path, req.method ?? 'GET', body, res);
      const request = parseRequest(req, url, body);
      format = request.format;
      // Capped: the log is kept before anything is authenticated, so it must not hold what a stranger sends.
      Object.assign(record, {
        action: capped(request.action ?? ''),
        version: capped(request.version ?? ''),
        region: request.params.RegionId === undefined ? undefined : capped(request.params.RegionId),
      });
      if (!request.action) throw errors.missingParameter('Action');
      if (!request.version) throw errors.missingParameter('Version');
      const api = apiFor(request.version);
      if (api) hostId = api.host;
      const unsigned = api?.unsigned?.has(request.action) ?? false;
      const signer = unsigned ? undefined : this.authenticator.verify(request);
      record.signatureVersion = signer?.signatureVersion;
      if (!api) throw errors.invalidVersion();
      const handler = handlerFor(api, request.action);
      if (!handler) throw errors.invalidAction(request.action);
      const caller = signer ? this.accounts.callerFor(signer.accessKeyId) : undefined;
      const store = caller ? this.account(caller.accountId).store : this.store;
      const fault = this.faults.decide(request.action, api.writes.has(request.action), request.params.RegionId, this.now());
      if (fault.latencyMs > 0) await delay(fault.latencyMs);
      if (fault.before === 'drop') return this.drop(res, record);
      if (fault.before) throw faultError(fault);
      const result = handler({
        params: request.params,
        store,
        caller,
        accounts: this.accounts,
        now: new Date(this.now()),
        settings: this.settings,
      });
      if (api.writes.has(request.action)) this.saveState();
      if (fault.dropAfterApplying) return this.drop(res, record);
      this.answer(res, record, 200, { RequestId: requestId, ...result }, format, `${request.action}Response`);
    } catch (failure) {
      const { error, body } = errorEnvelope(failure, requestId, hostId);
      record.code = error.code;
      this.answer(res, record, error.httpStatus, body, format, 'Error', error.headers);
    }
  }

  private answer(
    res: http.ServerResponse,
    record: RequestRecord,
    status: number,
    body: Record<string, unknown>,
    format: Format,
    xmlRoot: string,
    headers?: Record<string, string>,
  ): void {
    record.status = status;
    this.log(record);
    this.options.log?.(describeRequest(record));
    writeAnswer(res, status, body, format, xmlRoot, headers);
  }

  private log(record: RequestRecord): void {
    this.requests.push(record);
    if (this.requests.length > MAX_REQUEST_LOG) this.requests.splice(0, this.requests.length - MAX_REQUEST_LOG / 2);
  }

  private drop(res: http.ServerResponse, record: RequestRecord): void {
    record.status = 0;
    record.code = 'dropped';
    this.log(record);
    // In the printed log too: a dropped connection is what a client's retries are about.
    this.options.log?.(describeRequest(record));
    res.socket?.destroy();
  }
}

function tlsMaterial(setting: EmulatorOptions['tls']): TlsMaterial | undefined {
  if (!setting) return undefined;
  return setting === true ? sharedTlsMaterial() : makeServerCertificate(setting.certificateAuthority);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
