/**
 * The dynamic provider for ECS and ENS key pairs: configure, check, diff, create, read, update, delete — a thin
 * lifecycle over pure pieces (inputs, diff, drift, state, messages) and the service's adapter.
 *
 * This object lives only on the provider host (the SDK's serialized shim `require`s this module there), so it may
 * hold state — configuration, clients, credentials cache — without any of it reaching the Pulumi state.
 */
import type * as pulumi from '@pulumi/pulumi';
import { describeIdentity, Identity, identityForInputs, identityKey, recordedIdentity } from './accounts';
import { ApiError } from './alibaba';
import { createKeyPair } from './createKeyPair';
import { diffKeyPair } from './diff';
import { reconcile } from './drift';
import { checkInputs } from './inputs';
import { AccountRecord, CloudKeyPair, KeyPairInputs, KeyPairState } from './types';
import { deleteWhenReleased } from './detach';
import { hostSdkVersion, hostSdkWarning } from './hostSdk';
import { accountMismatch, explain, notOursLeftAlone, stillAttached, waitingForRelease, Whereabouts } from './messages';
import { notOurs } from './ownership';
import { KNOWN_REGIONS } from './regions';
import { Service } from './serviceFacts';
import { hasErrorCode, KeyPairServiceAdapter } from './adapters/adapter';
import { ApiClients, defaultRegion, detachTimeoutMs, settingsFromConfig } from './settings';
import { clean, fromStored, inputsFromState, locationOf, stateAfterCreate, stateFrom, toStored } from './state';
import { parsePublicKey } from './ssh/publicKey';
import { isUnknown, Previewed } from './unknown';

/** Where progress and warnings go: the host's standard error, which the Pulumi CLI shows with the operation. */
export type Reporter = (line: string) => void;
const toStandardError: Reporter = (line) => process.stderr.write(line + '\n');

/**
 * The key's own facts (SHA256 fingerprint, type, bits) beside it in the checked inputs: known before any call, and
 * what `pulumi preview --diff` shows for a key swap (`keyBits: 2048 => 4096`) instead of listing them as removed.
 */
function keyFacts(publicKey: string): Partial<KeyPairState> {
  if (!publicKey || isUnknown(publicKey)) return {};
  try {
    const info = parsePublicKey(publicKey);
    return { fingerprintSha256: info.sha256, keyType: info.type, keyBits: info.bits };
  } catch {
    return {};
  }
}

/** An identity and the account it reaches. */
interface Acting {
  identity: Identity;
  accountId?: string;
}

/**
 * The dynamic provider for one service: check validates and canonicalizes inputs locally, diff decides update vs.
 * replace, create/read/update/delete talk to ECS or ENS with signed requests. Credentials are resolved per call,
 * never stored on the object (which the host deserializes from the state).
 */
export class KeyPairProvider implements pulumi.dynamic.ResourceProvider {
  private readonly clients: ApiClients;
  private readonly adapters = new Map<string, KeyPairServiceAdapter>();
  private warnedAboutHost = false;
  private readonly warnedRegions = new Set<string>();

  constructor(
    private readonly service: Service,
    private readonly report: Reporter = toStandardError,
  ) {
    this.clients = new ApiClients((line) => this.report(`pulumi-alicloud-keypair: ${line}`));
  }

  /** The adapter acting as `identity`. */
  private adapter(identity: Identity): KeyPairServiceAdapter {
    const key = identityKey(identity);
    let adapter = this.adapters.get(key);
    if (!adapter) {
      adapter = this.clients.adapterFor(this.service, identity);
      this.adapters.set(key, adapter);
    }
    return adapter;
  }

  /** The identity that inputs (or a lookup's state) select now: their own, else the stack's. */
  private selected(values: { assumeRole?: unknown; profile?: unknown }): Identity {
    return identityForInputs(values, this.clients.current.identity);
  }

  /** The account `identity` reaches, or undefined when that cannot be told now (no credentials during a preview). */
  private async accountOf(identity: Identity): Promise<string | undefined> {
    return this.clients.accounts.accountId(identity).catch(() => undefined);
  }

  /** The account `identity` reaches, for an operation that cannot go on without it: a failure is explained for `where`. */
  private async accountReached(identity: Identity, where: Whereabouts): Promise<string> {
    try {
      return await this.clients.accounts.accountId(identity);
    } catch (error) {
      throw explain(error, where);
    }
  }

  /** What a state records of where the key pair lives and the way there. */
  private record(acting: Acting): AccountRecord {
    return { accountId: acting.accountId, stackRoleArn: acting.identity.kind === 'stackRole' ? acting.identity.roleArn : undefined };
  }

