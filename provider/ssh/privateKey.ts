/**
 * Recognises private key material so that it can be refused before it goes anywhere.
 *
 * People paste the wrong file (id_rsa instead of id_rsa.pub) often enough that this gets its own module: the
 * text must be refused with a message that never repeats any of it, and callers must also avoid echoing it
 * (see `looksSecret`, used wherever an input could be printed back to the user).
 */

/** PEM armour of every private-key container we know: PKCS#1, PKCS#8 (plain and encrypted), SEC1, OpenSSH, DSA. */
const PEM_PRIVATE_ARMOUR = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
/** The RFC 4716 private-key block written by commercial SSH and by PuTTYgen's "export ssh.com". */
const SSH2_PRIVATE_ARMOUR = /---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----/;
/** PuTTY's own .ppk format. */
const PUTTY_PRIVATE = /PuTTY-User-Key-File-\d+:/;
/**
 * The base64 of "openssh-key-v1\0", the magic at the start of every OpenSSH private key body. It catches a body
 * pasted without its armour lines.
 */
const OPENSSH_V1_MAGIC_BASE64 = 'b3BlbnNzaC1rZXktdjE';

/** True when the text holds (or is) private key material in any format we know. */
export function containsPrivateKey(text: string): boolean {
  return (
    PEM_PRIVATE_ARMOUR.test(text) || SSH2_PRIVATE_ARMOUR.test(text) || PUTTY_PRIVATE.test(text) || text.includes(OPENSSH_V1_MAGIC_BASE64)
  );
}

/**
 * True when a value should never be echoed back: private keys, and anything carrying PEM/SSH2 armour at all.
 * Used by validation to decide whether a message may quote the input.
 */
export function looksSecret(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  return containsPrivateKey(value) || /-----BEGIN |---- BEGIN /.test(value);
}
