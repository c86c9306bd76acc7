/**
 * Which key types each Alibaba service accepts, applied on top of `parsePublicKey`.
 *
 * ECS documents RSA, DSA and ECDSA (no Ed25519); ENS documents `ssh-rsa` only. Refusing the rest locally turns a
 * failed API call at apply time into a clear message at preview time.
 */
import { KNOWN_KEY_TYPES, parsePublicKey, PublicKeyError, PublicKeyInfo } from './publicKey';

import { Service, SERVICES } from '../serviceFacts';

export const ACCEPTED_KEY_TYPES: Readonly<Record<Service, readonly string[]>> = {
  ecs: ['ssh-rsa', 'ssh-dss', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521'],
  ens: ['ssh-rsa'],
};

const ACCEPTED_DESCRIPTION: Readonly<Record<Service, string>> = {
  ecs: 'RSA, DSA and ECDSA keys (ssh-rsa, ssh-dss, ecdsa-sha2-nistp256/384/521)',
  ens: 'RSA keys only (ssh-rsa)',
};

/** Parse a public key and check that `service` accepts its type. Throws `PublicKeyError`. */
export function parsePublicKeyFor(service: Service, text: unknown): PublicKeyInfo {
  const info = parsePublicKey(text);
  if (!ACCEPTED_KEY_TYPES[service].includes(info.type)) {
    throw new PublicKeyError(
      'unsupported-type',
      `${SERVICES[service].label} accepts ${ACCEPTED_DESCRIPTION[service]}; this is an ${KNOWN_KEY_TYPES[info.type]} key ` +
        `(${info.type}). Use an RSA key: \`ssh-keygen -t rsa -b 4096\``,
    );
  }
  return info;
}
