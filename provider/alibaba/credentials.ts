/**
 * The credential chain, first found wins:
 *   1. explicit: Pulumi stack config `alicloud:accessKey` / `alicloud:secretKey` / `alicloud:securityToken`
 *   2. environment: ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET / ALIBABA_CLOUD_SECURITY_TOKEN
 *   3. environment: ALICLOUD_ACCESS_KEY / ALICLOUD_SECRET_KEY / ALICLOUD_SECURITY_TOKEN (Terraform/Pulumi names)
 *   4. OIDC role for CI: ALIBABA_CLOUD_ROLE_ARN + ALIBABA_CLOUD_OIDC_PROVIDER_ARN + ALIBABA_CLOUD_OIDC_TOKEN_FILE
 *   5. the aliyun CLI profile (~/.aliyun/config.json; `alicloud:profile`, ALIBABA_CLOUD_PROFILE, ALICLOUD_PROFILE)
 *   6. the credentials file (~/.alibabacloud/credentials or ALIBABA_CLOUD_CREDENTIALS_FILE)
 *   7. the ECS instance RAM role (metadata service; off with ALIBABA_CLOUD_ECS_METADATA_DISABLED=true)
 *
 * Sources 4–7 are `@alicloud/credentials` providers: they implement every CLI profile mode, STS exchanges and
 * their refresh, which we would otherwise have to write and keep current. Sources 1–3 are ours so that the
 * Terraform-style names and Pulumi config work, and so that a half-set source is an error rather than skipped.
 *
 * Credentials are resolved at call time and never kept on anything that gets serialized. A source that is set up
 * but fails (an OIDC exchange refused) is an error, not a silent fall-through to the next source.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeCredentialFailure } from './credentialFailure';
import { CredentialsError } from './errors';
import { readSharedProfile } from './sharedProfile';

export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  /** Which source they came from, for messages (never the values). */
  source: string;
}

/** What `configure` read from the stack config. */
export interface ExplicitCredentials {
  accessKey?: string;
  secretKey?: string;
  securityToken?: string;
  profile?: string;
  /** `alicloud:sharedCredentialsFile`: the aliyun CLI config file to read profiles from. */
  sharedCredentialsFile?: string;
  /** `alicloud:ecsRoleName`: the instance RAM role to ask the metadata service for. */
  ecsRoleName?: string;
}

/** The part of a `@alicloud/credentials` provider we use. */
interface LibraryProvider {
  getCredentials(): Promise<{ accessKeyId: string; accessKeySecret: string; securityToken?: string }>;
}

export type LibrarySourceKind = 'oidc' | 'cli-profile' | 'credentials-file' | 'ecs-ram-role';

export interface CredentialChainOptions {
  explicit?: ExplicitCredentials;
  /** Only this aliyun CLI profile (a resource's `profile`): no other source is looked at. */
  profileOnly?: string;
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
  /** Replaces how a library-backed source is built (tests use it to stay off the network). */
  makeLibraryProvider?: (kind: LibrarySourceKind, options: LibraryOptions) => LibraryProvider;
}

/** What a library-backed source is built with. */
export interface LibraryOptions {
  profile?: string;
  roleName?: string;
}

interface Source {
  /** Where we looked, as listed in the "nothing found" message. */
  where: string;
  /** undefined: not set up here. */
  resolve(): Promise<Credentials | undefined>;
}

const HOW_TO_SET = [
  'set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  'or `pulumi config set alicloud:accessKey …` and `pulumi config set --secret alicloud:secretKey …`',
  'or run `aliyun configure`',
  'or, in CI, use an OIDC role (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE)',
].join(', ');

export class CredentialChain {
  private readonly env: NodeJS.ProcessEnv;
  private readonly homeDir: string;
  private readonly libraryProviders = new Map<string, LibraryProvider>();

  constructor(private readonly options: CredentialChainOptions = {}) {
    this.env = options.env ?? process.env;
    this.homeDir = options.homeDir ?? this.env.HOME ?? os.homedir();
  }

