/**
 * `--state FILE`: what the emulator holds, kept across restarts. Written atomically (a temporary file renamed over
 * the old one) after every change; read at start. A file that is not an emulator state is refused with a clear
 * message and never overwritten, so a mistyped path cannot destroy anything.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { EcsKeyPairRecord, EmulatorStore, EnsKeyPairRecord } from './store';

const FORMAT = 'alicloud-keypair-emulator-state/1';

/** A state file that cannot be used; the message names the file and what to do. */
export class StateFileError extends Error {
  /** Always `StateFileError`. */
  override name = 'StateFileError';
}

interface StoredEcs extends Omit<EcsKeyPairRecord, 'tags'> {
  region: string;
  tags: Array<[string, string]>;
}

interface StateDocument {
  format: typeof FORMAT;
  ensSequence: number;
  ecs: StoredEcs[];
  ens: EnsKeyPairRecord[];
}

/** The store as a document. */
export function stateOf(store: EmulatorStore): StateDocument {
  const ecs: StoredEcs[] = [];
  for (const [region, pairs] of store.ecs) for (const record of pairs.values()) ecs.push({ ...record, region, tags: [...record.tags] });
  return { format: FORMAT, ensSequence: store.sequence, ecs, ens: [...store.ens.values()] };
}

const isString = (v: unknown): v is string => typeof v === 'string';

/** Loads `file` into `store` (nothing to load when it does not exist yet). */
export function loadState(file: string, store: EmulatorStore): void {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new StateFileError(`cannot read the state file ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const refuse = (why: string): never => {
    throw new StateFileError(
      `the state file ${file} is not an emulator state (${why}); it was left as it is. Move it away, or give --state another file.`,
    );
  };
  let document: StateDocument;
  try {
    document = JSON.parse(text) as StateDocument;
  } catch {
    return refuse('it is not JSON');
  }
  if (document === null || typeof document !== 'object' || document.format !== FORMAT) refuse(`its format is not ${FORMAT}`);
  if (!Array.isArray(document.ecs) || !Array.isArray(document.ens) || !Number.isInteger(document.ensSequence)) refuse('it lacks its lists');
  for (const r of document.ecs) {
    if (![r?.region, r?.keyPairName, r?.fingerprint, r?.publicKey, r?.creationTime, r?.resourceGroupId].every(isString))
      refuse('an ECS key pair is incomplete');
    if (!Array.isArray(r.tags) || !Array.isArray(r.attachedInstances)) refuse('an ECS key pair is incomplete');
  }
  for (const r of document.ens) {
    if (
      ![r?.keyPairId, r?.keyPairName, r?.fingerprint, r?.publicKey, r?.creationTime].every(isString) ||
      !Array.isArray(r.attachedInstances)
    ) {
      refuse('an ENS key pair is incomplete');
    }
  }
  store.clear();
  store.sequence = document.ensSequence;
  for (const { region, tags, ...record } of document.ecs)
    store.ecsRegion(region).set(record.keyPairName, { ...record, tags: new Map(tags) });
  for (const record of document.ens) store.ens.set(record.keyPairId, record);
}

/** Writes the store to `file` atomically: readers see the old state or the new one, never half of one. */
export function saveState(file: string, store: EmulatorStore): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(temporary, JSON.stringify(stateOf(store), null, 1));
  fs.renameSync(temporary, file);
}
