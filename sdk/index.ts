/**
 * pulumi-alicloud-keypair: SSH key pairs for Alibaba Cloud ECS and ENS in Pulumi programs.
 * @packageDocumentation
 */
export { KeyPair, KeyPairArgs, KeyPairLookup } from './keyPair';
export { AccountSelection, AssumeRoleSettings } from './accountSelection';
export { EnsKeyPair, EnsKeyPairArgs, EnsKeyPairLookup } from './ensKeyPair';
export { fingerprint, Fingerprint } from './fingerprint';
export { PublicKeyError, PublicKeyRule } from '../provider/ssh/publicKey';