  /** The first credentials found; throws `CredentialsError` listing every place looked at when there are none. */
  async get(): Promise<Credentials> {
    const sources = this.sources();
    for (const source of sources) {
      const found = await source.resolve();
      if (found) return found;
    }
    throw new CredentialsError(
      `no Alibaba Cloud credentials found. Looked at: ${sources.map((s) => s.where).join('; ')}. To fix: ${HOW_TO_SET}`,
    );
  }

  /** The aliyun CLI profile source: the library for ~/.aliyun/config.json, our reader for another file. */
  private cliProfileSource(profile: string | undefined, required: boolean): Source {
    const explicit = this.options.explicit ?? {};
    const shared = explicit.sharedCredentialsFile;
    if (shared) {
      const where = `aliyun CLI profile ${profile ? `"${profile}"` : '(current)'} in ${shared} (alicloud:sharedCredentialsFile)`;
      return { where, resolve: async () => ({ ...readSharedProfile(shared, profile), source: where }) };
    }
    const cliConfig = path.join(this.homeDir, '.aliyun', 'config.json');
    const where = `aliyun CLI profile ${profile ? `"${profile}"` : '(current)'} in ${cliConfig}`;
    const source = this.librarySource('cli-profile', where, () => fs.existsSync(cliConfig), { profile });
    if (!required) return source;
    return {
      where,
      resolve: async () => {
        const found = await source.resolve();
        if (!found)
          throw new CredentialsError(
            `the ${where} was asked for (the resource's \`profile\`), but ${cliConfig} does not exist; run \`aliyun configure --profile ${profile}\``,
          );
        return found;
      },
    };
  }

  private sources(): Source[] {
    const env = this.env;
    const explicit = this.options.explicit ?? {};
    if (this.options.profileOnly) return [this.cliProfileSource(this.options.profileOnly, true)];
    const profile = explicit.profile || env.ALIBABA_CLOUD_PROFILE || env.ALICLOUD_PROFILE || undefined;
    const credentialsFile = env.ALIBABA_CLOUD_CREDENTIALS_FILE || path.join(this.homeDir, '.alibabacloud', 'credentials');
    const metadataDisabled = env.ALIBABA_CLOUD_ECS_METADATA_DISABLED?.toLowerCase() === 'true';
    return [
      keyPairSource(
        'Pulumi config alicloud:accessKey/alicloud:secretKey',
        explicit.accessKey,
        explicit.secretKey,
        explicit.securityToken,
        'alicloud:accessKey',
        'alicloud:secretKey',
      ),
      keyPairSource(
        'ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET',
        env.ALIBABA_CLOUD_ACCESS_KEY_ID,
        env.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
        env.ALIBABA_CLOUD_SECURITY_TOKEN,
        'ALIBABA_CLOUD_ACCESS_KEY_ID',
        'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
      ),
      keyPairSource(
        'ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY',
        env.ALICLOUD_ACCESS_KEY,
        env.ALICLOUD_SECRET_KEY,
        env.ALICLOUD_SECURITY_TOKEN,
        'ALICLOUD_ACCESS_KEY',
        'ALICLOUD_SECRET_KEY',
      ),
      this.librarySource(
        'oidc',
        'OIDC role (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE)',
        () => Boolean(env.ALIBABA_CLOUD_ROLE_ARN && env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN && env.ALIBABA_CLOUD_OIDC_TOKEN_FILE),
        {},
      ),
      env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED?.toLowerCase() === 'true' && !explicit.sharedCredentialsFile
        ? { where: 'aliyun CLI profile (disabled by ALIBABA_CLOUD_CLI_PROFILE_DISABLED)', resolve: async () => undefined }
        : this.cliProfileSource(profile, false),
      this.librarySource('credentials-file', `credentials file ${credentialsFile}`, () => fs.existsSync(credentialsFile), { profile }),
      explicit.ecsRoleName
        ? this.namedEcsRoleSource(explicit.ecsRoleName, metadataDisabled)
        : this.librarySource(
            'ecs-ram-role',
            metadataDisabled
              ? 'ECS instance RAM role (disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED)'
              : 'ECS instance RAM role (metadata service)',
            () => !metadataDisabled,
            {},
            // Off an ECS instance the metadata service is simply absent: that means "not here", not a failure.
            true,
          ),
    ];
  }

