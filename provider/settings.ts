/**
 * What `configure` reads from the stack config, the defaults taken from the environment, and the API clients built
 * from them: one signed RPC client per service, region and identity, sharing one transport.
 * Credentials are looked up on every call and never kept on anything that is serialized.
 */
import type * as pulumi from '@pulumi/pulumi';
import { Accounts, Identity, identityKey } from './accounts';
import {
  DEFAULT_DEADLINE_MS,
  EcsKeyPairApi,
  EnsKeyPairApi,
  ExplicitCredentials,
  resolveEndpoint,
  RpcClient,
  signatureVersionFromEnv,
  Transport,
} from './alibaba';
import { stackIdentityFromConfig, StackIdentity } from './identity';
import { Service, SERVICES } from './serviceFacts';
import { KeyPairServiceAdapter } from './adapters/adapter';
import { EnsAdapter } from './adapters/ens';
import { EcsAdapter } from './adapters/ecs';

/** What `configure` reads from the stack config. */
export interface ProviderSettings {
  region?: string;
  credentials: ExplicitCredentials;
  /** Roles and the STS endpoint (`alicloud:assumeRole`, `alicloud:assumeRoleWithOidc`, `alicloud:stsEndpoint`). */
  identity?: StackIdentity;
  deadlineMs?: number;
  /** `alicloud-keypair:detachTimeoutSeconds`, in ms. */
  detachTimeoutMs?: number;
}

/** How long delete waits for instances to let go of a key pair, by default (Alibaba keeps the binding a while). */
export const DEFAULT_DETACH_TIMEOUT_MS = 600_000;

const REGION_VARIABLES = ['ALICLOUD_REGION', 'ALIBABA_CLOUD_REGION', 'ALIBABA_CLOUD_REGION_ID'];

/** Stack config (`alicloud:*`, `alicloud-keypair:*`; secrets arrive decrypted) as settings. */
export function settingsFromConfig(
  config: pulumi.dynamic.ConfigureRequest['config'],
  env: NodeJS.ProcessEnv = process.env,
): ProviderSettings {
  const deadlineSeconds = Number(config.get('alicloud-keypair:retryDeadlineSeconds'));
  const identity = stackIdentityFromConfig((key) => config.get(key), env);
  return {
    region: config.get('alicloud:region') || undefined,
    credentials: {
      accessKey: config.get('alicloud:accessKey') || undefined,
      secretKey: config.get('alicloud:secretKey') || undefined,
      securityToken: config.get('alicloud:securityToken') || undefined,
      profile: identity.profile,
      sharedCredentialsFile: identity.sharedCredentialsFile,
      ecsRoleName: identity.ecsRoleName,
    },
    identity,
    deadlineMs: Number.isFinite(deadlineSeconds) && deadlineSeconds > 0 ? deadlineSeconds * 1000 : undefined,
    detachTimeoutMs: secondsSetting(config.get('alicloud-keypair:detachTimeoutSeconds'), 'alicloud-keypair:detachTimeoutSeconds'),
  };
}

/** A whole number of seconds (0 or more) as ms; undefined when unset; an error naming the setting otherwise. */
function secondsSetting(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0) throw new Error(`${name} must be a number of seconds, 0 or more`);
  return seconds * 1000;
}

/** Stack config `alicloud-keypair:detachTimeoutSeconds`, else ALIBABA_CLOUD_DETACH_TIMEOUT_SECONDS, else 600 s. */
export function detachTimeoutMs(settings: ProviderSettings, env: NodeJS.ProcessEnv = process.env): number {
  return (
    settings.detachTimeoutMs ??
    secondsSetting(env.ALIBABA_CLOUD_DETACH_TIMEOUT_SECONDS, 'ALIBABA_CLOUD_DETACH_TIMEOUT_SECONDS') ??
    DEFAULT_DETACH_TIMEOUT_MS
  );
}

/** Stack config `alicloud:region`, else the environment. */
export function defaultRegion(settings: ProviderSettings, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return settings.region || REGION_VARIABLES.map((name) => env[name]).find((v) => v) || undefined;
}

/** Stack config `alicloud-keypair:retryDeadlineSeconds`, else ALIBABA_CLOUD_RETRY_DEADLINE_SECONDS, else the default. */
export function deadlineMs(settings: ProviderSettings, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.ALIBABA_CLOUD_RETRY_DEADLINE_SECONDS);
  if (settings.deadlineMs) return settings.deadlineMs;
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv * 1000 : DEFAULT_DEADLINE_MS;
}

/**
 * The API clients of one provider: built on first use, rebuilt after every `configure`. One client per service,
 * region and identity; credentials and account ids come from `Accounts` (accounts.ts), the one home of "which account".
 */
export class ApiClients {
  private settings: ProviderSettings = { credentials: {} };
  private readonly transport = new Transport();
  private readonly clients = new Map<string, RpcClient>();
  private resolver: Accounts;

  /** `onRetry` is told of each retry after a network failure, in one line for the user. */
  constructor(private readonly onRetry?: (line: string) => void) {
    this.resolver = new Accounts({ credentials: {}, deadlineMs: DEFAULT_DEADLINE_MS, onRetry }, this.transport);
  }

  configure(settings: ProviderSettings): void {
    this.settings = settings;
    this.clients.clear();
    this.resolver = new Accounts(
      { credentials: settings.credentials, identity: settings.identity, deadlineMs: deadlineMs(settings), onRetry: this.onRetry },
      this.transport,
    );
  }

  get current(): ProviderSettings {
    return this.settings;
  }

  /** Credentials and account ids of identities under the current settings. */
  get accounts(): Accounts {
    return this.resolver;
  }

  /** One client per service, region and identity; credentials are looked up on every call, never stored here. */
  client(service: Service, region: string | undefined, identity: Identity): RpcClient {
    const key = `${service}/${region ?? ''}/${identityKey(identity)}`;
    let client = this.clients.get(key);
    if (!client) {
      client = new RpcClient({
        endpoint: resolveEndpoint(service, region),
        version: SERVICES[service].apiVersion,
        credentials: this.resolver.credentials(identity),
        signatureVersion: signatureVersionFromEnv(),
        deadlineMs: deadlineMs(this.settings),
        transport: this.transport,
        onRetry: this.onRetry,
      });
      this.clients.set(key, client);
    }
    return client;
  }

  /** The adapter for `service` acting as `identity`, over these clients. */
  adapterFor(service: Service, identity: Identity): KeyPairServiceAdapter {
    return service === 'ecs'
      ? new EcsAdapter((region) => new EcsKeyPairApi(this.client('ecs', region, identity)))
      : new EnsAdapter(() => new EnsKeyPairApi(this.client('ens', undefined, identity)));
  }
}
