import * as pulumi from '@pulumi/pulumi';
import type { AssumeRoleSettings } from '../provider/identity';

export type { AssumeRoleSettings };

/** Which account a key pair is in, when not the stack's: the same two inputs on `KeyPair`, `EnsKeyPair` and their `get`. */
export interface AccountSelection {
  /**
   * Act in this role's account instead of the stack's identity: the role is assumed through STS with the stack's
   * base credentials (or `profile`). Nothing secret. Changing `roleArn` replaces the key pair; the other settings
   * apply to the next calls.
   */
  assumeRole?: pulumi.Input<AssumeRoleSettings>;
  /** Take the credentials from this aliyun CLI profile (~/.aliyun/config.json) instead of the stack's. Changing it replaces the key pair. */
  profile?: pulumi.Input<string>;
}
