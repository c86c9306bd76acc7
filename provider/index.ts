/**
 * The provider side of the package: what the SDK's serialized shim loads on the Pulumi provider host with
 * `require('pulumi-alicloud-keypair/provider')`. Programs do not need it; they use `KeyPair` and `EnsKeyPair`.
 *
 * The parsing, naming and API-client modules behind it are internal: reachable under `dist/`, not a stable API.
 * @packageDocumentation
 */
export { KeyPairProvider, createKeyPairProvider, Reporter } from './keyPairProvider';
export type { Service } from './serviceFacts';
