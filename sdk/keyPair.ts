import * as pulumi from '@pulumi/pulumi';
import { AccountSelection } from './accountSelection';
import ecsProvider = require('./ecsProvider');
import { refuseAlicloudProvider } from './resourceOptions';
import { refuseUnknownInputs, sharedInputs } from './sharedInputs';

/** Inputs of an ECS key pair. */
export interface KeyPairArgs extends AccountSelection {
  /**
   * The public key: an OpenSSH line (`ssh-rsa AAAA… comment`, the contents of a `.pub` file), an RFC 4716
   * "SSH2" block, or a PEM public key. ECS accepts RSA (at least 1024 bits), DSA and ECDSA keys. Comments,
   * whitespace and the encoding do not matter: the same key in another form makes no change.
   * A private key given here is refused and never printed or stored.
   */
  publicKey: pulumi.Input<string>;
  /**
   * The key pair's name in ECS: 2–128 characters, starting with a letter; letters, digits, `:`, `_`, `-`.
   * Unique per region. Default: generated from the resource name plus a suffix, and kept across updates.
   * A given name means a changed key is replaced delete-first (the name cannot be held twice).
   */
  keyPairName?: pulumi.Input<string>;
  /** The region, such as `cn-hangzhou`. Default: stack config `alicloud:region`, else ALICLOUD_REGION / ALIBABA_CLOUD_REGION / ALIBABA_CLOUD_REGION_ID. Changing it replaces the key pair. */
  region?: pulumi.Input<string>;
  /** The resource group to put the key pair in (`rg-…`). Changed in place. Left unset, the key pair stays where it is. */
  resourceGroupId?: pulumi.Input<string>;
  /** Tags (at most 20; keys must not start with `aliyun` or `acs:`). Changed in place. Left unset, tags are not managed. */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * When a key pair of this name already exists with exactly this key (same fingerprint), manage it instead of
   * failing. The Pulumi way to take over an existing key pair (`pulumi import` does not work for dynamic providers).
   */
  adoptExisting?: pulumi.Input<boolean>;
  /**
   * A generated name starting with this prefix (then `-` and 8 characters), kept across updates. Same rules as
   * keyPairName, at most 119 characters. Not together with keyPairName.
   */
  keyPairNamePrefix?: pulumi.Input<string>;
}

/** What `KeyPair.get` needs besides the id (the key pair's name): its region, and its account when not the stack's. */
export interface KeyPairLookup extends AccountSelection {
  /** The region. Default: stack config `alicloud:region`, else the environment. */
  region?: pulumi.Input<string>;
}

/**
 * An SSH key pair in Alibaba Cloud ECS, imported from a public key you hold.
 *
 * ```ts
 * const deploy = new KeyPair("deploy", { publicKey: fs.readFileSync("id_rsa.pub", "utf8") });
 * export const fingerprint = deploy.fingerprint;
 * ```
 */
export class KeyPair extends pulumi.dynamic.Resource {
  /** The key pair's name in ECS. */
  declare public readonly keyPairName: pulumi.Output<string>;
  /** The key in canonical OpenSSH form: `type base64`, no comment. */
  declare public readonly publicKey: pulumi.Output<string>;
  /** The fingerprint Alibaba reports: MD5 over the key blob, 32 lowercase hex characters. */
  declare public readonly fingerprint: pulumi.Output<string>;
  /** The SHA256 fingerprint as `ssh-keygen -l` prints it (`SHA256:…`). */
  declare public readonly fingerprintSha256: pulumi.Output<string>;
  /** The SSH key type: `ssh-rsa`, `ssh-dss`, `ecdsa-sha2-nistp256`, … */
  declare public readonly keyType: pulumi.Output<string>;
  /** The key size in bits. */
  declare public readonly keyBits: pulumi.Output<number>;
  /** The region the key pair is in. */
  declare public readonly region: pulumi.Output<string>;
  /** The resource group the key pair is in. */
  declare public readonly resourceGroupId: pulumi.Output<string>;
  /** The key pair's tags as ECS reports them. */
  declare public readonly tags: pulumi.Output<Record<string, string>>;
  /** When the key pair was created (UTC, as ECS reports it, e.g. `2026-01-02T03:04Z`). */
  declare public readonly creationTime: pulumi.Output<string>;

  /**
   * An existing ECS key pair, read by its name (its id) without managing it: its fingerprint, key and tags as the
   * cloud reports them.
   *
   * ```ts
   * const existing = KeyPair.get("existing", "deploy-key", { region: "cn-hangzhou" });
   * export const fingerprint = existing.fingerprint;
   * ```
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, lookup?: KeyPairLookup, opts?: pulumi.CustomResourceOptions): KeyPair {
    return new KeyPair(name, { publicKey: '', ...lookup }, { ...opts, id });
  }

  constructor(name: string, args: KeyPairArgs, opts?: pulumi.CustomResourceOptions) {
    refuseAlicloudProvider('KeyPair', name, opts);
    if (!opts?.id) refuseUnknownInputs('KeyPair', name, args, KEYPAIR_INPUTS);
    super(
      ecsProvider,
      name,
      opts?.id
        ? { region: args.region, assumeRole: args.assumeRole, profile: args.profile, ...LOOKUP_OUTPUTS }
        : {
            ...sharedInputs(name, args, opts?.parent),
            region: args.region,
            resourceGroupId: args.resourceGroupId,
            tags: args.tags,
            fingerprint: undefined,
            fingerprintSha256: undefined,
            keyType: undefined,
            keyBits: undefined,
            creationTime: undefined,
          },
      opts,
      'alicloud-keypair',
      'KeyPair',
    );
  }
}

/** Every output, unknown until the read: a lookup declares them all. */
const LOOKUP_OUTPUTS = {
  keyPairName: undefined,
  publicKey: undefined,
  fingerprint: undefined,
  fingerprintSha256: undefined,
  keyType: undefined,
  keyBits: undefined,
  resourceGroupId: undefined,
  tags: undefined,
  creationTime: undefined,
};

/** The inputs of KeyPair, as a JavaScript program may spell them. */
const KEYPAIR_INPUTS = [
  'publicKey',
  'keyPairName',
  'keyPairNamePrefix',
  'region',
  'resourceGroupId',
  'tags',
  'adoptExisting',
  'assumeRole',
  'profile',
];