  /**
   * The identity to act on an existing key pair through: the way its state records, or else the stack's identity
   * in force now — whichever reaches the account the key pair lives in. When none does, nothing is done: the error
   * names both accounts and the ways out. A state without an account (an earlier version) goes the recorded way.
   */
  private async acting(state: KeyPairState, operation: string): Promise<Acting> {
    const recorded = recordedIdentity(state);
    if (!state.accountId) return { identity: recorded, accountId: await this.accountOf(recorded) };
    const candidates = [recorded, this.selected({})].filter((c, i, all) => all.findIndex((o) => identityKey(o) === identityKey(c)) === i);
    const reached: string[] = [];
    for (const identity of candidates) {
      try {
        const accountId = await this.clients.accounts.accountId(identity);
        if (accountId === state.accountId) return { identity, accountId };
        reached.push(`${describeIdentity(identity)} now reach${identity.kind === 'base' ? '' : 'es'} account ${accountId}`);
      } catch (error) {
        reached.push(`${describeIdentity(identity)} could not be used (${error instanceof Error ? error.message : String(error)})`);
      }
    }
    throw accountMismatch(state, state.accountId, reached, operation);
  }

  async configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.clients.configure(settingsFromConfig(request.config));
    this.adapters.clear();
    const warning = this.warnedAboutHost ? undefined : hostSdkWarning(hostSdkVersion());
    if (warning) this.report(warning);
    this.warnedAboutHost = true;
  }

  async check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
    const { inputs, failures } = checkInputs(fromStored(olds), news ?? {}, {
      service: this.service,
      defaultRegion: defaultRegion(this.clients.current),
    });
    // The account the key pair will be in, so that a change of account shows in the preview (and replaces).
    // (isUnknown looks inside: a role whose roleArn is not known yet is not known.)
    const selectionKnown = !isUnknown(inputs.assumeRole) && !isUnknown(inputs.profile);
    if (failures.length === 0 && selectionKnown) inputs.accountId = await this.accountOf(this.selected(inputs));
    this.warnOfUnknownRegion(inputs.region);
    return { inputs: toStored(clean({ ...inputs, ...keyFacts(inputs.publicKey) })), failures };
  }

  /**
   * A well-formed region far from every region this package knows passes (it may be newer than the list), with one
   * warning per region so that a typo still shows in the preview's output.
   */
  private warnOfUnknownRegion(region: string | undefined): void {
    if (!region || isUnknown(region) || KNOWN_REGIONS.includes(region) || this.warnedRegions.has(region)) return;
    this.warnedRegions.add(region);
    this.report(
      `pulumi-alicloud-keypair: warning: region "${region}" is not one this package knows (${KNOWN_REGIONS.slice(0, 3).join(', ')}, …); ` +
        'if it is a new Alibaba Cloud region, carry on; otherwise check `region` or alicloud:region',
    );
  }

  async diff(_id: string, storedOlds: Record<string, unknown>, storedNews: Record<string, unknown>): Promise<pulumi.dynamic.DiffResult> {
    const olds = stateFrom(storedOlds);
    // The engine's JSON, typed once here: checked inputs, any of which a preview may not know yet.
    const news = fromStored(storedNews) as Partial<Previewed<KeyPairInputs>>;
    // A state from an earlier version records no account: the account its recorded way reaches stands in for it.
    const recorded = typeof olds.accountId === 'string' ? olds.accountId : await this.accountOf(recordedIdentity(olds));
    const decision = diffKeyPair(recorded ? { ...olds, accountId: recorded } : olds, news);
    return { changes: decision.changes, replaces: decision.replaces, deleteBeforeReplace: decision.deleteBeforeReplace };
  }

  async create(raw: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
    const inputs = fromStored(raw) as unknown as KeyPairInputs;
    const identity = this.selected(inputs);
    const accountId = await this.accountReached(identity, inputs);
    const adapter = this.adapter(identity);
    const cloud = await createKeyPair(adapter, inputs);
    const state = stateAfterCreate(inputs, cloud, adapter.createdFields(inputs, cloud), this.record({ identity, accountId }));
    return { id: adapter.idOf(state), outs: toStored(state) };
  }

  async read(id: string, props: Record<string, unknown>): Promise<pulumi.dynamic.ReadResult> {
    const state = stateFrom(props);
    // A lookup (`KeyPair.get`, `EnsKeyPair.get`) knows only the id (and the region): ECS ids are names, ENS ids ids.
    const lookup = !state.fingerprint;
    const acting = lookup ? await this.lookupIdentity(state) : await this.acting(state, 'refresh');
    const adapter = this.adapter(acting.identity);
    if (lookup) Object.assign(state, adapter.locateById(id, state.region || defaultRegion(this.clients.current)));
    let cloud: CloudKeyPair | undefined;
    try {
      cloud = await adapter.find(locationOf(state));
    } catch (error) {
      throw explain(error, state);
    }
    if (!cloud) return { id: '', props: {} };
    const refreshed = reconcile({ ...state, ...clean(this.record(acting)) }, cloud, adapter.cloudFields(cloud, state));
    // Replacing the stored inputs makes the next preview show the drifted property as a change from the cloud's
    // value to the program's, so a reviewer sees why the key pair will be replaced or updated.
    return {
      id: adapter.idOf(refreshed.state) || id,
      props: toStored(refreshed.state),
      ...(refreshed.drifted && !lookup ? { inputs: toStored(inputsFromState(refreshed.state)) } : {}),
    };
  }

  private async lookupIdentity(state: KeyPairState): Promise<Acting> {
    const identity = this.selected(state);
    return { identity, accountId: await this.accountReached(identity, state) };
  }

  async update(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.UpdateResult> {
    const state = stateFrom(olds);
    const inputs = fromStored(news) as unknown as KeyPairInputs;
    const location = locationOf(state);
    // The same account (a change of account is a replacement); the way in may be new: it is checked to reach it.
    const identity = this.selected(inputs);
    const accountId = await this.accountReached(identity, state);
    if (state.accountId && accountId !== state.accountId) {
      throw accountMismatch(state, state.accountId, [`${describeIdentity(identity)} now reaches account ${accountId}`], 'update');
    }
    const next: KeyPairState = {
      ...state,
      adoptExisting: inputs.adoptExisting,
      assumeRole: inputs.assumeRole,
      profile: inputs.profile,
      ...this.record({ identity, accountId }),
    };
    const adapter = this.adapter(identity);
    try {
      if (inputs.tags !== undefined && adapter.setTags) {
        // The cloud's tags, not the state's: the state may be stale, and a tag named `__proto__` does not survive
        // the trip through the engine, yet it must be removed like any other.
        const current = (await adapter.find(location))?.tags ?? state.tags ?? {};
        next.tags = await adapter.setTags(location, current, inputs.tags);
        next.tagsManaged = true;
      }
      if (inputs.resourceGroupId !== undefined && inputs.resourceGroupId !== state.resourceGroupId && adapter.joinResourceGroup) {
        await adapter.joinResourceGroup(location, inputs.resourceGroupId);
        next.resourceGroupId = inputs.resourceGroupId;
        next.resourceGroupManaged = true;
      }
    } catch (error) {
      throw explain(error, state);
    }
    return { outs: toStored(clean(next)) };
  }

  /**
   * Delete acts only in the key pair's account, and only on a key pair that is still ours: one of our name that
   * holds another key (or another stack's owner tag) is left alone with a warning, and the resource leaves the state.
   */
  async delete(_id: string, props: Record<string, unknown>): Promise<void> {
    const state = stateFrom(props);
    const { identity } = await this.acting(state, 'delete');
    const adapter = this.adapter(identity);
    const location = locationOf(state);
    let found: CloudKeyPair | undefined;
    try {
      found = await adapter.find(location);
    } catch (error) {
      throw explain(error, state);
    }
    if (!found) return;
    const target = found;
    const why = notOurs(state, target);
    if (why) {
      this.report(notOursLeftAlone(this.service, state, why));
      return;
    }
    const timeoutMs = detachTimeoutMs(this.clients.current);
    const started = Date.now();
    try {
      await deleteWhenReleased(
        () => adapter.delete({ ...location, keyPairId: target.keyPairId ?? location.keyPairId }),
        (error) => hasErrorCode(error, adapter.errorCodes.attached),
        { timeoutMs, onWait: (waited, timeout) => this.report(waitingForRelease(this.service, state, waited, timeout)) },
      );
    } catch (error) {
      if (hasErrorCode(error, adapter.errorCodes.attached)) {
        throw stillAttached(this.service, state, error as ApiError, Date.now() - started);
      }
      throw explain(error, state);
    }
  }
}

/** Used by the SDK's serialized shim, on the provider host. */
export function createKeyPairProvider(service: Service): KeyPairProvider {
  return new KeyPairProvider(service);
}
