/**
 * The dynamic provider for ECS and ENS key pairs: check, diff, create, read, update, delete, configure.
 *
 * This object lives only on the provider host (the SDK's serialized shim `require`s this module there), so it may
 * hold state — configuration, clients, credentials cache — without any of it reaching the Pulumi state.
 */
import type * as pulumi from '@pulumi/pulumi';
import {
  ApiError,
  CredentialChain,
  DEFAULT_DEADLINE_MS,
  EcsKeyPairApi,
  ECS_API_VERSION,
  EnsKeyPairApi,
  ENS_API_VERSION,
  ExplicitCredentials,
  mayHaveBeenApplied,
  NetworkError,
  resolveEndpoint,
  RetryDeadlineError,
  RpcClient,
  signatureVersionFromEnv,
  Transport,
} from './alibaba';
import { diffKeyPair } from './diff';
import { checkInputs, KeyPairInputs } from './inputs';
import { CloudKeyPair, EcsAdapter, EnsAdapter, hasErrorCode, KeyPairLocation, KeyPairServiceAdapter } from './services';
import { couldHaveBeenCreatedSince, holdsKey } from './ownership';
import { normalizeFingerprint, parsePublicKey } from './ssh/publicKey';
import { Service, SERVICE_LABELS } from './ssh/serviceRules';

/** The fields that say where a key pair is and what to call it in messages: inputs and outputs both have them. */
type Whereabouts = { keyPairName?: unknown; region?: unknown; keyPairId?: unknown };

/** What `configure` reads from the stack config. */
export interface ProviderSettings {
  region?: string;
  credentials: ExplicitCredentials;
  deadlineMs?: number;
}

const REGION_VARIABLES = ['ALICLOUD_REGION', 'ALIBABA_CLOUD_REGION', 'ALIBABA_CLOUD_REGION_ID'];

/** Stack config `alicloud:region`, else the environment. */
function defaultRegion(settings: ProviderSettings): string | undefined {
  return settings.region || REGION_VARIABLES.map((name) => process.env[name]).find((v) => v) || undefined;
}

function deadlineMs(settings: ProviderSettings): number {
  const fromEnv = Number(process.env.ALIBABA_CLOUD_RETRY_DEADLINE_SECONDS);
  if (settings.deadlineMs) return settings.deadlineMs;
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv * 1000 : DEFAULT_DEADLINE_MS;
}

/** Outputs never hold `undefined` (the engine refuses it), and only plain JSON. */
function clean<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function stripProvider(props: Record<string, unknown>): Record<string, unknown> {
  const { __provider: _ignored, ...rest } = props;
  return rest;
}

/** Alibaba's CreationTime form (UTC, minute precision) for the moment a create succeeded. */
function nowAsCreationTime(): string {
  return new Date().toISOString().slice(0, 16) + 'Z';
}

/**
 * The dynamic provider for one service: check validates and canonicalizes inputs locally, diff decides update vs.
 * replace, create/read/update/delete talk to ECS or ENS with signed requests. Credentials are resolved per call,
 * never stored on the object (which the host deserializes from the state).
 */
export class KeyPairProvider implements pulumi.dynamic.ResourceProvider {
  private settings: ProviderSettings = { credentials: {} };
  private chain?: CredentialChain;
  private readonly transport = new Transport();
  private readonly clients = new Map<string, RpcClient>();
  private readonly adapter: KeyPairServiceAdapter;

  constructor(private readonly service: Service) {
    this.adapter =
      service === 'ecs'
        ? new EcsAdapter((region) => new EcsKeyPairApi(this.client('ecs', region)))
        : new EnsAdapter(() => new EnsKeyPairApi(this.client('ens')));
  }

