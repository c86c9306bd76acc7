/** `alicloud-keypair fingerprint`: the fingerprints of a key, or of every key in a file, as Alibaba and ssh-keygen print them. */
import { EXIT_INVALID, EXIT_OK, parseArguments, Streams, UsageError } from './arguments';
import { sshKeygenLabel, sshKeygenLine } from '../provider/ssh/fingerprint';
import { readKeys } from './keyFile';
import { readKeyText } from './readInput';

export const FINGERPRINT_HELP = `Usage: alicloud-keypair fingerprint [--json] [-E md5|sha256] <file|->

Reads public keys from FILE, or from standard input with '-': one key (OpenSSH line, RFC 4716 block or PEM), or a
file of OpenSSH lines such as an authorized_keys (options like from="..." or command="...", comments and blank lines
are fine). For one key it prints
  MD5     the fingerprint Alibaba Cloud reports (KeyPairFingerPrint): 32 lowercase hex, no colons
  SHA256  as 'ssh-keygen -l -E sha256' prints it
  type    the SSH key type (ssh-rsa, ecdsa-sha2-nistp256, ...)
  bits    the key size
and for several keys one line each, in order: BITS <Alibaba MD5> SHA256:... COMMENT (TYPE).
  -E md5|sha256  print exactly what 'ssh-keygen -l -E md5|sha256 -f FILE' prints, one line per key
  --json         one object {"md5", "sha256", "type", "bits", "publicKey"} (publicKey: canonical 'type base64');
                 for several keys, an array of them
A line that is not a key is reported on standard error with its line number; the other keys are still printed,
and the exit code is 1.
Example: alicloud-keypair fingerprint -E md5 ~/.ssh/authorized_keys`;

/** An authorized_keys file may hold many keys: read up to this much for `fingerprint`. */
const MAX_KEY_FILE_BYTES = 1024 * 1024;

export function fingerprintCommand(args: string[], { out, err }: Streams): number {
  const { options, positionals } = parseArguments(args, ['E'], ['json', 'help', 'h']);
  if (options.help || options.h) return (out(FINGERPRINT_HELP), EXIT_OK);
  if (positionals.length !== 1) throw new UsageError('fingerprint needs exactly one <file|-> argument');
  const hash = options.E;
  if (hash !== undefined && hash !== 'md5' && hash !== 'sha256') throw new UsageError('-E must be md5 or sha256');
  const source = positionals[0];
  const { keys, problems, notKeyFile } = readKeys(readKeyText(source, MAX_KEY_FILE_BYTES));
  if (notKeyFile) {
    // As `ssh-keygen -l -f` does: one line for a file that holds no public key at all.
    err(`${source === '-' ? 'standard input' : source} is not a public key file`);
    return EXIT_INVALID;
  }
  const single = keys.length + problems.length === 1;
  if (single && problems.length === 1) {
    err(`invalid public key: ${problems[0].message}`);
    return EXIT_INVALID;
  }
  for (const problem of problems)
    err(`${source === '-' ? 'standard input' : source}, line ${problem.line}: not a public key: ${problem.message}`);
  if (hash !== undefined) {
    // Exactly what `ssh-keygen -l -E md5|sha256 -f FILE` prints.
    for (const { info, comment } of keys) out(sshKeygenLine(info, hash, comment));
  } else if (options.json) {
    const objects = keys.map(({ info }) => ({
      md5: info.md5,
      sha256: info.sha256,
      type: info.type,
      bits: info.bits,
      publicKey: info.publicKey,
    }));
    out(JSON.stringify(single ? objects[0] : objects));
  } else if (single) {
    const { info } = keys[0];
    out(`MD5     ${info.md5}`);
    out(`SHA256  ${info.sha256}`);
    out(`type    ${info.type}`);
    out(`bits    ${info.bits}`);
  } else {
    for (const { info, comment } of keys) out(`${info.bits} ${info.md5} ${info.sha256} ${comment} (${sshKeygenLabel(info.type)})`);
  }
  if (keys.length === 0 && problems.length === 0) err(`no public key in ${source === '-' ? 'standard input' : source}`);
  return problems.length > 0 || keys.length === 0 ? EXIT_INVALID : EXIT_OK;
}
