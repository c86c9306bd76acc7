/**
 * One entry point for public keys: `parsePublicKey(text)` accepts an OpenSSH line, an RFC 4716 "SSH2" block or a
 * PEM public key (SPKI or PKCS#1) and returns the canonical OpenSSH form, the fingerprints and the type and size.
 *
 * Every failure is a `PublicKeyError` with a stable `rule` and a one-line message that says what to do. Messages
 * never quote the input: a user who pastes a private key, or a key with a secret-looking comment, must not see it
 * again in a log.
 */
import sshpk from 'sshpk';
import { KeyFingerprint } from './fingerprint';
import { containsPrivateKey } from './privateKey';

/** Larger than any real public key in any encoding (an RSA 16384 RFC 4716 block is under 3 KiB). */
export const MAX_PUBLIC_KEY_TEXT_BYTES = 16 * 1024;

/** Why a public key was refused; stable names that tests and callers can rely on. */
export type PublicKeyRule =
  | 'not-a-string'
  | 'empty'
  | 'too-large'
  | 'private-key'
  | 'multiple-keys'
  | 'certificate'
  | 'unrecognised-format'
  | 'corrupt'
  | 'type-mismatch'
  | 'unsupported-type'
  | 'rsa-too-small';

/** Thrown by `fingerprint()` (and used by the provider's check) when the text is not one acceptable public key. */
export class PublicKeyError extends Error {
  /** Always `PublicKeyError`. */
  override readonly name = 'PublicKeyError';
  constructor(
    /** Which rule the input broke, for programs that branch on it. */
    readonly rule: PublicKeyRule,
    message: string,
  ) {
    super(message);
  }
}

/** What we know about a public key once parsed: everything the provider stores and compares. */
export interface PublicKeyInfo {
  /** Canonical OpenSSH form: `type base64`, no comment. */
  publicKey: string;
  /** What Alibaba reports: MD5 over the key blob, 32 lowercase hex characters. */
  md5: string;
  /** As `ssh-keygen -l -E sha256` prints it: `SHA256:` + unpadded base64. */
  sha256: string;
  /** The SSH wire type, e.g. `ssh-rsa`, `ecdsa-sha2-nistp256`. */
  type: string;
  /** Key size as ssh-keygen reports it (modulus bits for RSA/DSA, curve bits for ECDSA, 256 for Ed25519). */
  bits: number;
}

/** SSH wire types we can parse, with the name people know them by. */
export const KNOWN_KEY_TYPES: Readonly<Record<string, string>> = {
  'ssh-rsa': 'RSA',
  'ssh-dss': 'DSA',
  'ecdsa-sha2-nistp256': 'ECDSA P-256',
  'ecdsa-sha2-nistp384': 'ECDSA P-384',
  'ecdsa-sha2-nistp521': 'ECDSA P-521',
  'ssh-ed25519': 'Ed25519',
};

/** Types OpenSSH knows that we deliberately do not accept (hardware-backed keys cannot be imported usefully). */
const OTHER_SSH_TYPES = /^(sk-[a-z0-9-]+@openssh\.com|ssh-ed448|x509v3-[a-z0-9-]+)$/;
const CERTIFICATE_TYPE = /-cert-v0[01]@openssh\.com$/;
const MIN_RSA_BITS = 1024;

const FORMATS_HINT =
  'give one public key as an OpenSSH line (ssh-rsa AAAA… comment, the contents of a .pub file), ' +
  'an RFC 4716 block (---- BEGIN SSH2 PUBLIC KEY ----) or a PEM public key (-----BEGIN PUBLIC KEY-----)';

