/**
 * The emulator: options and accounts in, a listening HTTP(S) server out, with what tests and the control API reach
 * (key pairs, faults, the request log, reset, the state file). Each request goes through the pipeline (pipeline.ts).
 */
import * as http from 'http';
import * as https from 'https';
import { AddressInfo, Socket } from 'net';
import { AccountDirectory, EmulatorAccount } from './accounts';
import { AttachRequest, attachKeyPair } from './attachments';
import { EmulatorCredential } from './auth';
import { DriftError } from './drift';
import { Faults, FaultSettings, ScriptedFault } from './faults';
import { HandlerSettings } from './handlers/context';
import { DEFAULT_ACCOUNT_ID, DEFAULT_CREDENTIAL, EmulatorOptions } from './options';
import { requestPipeline } from './pipeline';
import { DEFAULT_REGIONS } from './regions';
import { MAX_REQUEST_LOG, RequestRecord } from './requestLog';
import { loadState, saveState, storeDirectoryOf } from './stateFile';
import { EmulatorStore, KeyPairSnapshot } from './store';
import { tlsMaterial } from './tls';

export { DEFAULT_ACCOUNT_ID, DEFAULT_CREDENTIAL, DEFAULT_REGIONS, EmulatorOptions, MAX_REQUEST_LOG, RequestRecord };

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
    if (options.faults) this.faults.configure(options.faults);
    if (options.stateFile) loadState(options.stateFile, storeDirectoryOf(this.accounts));
    const tls = tlsMaterial(options.tls);
    this.caPem = tls?.caPem;
    const pipeline = requestPipeline(this, this.now, options.log);
    const serve = (req: http.IncomingMessage, res: http.ServerResponse) => void pipeline(req, res);
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

  /** Empties the cloud: every account's key pairs and instances, the faults and the request log (state file too). */
  reset(): void {
    for (const account of this.accounts.all()) account.store.clear();
    this.faults.reset();
    this.requests.length = 0;
    this.saveState();
  }

  /** Writes the state file, when there is one (after every change; see {@link EmulatorOptions.stateFile}). */
  saveState(): void {
    if (this.options.stateFile) saveState(this.options.stateFile, storeDirectoryOf(this.accounts));
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
}
