/**
 * A local emulator of the ECS and ENS key-pair APIs (and STS, for roles in several accounts): `startEmulator({port: 0})` in tests, or
 * `alicloud-keypair emulator` from the command line.
 */
import { Emulator, EmulatorOptions } from './server';

export { Emulator, EmulatorOptions, RequestRecord, DEFAULT_CREDENTIAL, DEFAULT_REGIONS, DEFAULT_ACCOUNT_ID } from './server';
export {
  AccountDirectory,
  StsSession,
  EmulatorAccount,
  EmulatorAccountOptions,
  EmulatorRole,
  EmulatorOidcProvider,
  CallerIdentity,
} from './accounts';
export { AttachRequest, AttachError } from './attachments';
export { Faults, FaultSettings, ScriptedFault } from './faults';
export { EmulatorCredential } from './auth';
export { StateFileError } from './stateFile';
export { KeyPairSnapshot, EmulatorStore, EcsKeyPairRecord, EnsKeyPairRecord, InstanceRecord, InstanceSnapshot } from './store';

/** Starts an emulator (on a free loopback port unless told otherwise) and resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return new Emulator(options).listen();
}
export { CertificateAuthority, TlsMaterial, TlsError, makeCertificateAuthority } from './tls';
export { InstanceRequest, InstanceError, createInstances, releaseInstance } from './instances';
