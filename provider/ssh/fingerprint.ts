/**
 * A key's fingerprints and every form they are printed in, owned by one value (as sshpk's
 * `Fingerprint.toString(format)`): Alibaba's 32 lowercase hex, ssh-keygen's `MD5:aa:bb:…` and `SHA256:…`, and
 * ssh-keygen's `-l` line. Pure.
 */
import * as crypto from 'crypto';

/**
 * `alibaba`: MD5 over the key blob as 32 lowercase hex, what Alibaba reports as KeyPairFingerPrint;
 * `md5`: as `ssh-keygen -l -E md5` prints it (`MD5:be:d4:…`); `sha256`: as `ssh-keygen -l -E sha256` (`SHA256:` and
 * unpadded base64).
 */
export type FingerprintFormat = 'alibaba' | 'md5' | 'sha256';

export class KeyFingerprint {
  private constructor(
    private readonly md5Hex: string,
    private readonly sha256Base64: string,
  ) {}

  /** The fingerprints of a key blob (RFC 4253 wire form). */
  static ofBlob(blob: Buffer): KeyFingerprint {
    return new KeyFingerprint(
      crypto.createHash('md5').update(blob).digest('hex'),
      crypto.createHash('sha256').update(blob).digest('base64').replace(/=+$/, ''),
    );
  }

  /** The fingerprints as a parsed key records them (its Alibaba MD5 and its `SHA256:…`). */
  static of(key: { md5: string; sha256: string }): KeyFingerprint {
    return new KeyFingerprint(normalizeFingerprint(key.md5), key.sha256.replace(/^SHA256:/, ''));
  }

  toString(format: FingerprintFormat = 'alibaba'): string {
    if (format === 'md5') return `MD5:${this.md5Hex.match(/../g)!.join(':')}`;
    if (format === 'sha256') return `SHA256:${this.sha256Base64}`;
    return this.md5Hex;
  }
}

/**
 * Compare fingerprints in any of the forms people and APIs print them: `MD5:aa:bb…`, `aa:bb:…`, `AABB…`.
 * Only MD5 hex forms are normalised; anything else is compared as given, lowercased.
 */
export function normalizeFingerprint(value: string): string {
  return value.trim().replace(/^md5:/i, '').replace(/:/g, '').toLowerCase();
}

/** The label ssh-keygen -l puts in parentheses. */
export function sshKeygenLabel(type: string): string {
  if (type === 'ssh-rsa') return 'RSA';
  if (type === 'ssh-dss') return 'DSA';
  if (type.startsWith('ecdsa-')) return 'ECDSA';
  if (type === 'ssh-ed25519') return 'ED25519';
  return type.toUpperCase();
}

/** Exactly the line `ssh-keygen -l -E md5|sha256 -f FILE` prints for a key: `BITS FINGERPRINT COMMENT (TYPE)`. */
export function sshKeygenLine(
  key: { md5: string; sha256: string; bits: number; type: string },
  hash: 'md5' | 'sha256',
  comment: string,
): string {
  return `${key.bits} ${KeyFingerprint.of(key).toString(hash)} ${comment} (${sshKeygenLabel(key.type)})`;
}
