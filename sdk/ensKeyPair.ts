import * as pulumi from '@pulumi/pulumi';
import { AccountSelection } from './accountSelection';
import ensProvider = require('./ensProvider');
import { refuseAlicloudProvider } from './resourceOptions';
import { refuseUnknownInputs, sharedInputs } from './sharedInputs';

/** Inputs of an ENS (Edge Node Service) key pair. */
export interface EnsKeyPairArgs extends AccountSelection {
  /** The public key (OpenSSH line, RFC 4716 block or PEM). ENS accepts `ssh-rsa` keys only, of at least 1024 bits. */
  publicKey: pulumi.Input<string>;
  /** The key pair's name in ENS (same rules as ECS). Default: generated from the resource name, kept across updates. */
  keyPairName?: pulumi.Input<string>;
  /** Manage an existing key pair of this name when it holds exactly this key, instead of failing. */
  adoptExisting?: pulumi.Input<boolean>;
  /** A generated name starting with this prefix (then `-` and 8 characters). Not together with keyPairName. */
  keyPairNamePrefix?: pulumi.Input<string>;
}

/** What `EnsKeyPair.get` may need besides the id: the account to look in, when not the stack's. */
export type EnsKeyPairLookup = AccountSelection;

/** An SSH key pair in Alibaba Cloud ENS, imported from a public key you hold. ENS key pairs are not regional. */
export class EnsKeyPair extends pulumi.dynamic.Resource {
  /** The key pair's name in ENS. */
  declare public readonly keyPairName: pulumi.Output<string>;
  /** The key pair's id in ENS. */
  declare public readonly keyPairId: pulumi.Output<string>;
  /** The key in canonical OpenSSH form: `ssh-rsa base64`, no comment. */
  declare public readonly publicKey: pulumi.Output<string>;
  /** The fingerprint Alibaba reports: MD5 over the key blob, 32 lowercase hex characters. */
  declare public readonly fingerprint: pulumi.Output<string>;
  /** The SHA256 fingerprint as `ssh-keygen -l` prints it. */
  declare public readonly fingerprintSha256: pulumi.Output<string>;
  /** Always `ssh-rsa` for ENS. */
  declare public readonly keyType: pulumi.Output<string>;
  /** The key size in bits. */
  declare public readonly keyBits: pulumi.Output<number>;
  /** When the key pair was created, as ENS reports it. */
  declare public readonly creationTime: pulumi.Output<string>;

  /**
   * An existing ENS key pair, read by its id (`ssh-…`) without managing it. The arguments are in the same order as
   * `KeyPair.get`'s: name, id, where to look (the account), resource options.
   *
   * ```ts
   * const existing = EnsKeyPair.get("existing", "ssh-5e000001");
   * const inAnotherAccount = EnsKeyPair.get("other", "ssh-5e000002", { assumeRole: { roleArn } });
   * ```
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, lookup?: EnsKeyPairLookup, opts?: pulumi.CustomResourceOptions): EnsKeyPair {
    return new EnsKeyPair(name, { publicKey: '', ...lookup }, { ...opts, id });
  }

  constructor(name: string, args: EnsKeyPairArgs, opts?: pulumi.CustomResourceOptions) {
    refuseAlicloudProvider('EnsKeyPair', name, opts);
    if (!opts?.id) refuseUnknownInputs('EnsKeyPair', name, args, ENSKEYPAIR_INPUTS);
    super(
      ensProvider,
      name,
      opts?.id
        ? {
            assumeRole: args.assumeRole,
            profile: args.profile,
            keyPairName: undefined,
            keyPairId: undefined,
            publicKey: undefined,
            fingerprint: undefined,
            fingerprintSha256: undefined,
            keyType: undefined,
            keyBits: undefined,
            creationTime: undefined,
          }
        : {
            ...sharedInputs(name, args, opts?.parent),
            keyPairId: undefined,
            fingerprint: undefined,
            fingerprintSha256: undefined,
            keyType: undefined,
            keyBits: undefined,
            creationTime: undefined,
          },
      opts,
      'alicloud-keypair',
      'EnsKeyPair',
    );
  }
}

/** The inputs of EnsKeyPair, as a JavaScript program may spell them. */
const ENSKEYPAIR_INPUTS = ['publicKey', 'keyPairName', 'keyPairNamePrefix', 'adoptExisting', 'assumeRole', 'profile'];
