/**
 * The provider side of the package, loaded on the Pulumi provider host by `require('pulumi-alicloud-keypair/provider')`
 * from the SDK's serialized shim. Also usable directly (tests, other tools).
 */
export { KeyPairProvider, createKeyPairProvider } from './keyPairProvider';
export { checkInputs, KeyPairInputs, AutoNameSeed } from './inputs';
export { diffKeyPair, DiffDecision } from './diff';
export { keyPairNameProblems, autoKeyPairName } from './naming';
export { UNKNOWN, isUnknown } from './unknown';
export * from './ssh';
export * as alibaba from './alibaba';
