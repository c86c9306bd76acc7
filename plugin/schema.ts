/**
 * The package schema the plugin serves (GetSchema) and the SDKs are generated from (sdks/, `npm run sdks`): the
 * same input and output names as the TypeScript SDK's `KeyPair` and `EnsKeyPair`, and the provider's config.
 */
import { version } from './version';

type Property = Record<string, unknown>;
const text = (description: string, extra: Property = {}): Property => ({ type: 'string', description, ...extra });

const ASSUME_ROLE: Property = {
  type: 'object',
  description: "Act in this role's account (STS AssumeRole). Nothing secret: changing `roleArn` moves the key pair to the role's account.",
  properties: {
    roleArn: text('`acs:ram::<account-id>:role/<role-name>`.'),
    sessionName: text('STS RoleSessionName (2–64 letters, digits, `.`, `@`, `-`, `_`). Default `pulumi-alicloud-keypair`.'),
    sessionExpiration: { type: 'integer', description: 'Session length in seconds, 900 to 43200. Default 3600.' },
    policy: text('A JSON policy that narrows what the session may do.'),
    externalId: text("The external id the role's trust policy asks for."),
  },
  required: ['roleArn'],
};

const OIDC_ROLE: Property = {
  type: 'object',
  description: 'Act as a role through an OIDC token (CI systems): STS AssumeRoleWithOIDC.',
  properties: {
    roleArn: text('`acs:ram::<account-id>:role/<role-name>`.'),
    oidcProviderArn: text('`acs:ram::<account-id>:oidc-provider/<name>`.'),
    oidcToken: text('The OIDC token itself (set it as a secret), or give oidcTokenFile.', { secret: true }),
    oidcTokenFile: text('A file holding the token, read again at every renewal.'),
    roleSessionName: text('STS RoleSessionName.'),
    sessionExpiration: { type: 'integer', description: 'Session length in seconds, 900 to 43200.' },
    policy: text('A JSON policy that narrows what the session may do.'),
  },
  required: ['roleArn', 'oidcProviderArn'],
};

const REF_ASSUME_ROLE = { $ref: '#/types/alicloud-keypair:index:AssumeRole' };
const REF_OIDC_ROLE = { $ref: '#/types/alicloud-keypair:index:AssumeRoleWithOidc' };

/** The provider's configuration: every identity and region setting the dynamic provider reads from `alicloud:*`. */
const CONFIG: Record<string, Property> = {
  region: text('The default region of ECS key pairs, such as `cn-hangzhou`. Default: ALICLOUD_REGION / ALIBABA_CLOUD_REGION.'),
  accessKey: text('Access key id. Default: the credential chain (environment, aliyun CLI profile, OIDC, instance role).'),
  secretKey: text('Access key secret (set it as a secret).', { secret: true }),
  securityToken: text('STS security token, with temporary access keys (set it as a secret).', { secret: true }),
  profile: text('An aliyun CLI profile (~/.aliyun/config.json) to take the credentials from.'),
  sharedCredentialsFile: text('The aliyun CLI config file to read profiles from, instead of ~/.aliyun/config.json.'),
  ecsRoleName: text('The ECS instance RAM role to take credentials from (instance metadata).'),
  stsEndpoint: text('The STS endpoint (host name or URL). ALIBABA_CLOUD_ENDPOINT_STS wins.'),
  assumeRole: { ...REF_ASSUME_ROLE, description: "Act in this role's account: the key pairs are made there." },
  assumeRoleWithOidc: { ...REF_OIDC_ROLE, description: 'Act as a role through an OIDC token (CI).' },
  retryDeadlineSeconds: { type: 'integer', description: 'How long one operation may retry throttling and network errors. Default 120.' },
  detachTimeoutSeconds: { type: 'integer', description: 'How long delete waits for instances to let go of a key pair. Default 600.' },
};

const SHARED_INPUTS: Record<string, Property> = {
  publicKey: text(
    'The public key: an OpenSSH line, an RFC 4716 "SSH2" block, or a PEM public key. Comments, whitespace and the encoding do not matter. A private key is refused and never printed or stored.',
  ),
  keyPairName: text(
    "The key pair's name (2–128 characters, starting with a letter). Default: generated from the resource name, kept across updates.",
  ),
  keyPairNamePrefix: text('A generated name starting with this prefix (then `-` and 8 characters). Not together with keyPairName.'),
  adoptExisting: {
    type: 'boolean',
    description: 'Manage an existing key pair of this name when it holds exactly this key, instead of failing.',
  },
  assumeRole: { ...REF_ASSUME_ROLE, description: "Act in this role's account instead of the provider's identity." },
  profile: text("Take the credentials from this aliyun CLI profile instead of the provider's."),
};