  async configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
    const config = request.config;
    const deadlineSeconds = Number(config.get('alicloud-keypair:retryDeadlineSeconds'));
    this.settings = {
      region: config.get('alicloud:region') || undefined,
      credentials: {
        accessKey: config.get('alicloud:accessKey') || undefined,
        secretKey: config.get('alicloud:secretKey') || undefined,
        securityToken: config.get('alicloud:securityToken') || undefined,
        profile: config.get('alicloud:profile') || undefined,
      },
      deadlineMs: Number.isFinite(deadlineSeconds) && deadlineSeconds > 0 ? deadlineSeconds * 1000 : undefined,
    };
    this.chain = undefined;
    this.clients.clear();
  }

  async check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
    const { inputs, failures } = checkInputs(olds ?? {}, news ?? {}, {
      service: this.service,
      defaultRegion: defaultRegion(this.settings),
    });
    return { inputs: clean({ ...inputs }), failures };
  }

  async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.DiffResult> {
    const decision = diffKeyPair(olds, news);
    return { changes: decision.changes, replaces: decision.replaces, deleteBeforeReplace: decision.deleteBeforeReplace };
  }

  /**
   * Import the key pair, or adopt one this create can show is its own. The name is looked up first: a key pair
   * that already exists is someone's (another stack's, or one made by hand) and is adopted only with
   * `adoptExisting` and the same key, never imported over, adopted by accident or cleaned up.
   */
  async create(raw: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
    const inputs = raw as unknown as KeyPairInputs;
    const location = this.locationOf(inputs);
    const startedAt = Date.now();
    let existing: CloudKeyPair | undefined;
    try {
      existing = await this.adapter.find(location);
    } catch (error) {
      throw this.explain(error, inputs);
    }
    let cloud: CloudKeyPair;
    if (existing) {
      // Ours only when this very resource imported it in an earlier, interrupted run (its owner tag says so).
      cloud = await this.claimOrRefuse(inputs, existing, this.isOurs(inputs, existing));
    } else {
      try {
        cloud = await this.adapter.importKeyPair(inputs);
      } catch (error) {
        if (!hasErrorCode(error, this.adapter.errorCodes.alreadyExists)) {
          await this.cleanUpAfterFailedCreate(inputs, error, startedAt);
          throw this.explain(error, inputs);
        }
        cloud = await this.adoptOwnOrRefuse(inputs, error as ApiError, startedAt);
      }
    }
    const outs = this.outputs(inputs, cloud);
    return { id: this.idOf(outs), outs };
  }

  async read(id: string, props: Record<string, unknown>): Promise<pulumi.dynamic.ReadResult> {
    const state = stripProvider(props ?? {});
    let cloud: CloudKeyPair | undefined;
    try {
      cloud = await this.adapter.find(this.locationOf(state));
    } catch (error) {
      throw this.explain(error, state);
    }
    if (!cloud) return { id: '', props: {} };

    const outs: Record<string, unknown> = { ...state, keyPairName: cloud.keyPairName };
    if (cloud.creationTime) outs.creationTime = cloud.creationTime;
    if (cloud.keyPairId) outs.keyPairId = cloud.keyPairId;
    if (this.service === 'ecs') {
      outs.tags = cloud.tags ?? {};
      outs.resourceGroupId = cloud.resourceGroupId ?? '';
    }
    // Drift is judged against what the cloud reported at the last apply, never against our own computation, so
    // a difference in form or algorithm can never look like a replaced key.
    const cloudFingerprint = cloud.fingerprint;
    const keyDrifted = cloudFingerprint !== normalizeFingerprint(String(state.cloudFingerprint ?? state.fingerprint ?? ''));
    if (keyDrifted) {
      outs.fingerprint = cloudFingerprint;
      outs.cloudFingerprint = cloudFingerprint;
      Object.assign(outs, this.describeCloudKey(cloud.publicKey));
    }
    const tagsDrifted =
      this.service === 'ecs' && state.tagsManaged === true && JSON.stringify(sortKeys(outs.tags)) !== JSON.stringify(sortKeys(state.tags));
    const groupDrifted = this.service === 'ecs' && outs.resourceGroupId !== state.resourceGroupId && state.resourceGroupManaged === true;
    // Replacing the stored inputs makes the next preview show the drifted property as a change from the cloud's
    // value to the program's, so a reviewer sees why the key pair will be replaced or updated.
    const drifted = keyDrifted || tagsDrifted || groupDrifted;
    return { id: this.idOf(outs) || id, props: clean(outs), ...(drifted ? { inputs: this.inputsFromOutputs(outs) } : {}) };
  }

  async update(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.UpdateResult> {
    const state = stripProvider(olds);
    const inputs = news as unknown as KeyPairInputs;
    const location = this.locationOf(state);
    const outs: Record<string, unknown> = { ...state, adoptExisting: inputs.adoptExisting };
    try {
      if (inputs.tags !== undefined && this.adapter.setTags) {
        // The cloud's tags, not the state's: the state may be stale, and a tag named `__proto__` does not survive
        // the trip through the engine, yet it must be removed like any other.
        const current = (await this.adapter.find(location))?.tags ?? ((state.tags ?? {}) as Record<string, string>);
        outs.tags = await this.adapter.setTags(location, current, inputs.tags);
        outs.tagsManaged = true;
      }
      if (inputs.resourceGroupId !== undefined && inputs.resourceGroupId !== state.resourceGroupId && this.adapter.joinResourceGroup) {
        await this.adapter.joinResourceGroup(location, inputs.resourceGroupId);
        outs.resourceGroupId = inputs.resourceGroupId;
        outs.resourceGroupManaged = true;
      }
    } catch (error) {
      throw this.explain(error, state);
    }
    return { outs: clean(outs) };
  }

  async delete(_id: string, props: Record<string, unknown>): Promise<void> {
    const state = stripProvider(props);
    try {
      await this.adapter.delete(this.locationOf(state));
    } catch (error) {
      if (hasErrorCode(error, this.adapter.errorCodes.attached)) {
        const where = state.region ? ` in ${state.region}` : '';
        throw new Error(
          `key pair "${state.keyPairName}"${where} is still bound to instances, so ${SERVICE_LABELS[this.service]} refuses to delete it ` +
            `(${(error as ApiError).code}). Unbind it first (ECS: DetachKeyPair, or give the instances another key pair), then run again.`,
          { cause: error },
        );
      }
      throw this.explain(error, state);
    }
  }

  /**
   * The name was free before our first attempt, yet the import met "already exists". It is ours only when an
   * earlier attempt may have been applied (its answer lost), it holds our key, and its CreationTime does not rule
   * it out; otherwise someone took the name in the meantime.
   */
  private async adoptOwnOrRefuse(inputs: KeyPairInputs, error: ApiError, startedAt: number): Promise<CloudKeyPair> {
    const found = await this.adapter.find(this.locationOf(inputs)).catch(() => undefined);
    if (!found) throw this.explain(error, inputs);
    const ours = this.isOurs(inputs, found) || (error.afterAmbiguousAttempt && couldHaveBeenCreatedSince(found, startedAt));
    return this.claimOrRefuse(inputs, found, ours);
  }

  /** True when the key pair carries this resource's owner tag (ECS; see ownership.ts). */
  private isOurs(inputs: KeyPairInputs, cloud: CloudKeyPair): boolean {
    return inputs.owner !== undefined && cloud.owner === inputs.owner;
  }

  /**
   * A key pair of this name exists: carry on with it when it holds our key and is ours, or when the user asked to
   * adopt it; otherwise say whose it may be and the ways out.
   */
  private async claimOrRefuse(inputs: KeyPairInputs, existing: CloudKeyPair, ours: boolean): Promise<CloudKeyPair> {
    const where = inputs.region ? ` in ${inputs.region}` : '';
    const same = holdsKey(existing, inputs.fingerprint);
    if (same && (ours || inputs.adoptExisting)) return this.takeOver(inputs, existing);
    if (same) {
      throw new Error(
        `key pair "${inputs.keyPairName}" already exists${where} with the same key (fingerprint ${existing.fingerprint}), and it was ` +
          'not created by this resource (another stack, or by hand). To manage it with Pulumi set `adoptExisting: true`; or choose ' +
          'another keyPairName (or leave it unset for a generated one).',
      );
    }
    throw new Error(
      `key pair "${inputs.keyPairName}" already exists${where} with another key: the cloud holds fingerprint ${existing.fingerprint}, ` +
        `publicKey has ${normalizeFingerprint(inputs.fingerprint)}. Ways out: choose another keyPairName (or leave it unset for a ` +
        'generated one); delete the existing key pair if it is no longer used; or set publicKey to the key it holds.',
    );
  }

  /** Manage `existing` from now on: give it the declared tags and resource group. */
  private async takeOver(inputs: KeyPairInputs, existing: CloudKeyPair): Promise<CloudKeyPair> {
    const location = this.locationOf(inputs);
    let adopted = existing;
    try {
      if (this.adapter.setTags && inputs.tags !== undefined) {
        adopted = { ...adopted, tags: await this.adapter.setTags(location, existing.tags ?? {}, inputs.tags) };
      }
      if (this.adapter.joinResourceGroup && inputs.resourceGroupId && inputs.resourceGroupId !== existing.resourceGroupId) {
        await this.adapter.joinResourceGroup(location, inputs.resourceGroupId);
        adopted = { ...adopted, resourceGroupId: inputs.resourceGroupId };
      }
    } catch (error) {
      throw this.explain(error, inputs);
    }
    return adopted;
  }

  /**
   * A create whose import may have been applied before failing must leave nothing behind, but may only delete
   * what it made: the name was free when it started (checked in create), the key pair holds our key, and its
   * CreationTime does not predate the create. When that cannot be told, the key pair is left alone and the user is
   * told what may be there.
   */
  private async cleanUpAfterFailedCreate(inputs: KeyPairInputs, error: unknown, startedAt: number): Promise<void> {
    const last = error instanceof RetryDeadlineError ? error.lastError : error;
    const ambiguous =
      (last instanceof ApiError || last instanceof NetworkError) && (last.afterAmbiguousAttempt || mayHaveBeenApplied(last));
    if (!ambiguous) return;
    const location = this.locationOf(inputs);
    try {
      const found = await this.adapter.find(location);
      if (!found) return;
      const ours = found.owner !== undefined ? this.isOurs(inputs, found) : couldHaveBeenCreatedSince(found, startedAt);
      if (ours && holdsKey(found, inputs.fingerprint)) {
        await this.adapter.delete({ ...location, keyPairId: found.keyPairId });
      }
    } catch {
      const where = inputs.region ? ` in ${inputs.region}` : '';
      throw new Error(
        `${messageOf(this.explain(error, inputs))}. An attempt may have created key pair "${inputs.keyPairName}"${where} before the ` +
          'failure, and it could not be checked or removed. Look it up (DescribeKeyPairs); if it is there with this key, delete it ' +
          'or set `adoptExisting: true`, then run again.',
        { cause: error },
      );
    }
  }

  /** User-facing errors: known codes get a message that says what to do. Never any secret: ours never hold one. */
  private explain(error: unknown, state: Whereabouts): Error {
    if (error instanceof ApiError) {
      const region = state.region ? String(state.region) : undefined;
      if (error.code === 'QuotaExceed.KeyPair') {
        return new Error(
          `the key pair quota is used up${region ? ` in ${region}` : ''}: Alibaba Cloud allows 500 key pairs per region (QuotaExceed.KeyPair). ` +
            'Delete key pairs you no longer use, or use another region.',
        );
      }
      if (error.code === 'InvalidAccessKeyId.NotFound') {
        return new Error(
          `${error.message}. The access key id is unknown: check the credentials in use (environment, alicloud:accessKey, aliyun profile).`,
        );
      }
      if (error.code === 'SignatureDoesNotMatch') {
        return new Error(
          `${error.action} failed: SignatureDoesNotMatch: the access key secret does not match the access key id; check the credentials in use.`,
        );
      }
      if (error.code.startsWith('Forbidden')) {
        return new Error(
          `${error.message}. The RAM user or role lacks permission for ${error.action}; grant it (for example the AliyunECSFullAccess policy).`,
        );
      }
      if (error.code === 'InvalidRegionId.NotFound') {
        return new Error(`${error.message}. Region "${region}" is not an ECS region; check \`region\` or alicloud:region.`);
      }
    }
    return error instanceof Error ? error : new Error(String(error));
  }

  private outputs(inputs: KeyPairInputs, cloud: CloudKeyPair): Record<string, unknown> {
    const info = parsePublicKey(inputs.publicKey);
    const base = {
      keyPairName: cloud.keyPairName || inputs.keyPairName,
      publicKey: inputs.publicKey,
      fingerprint: inputs.fingerprint,
      fingerprintSha256: info.sha256,
      keyType: info.type,
      keyBits: info.bits,
      creationTime: cloud.creationTime ?? nowAsCreationTime(),
      autoNamed: inputs.autoNamed,
      adoptExisting: inputs.adoptExisting,
      cloudFingerprint: cloud.fingerprint || inputs.fingerprint,
    };
    if (this.service === 'ens') return clean({ ...base, keyPairId: cloud.keyPairId });
    return clean({
      ...base,
      region: inputs.region,
      resourceGroupId: cloud.resourceGroupId ?? inputs.resourceGroupId ?? '',
      tags: cloud.tags ?? inputs.tags ?? {},
      tagsManaged: inputs.tags !== undefined,
      resourceGroupManaged: inputs.resourceGroupId !== undefined,
      owner: inputs.owner,
    });
  }

  /** When the cloud holds another key, describe that key (ECS returns it with IncludePublicKey). */
  private describeCloudKey(publicKey: string | undefined): Record<string, unknown> {
    if (!publicKey) return {};
    try {
      const info = parsePublicKey(publicKey);
      return { publicKey: info.publicKey, fingerprintSha256: info.sha256, keyType: info.type, keyBits: info.bits };
    } catch {
      return {};
    }
  }

  private inputsFromOutputs(outs: Record<string, unknown>): Record<string, unknown> {
    return clean({
      publicKey: outs.publicKey,
      fingerprint: outs.fingerprint,
      keyPairName: outs.keyPairName,
      autoNamed: outs.autoNamed,
      adoptExisting: outs.adoptExisting,
      region: outs.region,
      resourceGroupId: outs.resourceGroupManaged ? outs.resourceGroupId : undefined,
      tags: outs.tagsManaged ? outs.tags : undefined,
      owner: outs.owner,
    });
  }

  private idOf(outs: Record<string, unknown>): string {
    return String((this.service === 'ens' ? outs.keyPairId : outs.keyPairName) ?? outs.keyPairName ?? '');
  }

  private locationOf(state: Whereabouts): KeyPairLocation {
    return {
      keyPairName: String(state.keyPairName ?? ''),
      region: typeof state.region === 'string' ? state.region : undefined,
      keyPairId: typeof state.keyPairId === 'string' ? state.keyPairId : undefined,
    };
  }

  /** One client per product and region; credentials are looked up on every call, never stored here. */
  private client(product: Service, region?: string): RpcClient {
    const key = `${product}/${region ?? ''}`;
    let client = this.clients.get(key);
    if (!client) {
      this.chain ??= new CredentialChain({ explicit: this.settings.credentials });
      const chain = this.chain;
      client = new RpcClient({
        endpoint: resolveEndpoint(product, region),
        version: product === 'ecs' ? ECS_API_VERSION : ENS_API_VERSION,
        credentials: () => chain.get(),
        signatureVersion: signatureVersionFromEnv(),
        deadlineMs: deadlineMs(this.settings),
        transport: this.transport,
      });
      this.clients.set(key, client);
    }
    return client;
  }
}

function messageOf(error: Error): string {
  return error.message.replace(/\.$/, '');
}

function sortKeys(value: unknown): Record<string, unknown> {
  const record = (value ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((k) => [k, record[k]]),
  );
}

/** Used by the SDK's serialized shim, on the provider host. */
export function createKeyPairProvider(service: Service): KeyPairProvider {
  return new KeyPairProvider(service);
}