/** Parse any supported public-key text. Throws `PublicKeyError`; never anything else. */
export function parsePublicKey(text: unknown): PublicKeyInfo {
  if (typeof text !== 'string') {
    throw new PublicKeyError('not-a-string', `the public key must be text; ${FORMATS_HINT}`);
  }
  const size = Buffer.byteLength(text, 'utf8');
  if (size > MAX_PUBLIC_KEY_TEXT_BYTES) {
    throw new PublicKeyError(
      'too-large',
      `the public key text is ${size} bytes, more than the ${MAX_PUBLIC_KEY_TEXT_BYTES} any public key needs; ${FORMATS_HINT}`,
    );
  }
  // Checked before anything else so that no later message can be about a private key's contents.
  if (containsPrivateKey(text)) {
    throw new PublicKeyError(
      'private-key',
      'this is a private key, which must never leave your machine; give the public key instead ' +
        '(`ssh-keygen -y -f <private key file>` prints it). The value is not shown',
    );
  }
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') {
    throw new PublicKeyError('empty', `the public key is empty; ${FORMATS_HINT}`);
  }
  const blob = trimmed.startsWith('---- BEGIN SSH2 PUBLIC KEY ----')
    ? blobFromRfc4716(trimmed)
    : trimmed.startsWith('-----BEGIN ')
      ? blobFromPem(trimmed)
      : blobFromOpenSshLine(trimmed);
  return describeBlob(blob);
}

/** The key-blob → facts step shared by every encoding. */
function describeBlob(blob: Buffer): PublicKeyInfo {
  const type = readWireType(blob);
  checkTypeIsUsable(type);
  let key: sshpk.Key;
  try {
    key = sshpk.parseKey(blob, 'rfc4253');
  } catch {
    throw new PublicKeyError(
      'corrupt',
      `the ${KNOWN_KEY_TYPES[type]} key data is truncated or corrupt; copy the whole key again from the .pub file`,
    );
  }
  // Re-encode so that equivalent inputs (say, a PEM and an OpenSSH line of one key) give byte-identical output.
  const canonicalBlob = key.toBuffer('rfc4253', {});
  if (!canonicalBlob.equals(blob)) {
    throw new PublicKeyError(
      'corrupt',
      `the ${KNOWN_KEY_TYPES[type]} key data has extra or malformed bytes; copy the whole key again from the .pub file`,
    );
  }
  const bits = key.size;
  if (type === 'ssh-rsa' && bits < MIN_RSA_BITS) {
    throw new PublicKeyError(
      'rsa-too-small',
      `RSA keys must have at least ${MIN_RSA_BITS} bits and this one has ${bits}; ` + 'generate a new key with `ssh-keygen -t rsa -b 4096`',
    );
  }
  const fingerprint = KeyFingerprint.ofBlob(blob);
  return {
    publicKey: `${type} ${blob.toString('base64')}`,
    md5: fingerprint.toString('alibaba'),
    sha256: fingerprint.toString('sha256'),
    type,
    bits,
  };
}

function checkTypeIsUsable(type: string): void {
  if (CERTIFICATE_TYPE.test(type)) {
    throw new PublicKeyError(
      'certificate',
      'this is an OpenSSH certificate, not a public key; give the plain public key it certifies (the .pub file without -cert)',
    );
  }
  // Own properties only: a type named `constructor` or `toString` is not a key type.
  if (!Object.hasOwn(KNOWN_KEY_TYPES, type)) {
    const what = OTHER_SSH_TYPES.test(type) ? `key type ${type} is not supported` : 'the key type is not recognised';
    throw new PublicKeyError('unsupported-type', `${what}; use an RSA key (\`ssh-keygen -t rsa -b 4096\`)`);
  }
}

/** The first string of an RFC 4253 key blob is its type. */
function readWireType(blob: Buffer): string {
  if (blob.length < 4) throw corrupt();
  const length = blob.readUInt32BE(0);
  if (length === 0 || length > 64 || blob.length < 4 + length) throw corrupt();
  const type = blob.subarray(4, 4 + length).toString('latin1');
  if (!/^[\x21-\x7e]+$/.test(type)) throw corrupt();
  return type;
}

function corrupt(): PublicKeyError {
  return new PublicKeyError('corrupt', 'the key data is truncated or corrupt; copy the whole key again from the .pub file');
}

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decodeBase64Strictly(text: string): Buffer {
  if (text.length === 0 || !STRICT_BASE64.test(text)) {
    throw new PublicKeyError(
      'corrupt',
      'the key data is not valid base64 (truncated or altered); copy the whole key again from the .pub file',
    );
  }
  return Buffer.from(text, 'base64');
}

