/**
 * The dynamic provider for ECS and ENS key pairs: configure, check, diff, create, read, update, delete — a thin
 * lifecycle over pure pieces (inputs, diff, drift, state, messages) and the service's adapter.
 *
 * This object lives only on the provider host (the SDK's serialized shim `require`s this module there), so it may
 * hold state — configuration, clients, credentials cache — without any of it reaching the Pulumi state.
 */
import type * as pulumi from '@pulumi/pulumi';
import { ApiError } from './alibaba';
import { createKeyPair } from './createKeyPair';
import { diffKeyPair } from './diff';
import { reconcile } from './drift';
import { checkInputs, KeyPairInputs } from './inputs';
import { deleteWhenReleased } from './detach';
import { hostSdkVersion, hostSdkWarning } from './hostSdk';
import { identityKey, ResourceIdentity } from './identity';
import { explain, stillAttached, waitingForRelease } from './messages';
import { Service } from './service';
import { CloudKeyPair, hasErrorCode, KeyPairServiceAdapter } from './services';
import { ApiClients, defaultRegion, detachTimeoutMs, settingsFromConfig } from './settings';
import { clean, identityOf, inputsFromState, KeyPairState, locationOf, stateAfterCreate, stateFrom } from './state';

/** Where progress and warnings go: the host's standard error, which the Pulumi CLI shows with the operation. */
export type Reporter = (line: string) => void;
const toStandardError: Reporter = (line) => process.stderr.write(line + '\n');

/**
 * The dynamic provider for one service: check validates and canonicalizes inputs locally, diff decides update vs.
 * replace, create/read/update/delete talk to ECS or ENS with signed requests. Credentials are resolved per call,
 * never stored on the object (which the host deserializes from the state).
 */
export class KeyPairProvider implements pulumi.dynamic.ResourceProvider {
  private readonly clients = new ApiClients();
  private readonly adapters = new Map<string, KeyPairServiceAdapter>();
  private warnedAboutHost = false;

  constructor(
    private readonly service: Service,
    private readonly report: Reporter = toStandardError,
  ) {}

  /** The adapter acting as the resource's own identity (its `assumeRole` / `profile`), else the stack's. */
  private adapter(identity?: ResourceIdentity): KeyPairServiceAdapter {
    const key = identityKey(identity);
    let adapter = this.adapters.get(key);
    if (!adapter) {
      adapter = this.clients.adapterFor(this.service, identity);
      this.adapters.set(key, adapter);
    }
    return adapter;
  }

  async configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.clients.configure(settingsFromConfig(request.config));
    this.adapters.clear();
    const warning = this.warnedAboutHost ? undefined : hostSdkWarning(hostSdkVersion());
    if (warning) this.report(warning);
    this.warnedAboutHost = true;
  }

  async check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
    const { inputs, failures } = checkInputs(olds ?? {}, news ?? {}, {
      service: this.service,
      defaultRegion: defaultRegion(this.clients.current),
      stackAssumeRole: this.clients.current.identity?.assumeRole,
    });
    return { inputs: clean({ ...inputs }), failures };
  }

  async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.DiffResult> {
    const decision = diffKeyPair(olds, news);
    return { changes: decision.changes, replaces: decision.replaces, deleteBeforeReplace: decision.deleteBeforeReplace };
  }

  async create(raw: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
    const inputs = raw as unknown as KeyPairInputs;
    const adapter = this.adapter(identityOf(inputs));
    const cloud = await createKeyPair(adapter, inputs);
    const state = stateAfterCreate(inputs, cloud, adapter.createdFields(inputs, cloud));
    return { id: adapter.idOf(state), outs: state };
  }

  async read(id: string, props: Record<string, unknown>): Promise<pulumi.dynamic.ReadResult> {
    const state = stateFrom(props);
    // A lookup (`KeyPair.get`, `EnsKeyPair.get`) knows only the id (and the region): ECS ids are names, ENS ids ids.
    const lookup = !state.fingerprint;
    if (lookup) Object.assign(state, this.lookupLocation(id, state));
    const adapter = this.adapter(identityOf(state));
    let cloud: CloudKeyPair | undefined;
    try {
      cloud = await adapter.find(locationOf(state));
    } catch (error) {
      throw explain(error, state);
    }
    if (!cloud) return { id: '', props: {} };
    const refreshed = reconcile(state, cloud, adapter.cloudFields(cloud));
    // Replacing the stored inputs makes the next preview show the drifted property as a change from the cloud's
    // value to the program's, so a reviewer sees why the key pair will be replaced or updated.
    return {
      id: adapter.idOf(refreshed.state) || id,
      props: refreshed.state,
      ...(refreshed.drifted && !lookup ? { inputs: inputsFromState(refreshed.state) } : {}),
    };
  }

  private lookupLocation(id: string, state: KeyPairState): Partial<KeyPairState> {
    if (this.service === 'ens') return { keyPairId: id, keyPairName: '' };
    return { keyPairName: id, region: state.region || defaultRegion(this.clients.current) };
  }

  async update(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.UpdateResult> {
    const state = stateFrom(olds);
    const inputs = news as unknown as KeyPairInputs;
    const location = locationOf(state);
    // The same account (a change of account is a replacement); the session settings may be new.
    const next: KeyPairState = { ...state, adoptExisting: inputs.adoptExisting, assumeRole: inputs.assumeRole, profile: inputs.profile };
    const adapter = this.adapter(identityOf(next));
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
    return { outs: clean(next) };
  }

  async delete(_id: string, props: Record<string, unknown>): Promise<void> {
    const state = stateFrom(props);
    const adapter = this.adapter(identityOf(state));
    const location = locationOf(state);
    const timeoutMs = detachTimeoutMs(this.clients.current);
    const started = Date.now();
    try {
      await deleteWhenReleased(
        () => adapter.delete(location),
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
