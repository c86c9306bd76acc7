/**
 * The control API under `/__emulator/` for out-of-process users (the command's emulator, CI jobs, the main job):
 * read the key pairs (`?account=ID` for another account) and the request log, change faults, bind a key pair to
 * instances (`/__emulator/attach`), drift on demand (`/__emulator/keypairs/{delete,import,tag}`, see drift.ts),
 * instances (`GET /__emulator/instances`, `POST /__emulator/instances` to make some, `…/instances/release` to let one
 * go, see instances.ts), reset. JSON in and out.
 *
 * It can wipe everything the emulator holds, so it answers only this machine: loopback peers only, no request that
 * a web page in a browser could send (one carrying an `Origin`, or a POST that is not `application/json`, which a
 * cross-origin form or `fetch` without a preflight can be).
 */
import * as http from 'http';
import { AttachError, AttachRequest } from './attachments';
import { deleteKeyPair, DriftError, importKeyPair, tagKeyPair } from './drift';
import { FaultSettingsError } from './faultSettings';
import { createInstances, InstanceError, InstanceRequest, releaseInstance } from './instances';
import type { Faults, FaultSettings } from './faults';
import type { RequestRecord } from './requestLog';
import type { EmulatorStore, KeyPairSnapshot } from './store';

/** What the control API reaches of an emulator. */
export interface Controllable {
  readonly store: EmulatorStore;
  readonly faults: Faults;
  readonly requests: RequestRecord[];
  /** Empties every account, clears the faults and the request log. */
  reset(): void;
  snapshot(accountId?: string): KeyPairSnapshot[];
  saveState(): void;
  attachKeyPair(request: AttachRequest): void;
  /** The store of an account (default: the emulator's own). */
  storeOf(accountId?: string): EmulatorStore;
}

/** Changes to one account's store, by path: drift on demand, and instances. Each answers with what it changed. */
const CHANGES: Readonly<Record<string, (store: EmulatorStore, request: Record<string, unknown>) => unknown>> = {
  '/__emulator/keypairs/delete': (store, request) => (deleteKeyPair(store, request), store.snapshot()),
  '/__emulator/keypairs/import': (store, request) => (importKeyPair(store, request), store.snapshot()),
  '/__emulator/keypairs/tag': (store, request) => (tagKeyPair(store, request), store.snapshot()),
  '/__emulator/instances': (store, request) => {
    const ids = new Set(createInstances(store, request as InstanceRequest).map((instance) => instance.instanceId));
    return store.instanceSnapshot().filter((instance) => ids.has(instance.instanceId));
  },
  '/__emulator/instances/release': (store, request) => (releaseInstance(store, request.instanceId), store.instanceSnapshot()),
};

/** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback. */
export function isLoopbackPeer(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.replace(/^::ffff:/i, '');
  return plain === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(plain);
}

/** Why a control request is refused (status and reason), or undefined to serve it. */
export function controlRefusal(req: http.IncomingMessage, method: string): [number, string] | undefined {
  if (!isLoopbackPeer(req.socket.remoteAddress)) return [403, 'the control API answers loopback peers only'];
  if (req.headers.origin !== undefined) return [403, 'the control API refuses requests from web pages (an Origin header)'];
  const contentType = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (method === 'POST' && contentType !== 'application/json') return [415, 'the control API takes application/json only'];
  return undefined;
}

export function handleControl(
  emulator: Controllable,
  req: http.IncomingMessage,
  path: string,
  method: string,
  body: Buffer,
  res: http.ServerResponse,
): void {
  const reply = (status: number, value: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(value));
  };
  const refusal = controlRefusal(req, method);
  if (refusal) return reply(refusal[0], { error: refusal[1] });
  try {
    if (path === '/__emulator/keypairs' && method === 'GET') {
      const account = new URL(req.url ?? '/', 'http://emulator').searchParams.get('account');
      return reply(200, emulator.snapshot(account ?? undefined));
    }
    if (path === '/__emulator/attach' && method === 'POST') {
      emulator.attachKeyPair(JSON.parse(body.toString('utf8') || '{}') as AttachRequest);
      return reply(200, {});
    }
    if (path === '/__emulator/instances' && method === 'GET') {
      const account = new URL(req.url ?? '/', 'http://emulator').searchParams.get('account');
      return reply(200, emulator.storeOf(account ?? undefined).instanceSnapshot());
    }
    if (Object.hasOwn(CHANGES, path) && method === 'POST') {
      const request = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
      if (request === null || typeof request !== 'object') throw new DriftError('the body must be a JSON object');
      const accountId = typeof request.accountId === 'string' ? request.accountId : undefined;
      const changed = CHANGES[path](emulator.storeOf(accountId), request);
      emulator.saveState();
      return reply(200, changed);
    }
    if (path === '/__emulator/requests' && method === 'GET') return reply(200, emulator.requests);
    if (path === '/__emulator/faults' && method === 'POST') {
      emulator.faults.configure(JSON.parse(body.toString('utf8') || '{}') as FaultSettings);
      return reply(200, emulator.faults.current());
    }
    if (path === '/__emulator/reset' && method === 'POST') {
      emulator.reset();
      return reply(200, {});
    }
    reply(404, { error: 'unknown control path' });
  } catch (error) {
    if (error instanceof AttachError) return reply(400, { error: `attach: ${error.message}` });
    if (error instanceof DriftError || error instanceof InstanceError)
      return reply(400, { error: `${path.split('/').pop()}: ${error.message}` });
    reply(400, { error: error instanceof FaultSettingsError ? `faults: ${error.message}` : 'bad control request' });
  }
}