  /** `alicloud:ecsRoleName`: asked for by name, so its absence is an error, not "not here". */
  private namedEcsRoleSource(roleName: string, metadataDisabled: boolean): Source {
    const where = `ECS instance RAM role "${roleName}" (alicloud:ecsRoleName)`;
    if (metadataDisabled) {
      return {
        where,
        resolve: async () => {
          throw new CredentialsError(
            `alicloud:ecsRoleName is set, but ALIBABA_CLOUD_ECS_METADATA_DISABLED=true turns the instance metadata service off; unset one of them`,
          );
        },
      };
    }
    return this.librarySource('ecs-ram-role', where, () => true, { roleName });
  }

  private librarySource(
    kind: LibrarySourceKind,
    where: string,
    isSetUp: () => boolean,
    options: LibraryOptions,
    absentOnFailure = false,
  ): Source {
    return {
      where,
      resolve: async () => {
        if (!isSetUp()) return undefined;
        const cacheKey = `${kind}:${options.profile ?? ''}:${options.roleName ?? ''}`;
        try {
          let provider = this.libraryProviders.get(cacheKey);
          if (!provider) {
            provider = (this.options.makeLibraryProvider ?? makeLibraryProvider)(kind, options);
            this.libraryProviders.set(cacheKey, provider);
          }
          const found = await provider.getCredentials();
          if (!found?.accessKeyId || !found.accessKeySecret) throw new Error('it returned no access key');
          return {
            accessKeyId: found.accessKeyId,
            accessKeySecret: found.accessKeySecret,
            securityToken: found.securityToken || undefined,
            source: where,
          };
        } catch (error) {
          this.libraryProviders.delete(cacheKey);
          if (absentOnFailure) return undefined;
          // Never the library's message: it can quote a whole config file, a server's answer or a helper's output.
          const { reason, fix } = describeCredentialFailure(error);
          throw new CredentialsError(`credentials from the ${where} could not be obtained: ${reason}. To fix: ${fix}`);
        }
      },
    };
  }
}

function keyPairSource(
  where: string,
  accessKeyId: string | undefined,
  accessKeySecret: string | undefined,
  securityToken: string | undefined,
  idName: string,
  secretName: string,
): Source {
  return {
    where,
    resolve: async () => {
      if (!accessKeyId && !accessKeySecret) return undefined;
      if (!accessKeyId) throw new CredentialsError(`${secretName} is set but ${idName} is not; set both`);
      if (!accessKeySecret) throw new CredentialsError(`${idName} is set but ${secretName} is not; set both`);
      return { accessKeyId, accessKeySecret, securityToken: securityToken || undefined, source: where };
    },
  };
}

/** Loaded only when a library-backed source is actually used, so most runs never pay for it. */
function makeLibraryProvider(kind: LibrarySourceKind, options: LibraryOptions): LibraryProvider {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const library = require('@alicloud/credentials') as typeof import('@alicloud/credentials');
  switch (kind) {
    case 'oidc':
      return library.OIDCRoleArnCredentialsProvider.builder().build();
    case 'cli-profile': {
      const builder = library.CLIProfileCredentialsProvider.builder();
      return (options.profile ? builder.withProfileName(options.profile) : builder).build();
    }
    case 'credentials-file': {
      const builder = library.ProfileCredentialsProvider.builder();
      return (options.profile ? builder.withProfileName(options.profile) : builder).build();
    }
    case 'ecs-ram-role': {
      const builder = library.ECSRAMRoleCredentialsProvider.builder();
      return (options.roleName ? builder.withRoleName(options.roleName) : builder).build();
    }
  }
}
