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
import { explain, stillAttached } from './messages';
import { Service } from './service';
import { CloudKeyPair, hasErrorCode, KeyPairServiceAdapter } from './services';
import { ApiClients, defaultRegion, settingsFromConfig } from './settings';
import { clean, inputsFromState, KeyPairState, locationOf, stateAfterCreate, stateFrom } from './state';

/**
 * The dynamic provider for one service: check validates and canonicalizes inputs locally, diff decides update vs.
 * replace, create/read/update/delete talk to ECS or ENS with signed requests. Credentials are resolved per call,
 * never stored on the object (which the host deserializes from the state).
 */
export class KeyPairProvider implements pulumi.dynamic.ResourceProvider {
  private readonly clients = new ApiClients();
  private readonly adapter: KeyPairServiceAdapter;

  constructor(private readonly service: Service) {
    this.adapter = this.clients.adapterFor(service);
  }

  async configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.clients.configure(settingsFromConfig(request.config));
  }

  async check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
    const { inputs, failures } = checkInputs(olds ?? {}, news ?? {}, {
      service: this.service,
      defaultRegion: defaultRegion(this.clients.current),
    });
    return { inputs: clean({ ...inputs }), failures };
  }

  async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.DiffResult> {
    const decision = diffKeyPair(olds, news);
    return { changes: decision.changes, replaces: decision.replaces, deleteBeforeReplace: decision.deleteBeforeReplace };
  }

  async create(raw: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
    const inputs = raw as unknown as KeyPairInputs;
    const cloud = await createKeyPair(this.adapter, inputs);
    const state = stateAfterCreate(inputs, cloud, this.adapter.createdFields(inputs, cloud));
    return { id: this.adapter.idOf(state), outs: state };
  }

  async read(id: string, props: Record<string, unknown>): Promise<pulumi.dynamic.ReadResult> {
    const state = stateFrom(props);
    let cloud: CloudKeyPair | undefined;
    try {
      cloud = await this.adapter.find(locationOf(state));
    } catch (error) {
      throw explain(error, state);
    }
    if (!cloud) return { id: '', props: {} };
    const refreshed = reconcile(state, cloud, this.adapter.cloudFields(cloud));
    // Replacing the stored inputs makes the next preview show the drifted property as a change from the cloud's
    // value to the program's, so a reviewer sees why the key pair will be replaced or updated.
    return {
      id: this.adapter.idOf(refreshed.state) || id,
      props: refreshed.state,
      ...(refreshed.drifted ? { inputs: inputsFromState(refreshed.state) } : {}),
    };
  }

  async update(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.UpdateResult> {
    const state = stateFrom(olds);
    const inputs = news as unknown as KeyPairInputs;
    const location = locationOf(state);
    const next: KeyPairState = { ...state, adoptExisting: inputs.adoptExisting };
    try {
      if (inputs.tags !== undefined && this.adapter.setTags) {
        // The cloud's tags, not the state's: the state may be stale, and a tag named `__proto__` does not survive
        // the trip through the engine, yet it must be removed like any other.
        const current = (await this.adapter.find(location))?.tags ?? state.tags ?? {};
        next.tags = await this.adapter.setTags(location, current, inputs.tags);
        next.tagsManaged = true;
      }
      if (inputs.resourceGroupId !== undefined && inputs.resourceGroupId !== state.resourceGroupId && this.adapter.joinResourceGroup) {
        await this.adapter.joinResourceGroup(location, inputs.resourceGroupId);
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
    try {
      await this.adapter.delete(locationOf(state));
    } catch (error) {
      if (hasErrorCode(error, this.adapter.errorCodes.attached)) throw stillAttached(this.service, state, error as ApiError);
      throw explain(error, state);
    }
  }
}

/** Used by the SDK's serialized shim, on the provider host. */
export function createKeyPairProvider(service: Service): KeyPairProvider {
  return new KeyPairProvider(service);
}