/** `type base64 [comment]`, the format of .pub files and authorized_keys lines (without options). */
function blobFromOpenSshLine(text: string): Buffer {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  if (lines.length === 0) throw new PublicKeyError('empty', `the public key is empty; ${FORMATS_HINT}`);
  const keyLines = lines.filter((l) => /^\S+\s+AAAA[A-Za-z0-9+/]/.test(l));
  if (keyLines.length > 1) {
    throw new PublicKeyError('multiple-keys', `the text holds ${keyLines.length} keys; give exactly one public key`);
  }
  if (lines.length > 1) {
    throw new PublicKeyError('unrecognised-format', `the text has ${lines.length} lines that are not one key; ${FORMATS_HINT}`);
  }
  const [declaredType, data] = lines[0].split(/\s+/);
  // Every key blob starts with a small big-endian length, so its base64 starts with "AAAA".
  if (data === undefined || !/^[a-z0-9@.-]+$/.test(declaredType) || !data.startsWith('AAAA')) {
    throw new PublicKeyError('unrecognised-format', `the text is not a public key; ${FORMATS_HINT}`);
  }
  if (CERTIFICATE_TYPE.test(declaredType)) checkTypeIsUsable(declaredType);
  const blob = decodeBase64Strictly(data);
  const blobType = readWireType(blob);
  if (blobType !== declaredType) {
    throw new PublicKeyError(
      'type-mismatch',
      `the line says ${declaredType} but its key data is ${blobType}; copy the line again from the .pub file`,
    );
  }
  return blob;
}

/** RFC 4716 §3: BEGIN line, optional headers (`Tag: value`, `\` continues a line), base64 body, END line. */
function blobFromRfc4716(text: string): Buffer {
  const begins = text.match(/---- BEGIN SSH2 PUBLIC KEY ----/g) ?? [];
  if (begins.length > 1) {
    throw new PublicKeyError('multiple-keys', `the text holds ${begins.length} keys; give exactly one public key`);
  }
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const end = lines.indexOf('---- END SSH2 PUBLIC KEY ----');
  if (end < 0) {
    throw new PublicKeyError('corrupt', 'the RFC 4716 block has no "---- END SSH2 PUBLIC KEY ----" line; copy the whole block');
  }
  if (lines.slice(end + 1).some((l) => l !== '')) {
    throw new PublicKeyError('unrecognised-format', `there is text after the RFC 4716 block; ${FORMATS_HINT}`);
  }
  let body = '';
  let inHeaderContinuation = false;
  for (const line of lines.slice(1, end)) {
    if (inHeaderContinuation || (body === '' && /^[\x21-\x39\x3b-\x7e]{1,64}:/.test(line))) {
      inHeaderContinuation = line.endsWith('\\');
      continue;
    }
    body += line;
  }
  return decodeBase64Strictly(body);
}

/** `-----BEGIN PUBLIC KEY-----` (SPKI, what `ssh-keygen -e -m PKCS8` writes) or `RSA PUBLIC KEY` (PKCS#1). */
function blobFromPem(text: string): Buffer {
  const begins = text.match(/-----BEGIN [A-Z0-9 ]+-----/g) ?? [];
  if (begins.length > 1) {
    throw new PublicKeyError('multiple-keys', `the text holds ${begins.length} PEM blocks; give exactly one public key`);
  }
  if (/-----BEGIN CERTIFICATE-----/.test(text)) {
    throw new PublicKeyError(
      'certificate',
      'this is an X.509 certificate, not an SSH public key; give the public key (`ssh-keygen -y -f <private key>`)',
    );
  }
  if (!/^-----BEGIN (RSA )?PUBLIC KEY-----/.test(text)) {
    throw new PublicKeyError('unrecognised-format', `this PEM block is not a public key; ${FORMATS_HINT}`);
  }
  let key: sshpk.Key;
  try {
    key = sshpk.parseKey(text, 'pem');
  } catch {
    throw new PublicKeyError(
      'corrupt',
      'the PEM public key is truncated, corrupt or of an unsupported algorithm; export it again (`ssh-keygen -e -m PKCS8 -f key.pub`)',
    );
  }
  return key.toBuffer('rfc4253', {});
}
