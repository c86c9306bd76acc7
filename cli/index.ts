#!/usr/bin/env node
/**
 * The `alicloud-keypair` command: fingerprint, validate, emulator.
 * Results go to standard output, every diagnostic to standard error (a script piping the output never gets an
 * error as data). Exit codes: 0 ok, 1 invalid input (a file that cannot be read included), 2 usage error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MAX_PUBLIC_KEY_TEXT_BYTES, PublicKeyError } from '../provider/ssh/publicKey';
import { parsePublicKeyFor } from '../provider/ssh/serviceRules';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, InputError, parseArguments, Streams, UsageError } from './arguments';
import { emulatorCommand, EMULATOR_HELP } from './emulatorCommand';
import { emulatorCtlCommand, EMULATOR_CTL_HELP } from './emulatorCtl';
import { colonMd5, readKeys, sshKeygenLabel } from './keyFile';
import { Service } from '../provider/serviceFacts';
import { validateKeyPairName, validatePublicKey } from '../provider/validation';

const HELP: Record<string, string> = {
  main: `Usage: alicloud-keypair <command> [options]

Commands:
  fingerprint [--json] [-E md5|sha256] <file|->
                                  print the Alibaba (MD5) and SHA256 fingerprints, type and bits of a public key,
                                  or of every key in a file such as authorized_keys
  validate [--json] [--service ecs|ens] [--name NAME] [--public-key FILE]
                                  check a key-pair name and public key as the Pulumi provider would
  emulator [--host 127.0.0.1] [--port 0] [--access-key-id ID] [--access-key-secret SECRET] [--quota N] [--faults JSON]
           [--state FILE] [--quiet]
                                  serve the ECS and ENS key-pair APIs locally, for offline previews and tests
  emulator-ctl [--url URL] list|delete|import|tag|attach|reset [options]
                                  change a running emulator behind Pulumi's back (drift on demand)

Run 'alicloud-keypair <command> --help' for a command's options; 'alicloud-keypair --version' for the version.
Results go to standard output, diagnostics to standard error.
Exit codes: 0 ok, 1 invalid input (including a file that cannot be read), 2 usage error.`,
  fingerprint: `Usage: alicloud-keypair fingerprint [--json] [-E md5|sha256] <file|->

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
Example: alicloud-keypair fingerprint -E md5 ~/.ssh/authorized_keys`,
  validate: `Usage: alicloud-keypair validate [--json] [--service ecs|ens] [--name NAME] [--public-key FILE]

Checks a key-pair name and/or a public key (FILE, or - for standard input) with the same rules and messages as the
provider's preview. --service defaults to ecs (ECS accepts RSA, DSA, ECDSA; ENS accepts ssh-rsa only).
Exit 0 when valid (prints 'valid'); exit 1 with one line per problem on standard error otherwise.
  --json  print {"valid": true|false, "problems": [{"field", "rule", "message"}]} on standard output instead
Example: alicloud-keypair validate --json --service ens --name edge-key --public-key id_rsa.pub`,
  'emulator-ctl': EMULATOR_CTL_HELP,
  emulator: EMULATOR_HELP,
};

/** Reads at most one byte more than `maxBytes`, so a huge file or stream is refused, not loaded. */
function readKeyText(source: string, maxBytes = MAX_PUBLIC_KEY_TEXT_BYTES): string {
  const limit = maxBytes + 1;
  const buffer = Buffer.alloc(limit);
  let fd: number;
  try {
    fd = source === '-' ? 0 : fs.openSync(source, 'r');
  } catch (error) {
    throw new InputError(`cannot read ${source}: ${describeReadError(error)}`);
  }
  let total = 0;
  try {
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(fd, buffer, total, limit - total, null);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        if ((error as NodeJS.ErrnoException).code === 'EOF') break;
        throw new InputError(`cannot read ${source}: ${describeReadError(error)}`);
      }
      if (n === 0) break;
      total += n;
      if (total >= limit) break;
    }
  } finally {
    if (fd !== 0) fs.closeSync(fd);
  }
  return buffer.subarray(0, total).toString('utf8');
}

