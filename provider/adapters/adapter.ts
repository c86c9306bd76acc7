/**
 * What a service adapter does: everything that differs between ECS and ENS key pairs, so that the lifecycle code
 * (keyPairProvider.ts, createKeyPair.ts) has no `service === …` of its own. One file per adapter: ecs.ts, ens.ts.
 */
import { ApiError, NetworkError } from '../alibaba';
import { ServiceFacts, Service } from '../serviceFacts';
import { normalizeFingerprint } from '../ssh/fingerprint';
import type { CloudKeyPair, KeyPairInputs, KeyPairLocation, KeyPairState } from '../types';

/** Everything that differs between the services, so the lifecycle code has no `service === …` of its own. */
export interface KeyPairServiceAdapter {
  readonly service: Service;
  readonly errorCodes: ServiceFacts['errorCodes'];
  /** The resource id: ECS key pairs are known by name, ENS ones by id. */
  idOf(state: KeyPairState): string;
  /** Where the key pair of a lookup (`KeyPair.get`, `EnsKeyPair.get`) is, from its id (and the region, for ECS). */
  locateById(id: string, region: string | undefined): Partial<KeyPairState>;
  /** The service's own state fields after a create. */
  createdFields(inputs: KeyPairInputs, cloud: CloudKeyPair): Partial<KeyPairState>;
  /** The service's own state fields as the cloud reports them (refresh). */
  cloudFields(cloud: CloudKeyPair, state: KeyPairState): Partial<KeyPairState>;
  importKeyPair(inputs: KeyPairInputs): Promise<CloudKeyPair>;
  find(location: KeyPairLocation): Promise<CloudKeyPair | undefined>;
  delete(location: KeyPairLocation): Promise<void>;
  /** ECS only: in-place changes. */
  setTags?(location: KeyPairLocation, current: Record<string, string>, desired: Record<string, string>): Promise<Record<string, string>>;
  joinResourceGroup?(location: KeyPairLocation, resourceGroupId: string): Promise<void>;
}

/** True when `error` is the service's answer with this code. */
export function hasErrorCode(error: unknown, code: string): boolean {
  return error instanceof ApiError && error.code === code;
}

/** The cloud's fingerprint of a key pair just imported; without one, the import cannot be trusted to be ours. */
export function fingerprintOrFail(fingerprint: string | undefined): string {
  if (!fingerprint) {
    throw new NetworkError(
      'ImportKeyPair',
      'BAD_RESPONSE',
      'the answer held no key-pair fingerprint, and the key pair could not be found afterwards',
      true,
    );
  }
  return normalizeFingerprint(fingerprint);
}
