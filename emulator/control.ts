/**
 * The control API under `/__emulator/` for out-of-process users (the command's emulator, CI jobs, the main job):
 * read the key pairs and the request log, change faults, reset. JSON in and out.
 */
import * as http from 'http';
import { FaultSettingsError } from './faultSettings';
import type { Faults, FaultSettings } from './faults';
import type { EmulatorStore, KeyPairSnapshot } from './store';

/** What the control API reaches of an emulator. */
export interface Controllable {
  readonly store: EmulatorStore;
  readonly faults: Faults;
  readonly requests: unknown[];
  snapshot(): KeyPairSnapshot[];
}

export function handleControl(emulator: Controllable, path: string, method: string, body: Buffer, res: http.ServerResponse): void {
  const reply = (status: number, value: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(value));
  };
  try {
    if (path === '/__emulator/keypairs' && method === 'GET') return reply(200, emulator.snapshot());
    if (path === '/__emulator/requests' && method === 'GET') return reply(200, emulator.requests);
    if (path === '/__emulator/faults' && method === 'POST') {
      emulator.faults.configure(JSON.parse(body.toString('utf8') || '{}') as FaultSettings);
      return reply(200, emulator.faults.current());
    }
    if (path === '/__emulator/reset' && method === 'POST') {
      emulator.store.clear();
      emulator.faults.reset();
      emulator.requests.length = 0;
      return reply(200, {});
    }
    reply(404, { error: 'unknown control path' });
  } catch (error) {
    reply(400, { error: error instanceof FaultSettingsError ? `faults: ${error.message}` : 'bad control request' });
  }
}
