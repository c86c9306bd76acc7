/**
 * What `configure` reads from the stack config, the defaults taken from the environment, and the API clients built
 * from them: one signed RPC client per service and region, sharing one transport and one credential chain.
 * Credentials are looked up on every call and never kept on anything that is serialized.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import type * as pulumi from '@pulumi/pulumi';
import {
  CredentialChain,
  Credentials,
  CredentialsError,
  DEFAULT_DEADLINE_MS,
  EcsKeyPairApi,
  EnsKeyPairApi,
  ExplicitCredentials,
  resolveEndpoint,
  resolveStsEndpoint,
  RoleCredentials,
  RpcClient,
  signatureVersionFromEnv,
  StsApi,
  STS_API_VERSION,
  Transport,
} from './alibaba';
import {
  AssumeRoleSettings,
  DEFAULT_SESSION_NAME,
  identityKey,
  OidcRoleSettings,
  ResourceIdentity,
  stackIdentityFromConfig,
  StackIdentity,
} from './identity';
import { Service, SERVICES } from './service';
import { EcsAdapter, EnsAdapter, KeyPairServiceAdapter } from './services';

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
 * The API clients of one provider: built on first use, rebuilt after every `configure`. One credential source per
 * identity (the stack's, or a resource's `assumeRole`/`profile`), one client per service, region and identity.
 */
export class ApiClients {
  private settings: ProviderSettings = { credentials: {} };
  private readonly transport = new Transport();
  private readonly clients = new Map<string, RpcClient>();
  private readonly credentialSources = new Map<string, () => Promise<Credentials>>();

  configure(settings: ProviderSettings): void {
    this.settings = settings;
    this.clients.clear();
    this.credentialSources.clear();
  }

  get current(): ProviderSettings {
    return this.settings;
  }

  /**
   * Where the credentials for `identity` come from. The stack's: its chain (or `alicloud:assumeRoleWithOidc`), then
   * `alicloud:assumeRole`. A resource's `profile` replaces the chain; its `assumeRole` replaces the stack's role and
   * is assumed with the stack's base credentials (or the resource's profile).
   */
  credentialsFor(identity?: ResourceIdentity): () => Promise<Credentials> {
    const key = identityKey(identity);
    let source = this.credentialSources.get(key);
    if (!source) {
      const stack = this.settings.identity ?? {};
      const own = Boolean(identity?.assumeRole || identity?.profile);
      const base = identity?.profile ? this.profileCredentials(identity.profile) : this.stackBaseCredentials(stack);
      const role = own ? identity?.assumeRole : stack.assumeRole;
      source = role ? this.assumedRole(role, base, identity?.profile ?? '') : base;
      this.credentialSources.set(key, source);
    }
    return source;
  }

  private profileCredentials(profile: string): () => Promise<Credentials> {
    const chain = new CredentialChain({ explicit: this.settings.credentials, profileOnly: profile });
    return () => chain.get();
  }

  private stackBaseCredentials(stack: StackIdentity): () => Promise<Credentials> {
    if (stack.assumeRoleWithOidc) return this.oidcRole(stack.assumeRoleWithOidc);
    const chain = new CredentialChain({ explicit: this.settings.credentials });
    return () => chain.get();
  }

  private stsClient(credentials?: () => Promise<Credentials>, secrets?: string[]): StsApi {
    return new StsApi(
      new RpcClient({
        endpoint: resolveStsEndpoint(this.settings.identity?.stsEndpoint),
        version: STS_API_VERSION,
        credentials,
        signatureVersion: signatureVersionFromEnv(),
        deadlineMs: deadlineMs(this.settings),
        transport: this.transport,
        secrets,
      }),
    );
  }

  private assumedRole(role: AssumeRoleSettings, base: () => Promise<Credentials>, baseKey: string): () => Promise<Credentials> {
    // Shared by the ECS and ENS providers of one host process: the same role with the same settings is assumed once.
    const cacheKey = sharedCacheKey(['assumeRole', role, baseKey, this.settings.credentials, this.settings.identity]);
    const shared = ROLE_CACHES.get(cacheKey);
    if (shared) return () => shared.get();
    const sts = this.stsClient(base);
    const cache = new RoleCredentials({
      describe: `role ${role.roleArn}`,
      fetch: () =>
        sts.assumeRole({
          roleArn: role.roleArn,
          roleSessionName: role.sessionName ?? DEFAULT_SESSION_NAME,
          durationSeconds: role.sessionExpiration,
          policy: role.policy,
          externalId: role.externalId,
        }),
    });
    ROLE_CACHES.set(cacheKey, cache);
    return () => cache.get();
  }

  private oidcRole(role: OidcRoleSettings): () => Promise<Credentials> {
    const cacheKey = sharedCacheKey(['oidc', role]);
    const shared = ROLE_CACHES.get(cacheKey);
    if (shared) return () => shared.get();
    const cache = new RoleCredentials({
      describe: `role ${role.roleArn} (alicloud:assumeRoleWithOidc)`,
      fetch: async () => {
        const token = role.oidcToken ?? readOidcToken(role.oidcTokenFile!);
        return this.stsClient(undefined, [token]).assumeRoleWithOidc({
          roleArn: role.roleArn,
          oidcProviderArn: role.oidcProviderArn,
          oidcToken: token,
          roleSessionName: role.roleSessionName ?? DEFAULT_SESSION_NAME,
          durationSeconds: role.sessionExpiration,
          policy: role.policy,
        });
      },
    });
    ROLE_CACHES.set(cacheKey, cache);
    return () => cache.get();
  }

  /** One client per service, region and identity; credentials are looked up on every call, never stored here. */
  client(service: Service, region?: string, identity?: ResourceIdentity): RpcClient {
    const key = `${service}/${region ?? ''}/${identityKey(identity)}`;
    let client = this.clients.get(key);
    if (!client) {
      client = new RpcClient({
        endpoint: resolveEndpoint(service, region),
        version: SERVICES[service].apiVersion,
        credentials: this.credentialsFor(identity),
        signatureVersion: signatureVersionFromEnv(),
        deadlineMs: deadlineMs(this.settings),
        transport: this.transport,
      });
      this.clients.set(key, client);
    }
    return client;
  }

  /** The adapter for `service` acting as `identity` (default: the stack's), over these clients. */
  adapterFor(service: Service, identity?: ResourceIdentity): KeyPairServiceAdapter {
    return service === 'ecs'
      ? new EcsAdapter((region) => new EcsKeyPairApi(this.client('ecs', region, identity)))
      : new EnsAdapter(() => new EnsKeyPairApi(this.client('ens', undefined, identity)));
  }
}

/**
 * Assumed-role credentials of this process, by what they were obtained with. Kept in memory only (the provider
 * object that Pulumi serializes never holds them); the key is a hash, so no setting is kept readable either.
 */
const ROLE_CACHES = new Map<string, RoleCredentials>();

function sharedCacheKey(parts: unknown[]): string {
  return crypto.createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** The OIDC token from its file, read at every renewal (CI systems rotate it). Never quoted. */
function readOidcToken(file: string): string {
  try {
    const token = fs.readFileSync(file, 'utf8').trim();
    if (token) return token;
  } catch {
    // reported below
  }
  throw new CredentialsError(`alicloud:assumeRoleWithOidc.oidcTokenFile ${file} cannot be read or is empty`);
}
