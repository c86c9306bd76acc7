import { parsePublicKey } from '../provider/ssh/publicKey';

/** The facts `fingerprint()` returns about a public key. */
export interface Fingerprint {
  /** What Alibaba reports as KeyPairFingerPrint: MD5 over the key blob, 32 lowercase hex. */
  md5: string;
  /** As `ssh-keygen -l -E sha256` prints it: `SHA256:…`. */
  sha256: string;
  /** The SSH key type, e.g. `ssh-rsa`. */
  type: string;
  /** The key size in bits. */
  bits: number;
  /** The canonical OpenSSH form, `type base64`. */
  publicKey: string;
}

/**
 * Fingerprint a public key (OpenSSH line, RFC 4716 block or PEM) exactly as the provider does, locally.
 * Throws a `PublicKeyError` (with a `rule` and a message that never quotes the input) for anything else.
 */
export function fingerprint(publicKeyText: string): Fingerprint {
  const info = parsePublicKey(publicKeyText);
  return { md5: info.md5, sha256: info.sha256, type: info.type, bits: info.bits, publicKey: info.publicKey };
}