const SHARED_OUTPUTS: Record<string, Property> = {
  keyPairName: text("The key pair's name."),
  publicKey: text('The key in canonical OpenSSH form: `type base64`, no comment.'),
  fingerprint: text('The fingerprint Alibaba reports: MD5 over the key blob, 32 lowercase hex characters.'),
  fingerprintSha256: text('The SHA256 fingerprint as `ssh-keygen -l` prints it (`SHA256:…`).'),
  keyType: text('The SSH key type: `ssh-rsa`, `ssh-dss`, `ecdsa-sha2-nistp256`, …'),
  keyBits: { type: 'integer', description: 'The key size in bits.' },
  creationTime: text('When the key pair was created, as the cloud reports it.'),
  accountId: text('The Alibaba Cloud account the key pair lives in.'),
};

const TAGS: Property = { type: 'object', additionalProperties: { type: 'string' } };

/** The schema, as a plain object. */
export function packageSchema(): Record<string, unknown> {
  return {
    name: 'alicloud-keypair',
    displayName: 'Alibaba Cloud key pairs',
    version,
    description: 'SSH key pairs for Alibaba Cloud ECS and ENS, with local fingerprints, account safety and drift detection.',
    keywords: ['pulumi', 'alicloud', 'alibaba-cloud', 'ecs', 'ens', 'ssh', 'key-pair', 'category/cloud', 'kind/native'],
    homepage: 'https://www.npmjs.com/package/pulumi-alicloud-keypair',
    license: 'Apache-2.0',
    repository: 'https://www.npmjs.com/package/pulumi-alicloud-keypair',
    publisher: 'pulumi-alicloud-keypair',
    config: { variables: CONFIG },
    provider: { description: 'The alicloud-keypair provider: where and as whom key pairs are managed.', inputProperties: CONFIG },
    types: {
      'alicloud-keypair:index:AssumeRole': ASSUME_ROLE,
      'alicloud-keypair:index:AssumeRoleWithOidc': OIDC_ROLE,
    },
    resources: {
      'alicloud-keypair:index:KeyPair': {
        description: 'An SSH key pair in Alibaba Cloud ECS, imported from a public key you hold.',
        inputProperties: {
          ...SHARED_INPUTS,
          region: text("The region, such as `cn-hangzhou`. Default: the provider's region. Changing it replaces the key pair."),
          resourceGroupId: text('The resource group (`rg-…`). Changed in place.'),
          tags: { ...TAGS, description: 'Tags (at most 20; keys must not start with `aliyun` or `acs:`). Changed in place.' },
        },
        requiredInputs: ['publicKey'],
        properties: {
          ...SHARED_OUTPUTS,
          region: text('The region the key pair is in.'),
          resourceGroupId: text('The resource group the key pair is in.'),
          tags: { ...TAGS, description: "The key pair's tags as ECS reports them." },
        },
        required: ['keyPairName', 'publicKey', 'fingerprint', 'region'],
      },
      'alicloud-keypair:index:EnsKeyPair': {
        description:
          'An SSH key pair in Alibaba Cloud ENS (Edge Node Service), imported from a public key you hold. ENS accepts ssh-rsa keys.',
        inputProperties: SHARED_INPUTS,
        requiredInputs: ['publicKey'],
        properties: { ...SHARED_OUTPUTS, keyPairId: text("The key pair's id in ENS.") },
        required: ['keyPairName', 'publicKey', 'fingerprint'],
      },
    },
    language: {
      // respectSchemaVersion: the SDKs register resources with this version, so the engine finds the plugin by it.
      nodejs: { packageName: '@pulumi-alicloud-keypair/sdk', dependencies: { '@pulumi/pulumi': '^3.0.0' }, respectSchemaVersion: true },
      python: { packageName: 'pulumi_alicloud_keypair', requires: { pulumi: '>=3.0.0,<4.0.0' }, respectSchemaVersion: true },
      go: {
        respectSchemaVersion: true,
        importBasePath: 'github.com/pulumi-alicloud-keypair/sdks/go/alicloudkeypair',
        packageImportAliases: {},
        generateResourceContainerTypes: false,
      },
    },
  };
}
