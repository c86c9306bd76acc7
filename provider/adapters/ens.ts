/** ENS key pairs: global, known by id (and by their unique name); nothing changes in place. */
import { EnsKeyPairApi } from '../alibaba';
import { SERVICES } from '../serviceFacts';
import { normalizeFingerprint } from '../ssh/fingerprint';
import type { CloudKeyPair, KeyPairInputs, KeyPairLocation, KeyPairState } from '../types';
import { fingerprintOrFail, KeyPairServiceAdapter } from './adapter';

export class EnsAdapter implements KeyPairServiceAdapter {
  readonly service = 'ens' as const;
  readonly errorCodes = SERVICES.ens.errorCodes;
  constructor(private readonly api: () => EnsKeyPairApi) {}

  idOf(state: KeyPairState): string {
    return state.keyPairId ?? state.keyPairName;
  }

  locateById(id: string): Partial<KeyPairState> {
    return { keyPairId: id, keyPairName: '' };
  }

  createdFields(_inputs: KeyPairInputs, cloud: CloudKeyPair): Partial<KeyPairState> {
    return { keyPairId: cloud.keyPairId };
  }

  cloudFields(cloud: CloudKeyPair): Partial<KeyPairState> {
    return { keyPairId: cloud.keyPairId };
  }

  /** Two calls: ImportKeyPair does not return the key pair's id, so a describe follows. */
  async importKeyPair(inputs: KeyPairInputs): Promise<CloudKeyPair> {
    const result = await this.api().importKeyPair({ keyPairName: inputs.keyPairName, publicKeyBody: inputs.publicKey });
    const described = result.keyPairId ? undefined : await this.find({ keyPairName: inputs.keyPairName });
    return {
      keyPairName: result.keyPairName,
      fingerprint: fingerprintOrFail(result.keyPairFingerPrint || described?.fingerprint),
      keyPairId: result.keyPairId ?? described?.keyPairId,
      creationTime: described?.creationTime,
    };
  }

  async find(location: KeyPairLocation): Promise<CloudKeyPair | undefined> {
    // By name, not id: names are unique, and a key pair re-imported outside Pulumi under the same name (new id)
    // must show as drift, not as "gone". Only a lookup (`EnsKeyPair.get`) knows nothing but the id.
    const found = location.keyPairName
      ? await this.api().findKeyPair(location.keyPairName)
      : location.keyPairId
        ? await this.api().findKeyPairById(location.keyPairId)
        : undefined;
    if (!found) return undefined;
    return {
      keyPairName: found.keyPairName,
      fingerprint: normalizeFingerprint(found.keyPairFingerPrint),
      keyPairId: found.keyPairId,
      creationTime: found.creationTime,
    };
  }

  async delete(location: KeyPairLocation): Promise<void> {
    await this.api().deleteKeyPair(location.keyPairId ? { keyPairId: location.keyPairId } : { keyPairName: location.keyPairName });
  }
}
