/**
 * `--state FILE`: what the emulator holds, kept across restarts. Written atomically (a temporary file renamed over
 * the old one) after every change; read at start. A file that is not an emulator state is refused with a clear
 * message and never overwritten, so a mistyped path cannot destroy anything.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { AccountDirectory, EmulatorAccount } from './accounts';
import type { EcsKeyPairRecord, EmulatorStore, EnsKeyPairRecord, InstanceRecord } from './store';

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

/** One account's key pairs. */
interface StoredStore {
  ensSequence: number;
  ecs: StoredEcs[];
  ens: EnsKeyPairRecord[];
  /** Absent in files written before instances existed. */
  instances?: InstanceRecord[];
}

/** The default account's key pairs at the top (as before accounts existed), the other accounts' in `accounts`. */
interface StateDocument extends StoredStore {
  format: typeof FORMAT;
  accounts?: Array<StoredStore & { accountId: string }>;
}

/** Where the key pairs of each account go when a state is loaded (an account the file names is created). */
export interface StoreDirectory {
  defaultStore: EmulatorStore;
  storeFor(accountId: string): EmulatorStore;
  /** Every account other than the default one, with its store. */
  others(): Array<{ accountId: string; store: EmulatorStore }>;
}

/** The accounts' stores as a state file sees them; an account a state file names is created when missing. */
export function storeDirectoryOf(accounts: AccountDirectory): StoreDirectory {
  return {
    defaultStore: accounts.defaultAccount.store,
    storeFor: (accountId) => (accounts.get(accountId) ?? accounts.add(new EmulatorAccount(accountId))).store,
    others: () =>
      accounts
        .all()
        .filter((account) => account !== accounts.defaultAccount)
        .map((account) => ({ accountId: account.accountId, store: account.store })),
  };
}

function storedOf(store: EmulatorStore): StoredStore {
  const ecs: StoredEcs[] = [];
  for (const [region, pairs] of store.ecs) for (const record of pairs.values()) ecs.push({ ...record, region, tags: [...record.tags] });
  return { ensSequence: store.sequence, ecs, ens: [...store.ens.values()], instances: [...store.instances.values()] };
}

/** Every account's key pairs as a document; accounts without key pairs are left out. */
export function stateOf(directory: StoreDirectory): StateDocument {
  const accounts = directory
    .others()
    .filter(({ store }) => store.ecs.size > 0 || store.ens.size > 0 || store.instances.size > 0 || store.sequence > 0)
    .map(({ accountId, store }) => ({ accountId, ...storedOf(store) }));
  return { format: FORMAT, ...storedOf(directory.defaultStore), ...(accounts.length > 0 ? { accounts } : {}) };
}

const isString = (v: unknown): v is string => typeof v === 'string';

/** Loads `file` into the accounts' stores (nothing to load when it does not exist yet). */
export function loadState(file: string, directory: StoreDirectory): void {
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
  const accounts = document.accounts ?? [];
  if (!Array.isArray(accounts) || !accounts.every((a) => a !== null && typeof a === 'object' && isString(a.accountId))) {
    refuse('its accounts are not a list of {accountId, …}');
  }
  // Everything is checked before anything is loaded: a bad file changes nothing.
  for (const part of [document, ...accounts]) checkStored(part, refuse);
  fill(directory.defaultStore, document);
  for (const account of accounts) fill(directory.storeFor(account.accountId), account);
}

function checkStored(part: StoredStore, refuse: (why: string) => never): void {
  if (!Array.isArray(part.ecs) || !Array.isArray(part.ens) || !Number.isInteger(part.ensSequence)) refuse('it lacks its lists');
  for (const r of part.ecs) {
    if (![r?.region, r?.keyPairName, r?.fingerprint, r?.publicKey, r?.creationTime, r?.resourceGroupId].every(isString))
      refuse('an ECS key pair is incomplete');
    if (!Array.isArray(r.tags) || !Array.isArray(r.attachedInstances)) refuse('an ECS key pair is incomplete');
    if (!r.tags.every((tag: unknown) => Array.isArray(tag) && tag.length === 2 && tag.every(isString))) {
      refuse('an ECS key pair has tags that are not [key, value] pairs of text');
    }
    if (!r.attachedInstances.every(isString)) refuse('an ECS key pair is incomplete');
  }
  checkInstances(part.instances, refuse);
  for (const r of part.ens) {
    if (
      ![r?.keyPairId, r?.keyPairName, r?.fingerprint, r?.publicKey, r?.creationTime].every(isString) ||
      !Array.isArray(r.attachedInstances)
    ) {
      refuse('an ENS key pair is incomplete');
    }
  }
}

function checkInstances(instances: unknown, refuse: (why: string) => never): void {
  if (instances === undefined) return;
  if (!Array.isArray(instances)) refuse('its instances are not a list');
  for (const r of instances as InstanceRecord[]) {
    if (
      ![r?.instanceId, r?.regionId, r?.instanceName, r?.creationTime].every(isString) ||
      !['ecs', 'ens'].includes(r.service) ||
      !['Running', 'Stopped'].includes(r.status) ||
      !['linux', 'windows'].includes(r.osType)
    ) {
      refuse('an instance is incomplete');
    }
  }
}

function fill(store: EmulatorStore, part: StoredStore): void {
  store.clear();
  store.sequence = part.ensSequence;
  for (const { region, tags, ...record } of part.ecs) store.ecsRegion(region).set(record.keyPairName, { ...record, tags: new Map(tags) });
  for (const record of part.ens) store.ens.set(record.keyPairId, record);
  for (const record of part.instances ?? []) store.instances.set(record.instanceId, record);
}

/** Writes every account's key pairs to `file` atomically: readers see the old state or the new one, never half of one. */
export function saveState(file: string, directory: StoreDirectory): void {
  // A name nobody can guess, created exclusively ('wx' fails on anything already there, a planted symlink too), so
  // the write can neither be redirected nor land in someone else's file.
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${crypto.randomBytes(8).toString('hex')}.tmp`);
  try {
    fs.writeFileSync(temporary, JSON.stringify(stateOf(directory), null, 1), { flag: 'wx', mode: 0o600 });
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
