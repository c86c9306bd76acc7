/**
 * The request pipeline, as Azurite's listener factory: one request through named stages, each in its own module —
 * requestParsing → (control) → auth → faults → handlers → responses. Handlers never see HTTP; every failure
 * becomes Alibaba's error envelope, never a crash. Every request answered or dropped goes to the request log.
 */
import * as crypto from 'crypto';
import * as http from 'http';
import type { AccountDirectory, EmulatorAccount } from './accounts';
import { apiFor, handlerFor } from './apis';
import { Authenticator } from './auth';
import { Controllable, handleControl } from './control';
import { errors } from './errors';
import { HandlerSettings } from './handlers/context';
import { capped, describeRequest, MAX_REQUEST_LOG, RequestRecord } from './requestLog';
import { parseRequest, readRequest } from './requestParsing';
import { errorEnvelope, faultError, Format, writeAnswer } from './responses';

/** What the pipeline reaches of an emulator. */
export interface PipelineHost extends Controllable {
  readonly accounts: AccountDirectory;
  readonly settings: HandlerSettings;
  account(accountId: string): EmulatorAccount;
}

/** The request listener of an emulator: `now` is its clock, `log` is told one line per request answered or dropped. */
export function requestPipeline(
  emulator: PipelineHost,
  now: () => number,
  log?: (line: string) => void,
): (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> {
  const authenticator = new Authenticator((accessKeyId) => emulator.accounts.credential(accessKeyId), now);

  /** One request: read → control API, or parse → authenticate → faults → handler → answer. */
  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const requestId = crypto.randomUUID().toUpperCase();
    const record: RequestRecord = { action: '', version: '', status: 0 };
    let format: Format = 'JSON';
    let hostId = 'ecs.aliyuncs.com';
    try {
      const { path, url, body } = await readRequest(req);
      if (path.startsWith('/__emulator/')) return handleControl(emulator, req, path, req.method ?? 'GET', body, res);
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
      const signer = unsigned ? undefined : authenticator.verify(request);
      record.signatureVersion = signer?.signatureVersion;
      if (!api) throw errors.invalidVersion();
      const handler = handlerFor(api, request.action);
      if (!handler) throw errors.invalidAction(request.action);
      const caller = signer ? emulator.accounts.callerFor(signer.accessKeyId) : undefined;
      const store = caller ? emulator.account(caller.accountId).store : emulator.store;
      const fault = emulator.faults.decide(request.action, api.writes.has(request.action), request.params.RegionId, now());
      if (fault.latencyMs > 0) await delay(fault.latencyMs);
      if (fault.before === 'drop') return drop(res, record);
      if (fault.before) throw faultError(fault);
      const result = handler({
        params: request.params,
        store,
        caller,
        accounts: emulator.accounts,
        now: new Date(now()),
        settings: emulator.settings,
      });
      if (api.writes.has(request.action)) emulator.saveState();
      if (fault.dropAfterApplying) return drop(res, record);
      answer(res, record, 200, { RequestId: requestId, ...result }, format, `${request.action}Response`);
    } catch (failure) {
      const { error, body } = errorEnvelope(failure, requestId, hostId);
      record.code = error.code;
      answer(res, record, error.httpStatus, body, format, 'Error', error.headers);
    }
  }

  function answer(
    res: http.ServerResponse,
    record: RequestRecord,
    status: number,
    body: Record<string, unknown>,
    format: Format,
    xmlRoot: string,
    headers?: Record<string, string>,
  ): void {
    record.status = status;
    remember(record);
    log?.(describeRequest(record));
    writeAnswer(res, status, body, format, xmlRoot, headers);
  }

  function remember(record: RequestRecord): void {
    const requests = emulator.requests;
    requests.push(record);
    if (requests.length > MAX_REQUEST_LOG) requests.splice(0, requests.length - MAX_REQUEST_LOG / 2);
  }

  function drop(res: http.ServerResponse, record: RequestRecord): void {
    record.status = 0;
    record.code = 'dropped';
    remember(record);
    // In the printed log too: a dropped connection is what a client's retries are about.
    log?.(describeRequest(record));
    res.socket?.destroy();
  }

  return handle;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