/** A file-system error as a reason people recognise, without the library's full message. */
function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'it is a folder' };
  return code && Object.hasOwn(reasons, code) ? `${reasons[code]} (${code})` : (code ?? 'read error');
}

/** An authorized_keys file may hold many keys: read up to this much for `fingerprint`. */
const MAX_KEY_FILE_BYTES = 1024 * 1024;

function fingerprintCommand(args: string[], { out, err }: Streams): number {
  const { options, positionals } = parseArguments(args, ['E'], ['json', 'help', 'h']);
  if (options.help || options.h) return (out(HELP.fingerprint), EXIT_OK);
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
    for (const { info, comment } of keys)
      out(`${info.bits} ${hash === 'md5' ? colonMd5(info.md5) : info.sha256} ${comment} (${sshKeygenLabel(info.type)})`);
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

/** One problem found by validate: which input, which rule, what to do. */
interface Problem {
  field: 'keyPairName' | 'publicKey';
  rule: string;
  message: string;
}

/** The rule a name problem broke, from its message (naming.ts words each rule once). */
function nameRule(message: string): string {
  if (/characters long/.test(message)) return 'length';
  if (/http/.test(message)) return 'no-url';
  if (/start with a letter/.test(message)) return 'starts-with-letter';
  if (/may contain only/.test(message)) return 'characters';
  return 'text';
}

function validateCommand(args: string[], { out, err }: Streams): number {
  const { options, positionals } = parseArguments(args, ['service', 'name', 'public-key'], ['json', 'help', 'h']);
  if (options.help || options.h) return (out(HELP.validate), EXIT_OK);
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const service = (options.service ?? 'ecs') as string;
  if (service !== 'ecs' && service !== 'ens') throw new UsageError('--service must be ecs or ens');
  if (options.name === undefined && options['public-key'] === undefined) {
    throw new UsageError('validate needs --name and/or --public-key');
  }
  const problems: Problem[] = [];
  if (typeof options.name === 'string') {
    problems.push(
      ...validateKeyPairName(options.name).map((f) => ({ field: 'keyPairName' as const, rule: nameRule(f.reason), message: f.reason })),
    );
  }
  if (typeof options['public-key'] === 'string') {
    const text = readKeyText(options['public-key']);
    try {
      parsePublicKeyFor(service as Service, text);
    } catch (error) {
      const { failure } = validatePublicKey(service as Service, text);
      const rule = error instanceof PublicKeyError ? error.rule : 'unreadable';
      problems.push({ field: 'publicKey', rule, message: failure?.reason ?? `publicKey: ${(error as Error).message}` });
    }
  }
  if (options.json) out(JSON.stringify({ valid: problems.length === 0, problems }));
  else if (problems.length === 0) out('valid');
  else problems.forEach((p) => err(p.message));
  return problems.length === 0 ? EXIT_OK : EXIT_INVALID;
}

const STANDARD_STREAMS: Streams = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

/** The package version, from its package.json: above dist/cli/ when built, above cli/ when run from sources. */
function packageVersion(): string {
  for (const dir of [path.join(__dirname, '..', '..'), path.join(__dirname, '..')]) {
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'pulumi-alicloud-keypair' && manifest.version) return manifest.version;
    } catch {
      // not there: try the next folder
    }
  }
  return 'unknown';
}

export async function main(argv: string[], streams: Streams = STANDARD_STREAMS): Promise<number> {
  const { out, err } = streams;
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'fingerprint':
        return fingerprintCommand(rest, streams);
      case 'validate':
        return validateCommand(rest, streams);
      case 'emulator':
        return await emulatorCommand(rest, streams);
      case 'emulator-ctl':
        return await emulatorCtlCommand(rest, streams);
      case '--version':
      case '-V':
        out(packageVersion());
        return EXIT_OK;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        (command === undefined ? err : out)(HELP.main);
        return command === undefined ? EXIT_USAGE : EXIT_OK;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      err(`alicloud-keypair: ${error.message}\nRun 'alicloud-keypair --help' for usage.`);
      return EXIT_USAGE;
    }
    if (error instanceof InputError) {
      err(`alicloud-keypair: ${error.message}`);
      return EXIT_INVALID;
    }
    throw error;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`alicloud-keypair: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = EXIT_INVALID;
    },
  );
}
