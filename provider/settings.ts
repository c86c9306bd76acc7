/**
 * What `configure` reads from the stack config, the defaults taken from the environment, and the API clients built
 * from them: one signed RPC client per service and region, sharing one transport and one credential chain.
 * Credentials are looked up on every call and never kept on anything that is serialized.
 */
import type * as pulumi from '@pulumi/pulumi';
import {
  CredentialChain,
  DEFAULT_DEADLINE_MS,
  EcsKeyPairApi,
  EnsKeyPairApi,
  ExplicitCredentials,
  resolveEndpoint,
  RpcClient,
  signatureVersionFromEnv,
  Transport,
} from './alibaba';
import { Service, SERVICES } from './service';
import { EcsAdapter, EnsAdapter, KeyPairServiceAdapter } from './services';

/** What `configure` reads from the stack config. */
export interface ProviderSettings {
  region?: string;
  credentials: ExplicitCredentials;
  deadlineMs?: number;
}

const REGION_VARIABLES = ['ALICLOUD_REGION', 'ALIBABA_CLOUD_REGION', 'ALIBABA_CLOUD_REGION_ID'];

/** Stack config (`alicloud:*`, `alicloud-keypair:*`; secrets arrive decrypted) as settings. */
export function settingsFromConfig(config: pulumi.dynamic.ConfigureRequest['config']): ProviderSettings {
  const deadlineSeconds = Number(config.get('alicloud-keypair:retryDeadlineSeconds'));
  return {
    region: config.get('alicloud:region') || undefined,
    credentials: {
      accessKey: config.get('alicloud:accessKey') || undefined,
      secretKey: config.get('alicloud:secretKey') || undefined,
      securityToken: config.get('alicloud:securityToken') || undefined,
      profile: config.get('alicloud:profile') || undefined,
    },
    deadlineMs: Number.isFinite(deadlineSeconds) && deadlineSeconds > 0 ? deadlineSeconds * 1000 : undefined,
  };
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

/** The API clients of one provider: built on first use, rebuilt after every `configure`. */
export class ApiClients {
  private settings: ProviderSettings = { credentials: {} };
  private chain?: CredentialChain;
  private readonly transport = new Transport();
  private readonly clients = new Map<string, RpcClient>();

  configure(settings: ProviderSettings): void {
    this.settings = settings;
    this.chain = undefined;
    this.clients.clear();
  }

  get current(): ProviderSettings {
    return this.settings;
  }

  /** One client per service and region; credentials are looked up on every call, never stored here. */
  client(service: Service, region?: string): RpcClient {
    const key = `${service}/${region ?? ''}`;
    let client = this.clients.get(key);
    if (!client) {
      this.chain ??= new CredentialChain({ explicit: this.settings.credentials });
      const chain = this.chain;
      client = new RpcClient({
        endpoint: resolveEndpoint(service, region),
        version: SERVICES[service].apiVersion,
        credentials: () => chain.get(),
        signatureVersion: signatureVersionFromEnv(),
        deadlineMs: deadlineMs(this.settings),
        transport: this.transport,
      });
      this.clients.set(key, client);
    }
    return client;
  }

  /** The adapter for `service`, over these clients. */
  adapterFor(service: Service): KeyPairServiceAdapter {
    return service === 'ecs'
      ? new EcsAdapter((region) => new EcsKeyPairApi(this.client('ecs', region)))
      : new EnsAdapter(() => new EnsKeyPairApi(this.client('ens')));
  }
}
