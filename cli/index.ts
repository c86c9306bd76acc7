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
import { emulatorCtlCommand, EMULATOR_CTL_HELP } from './emulatorCtl';
import { colonMd5, readKeys, sshKeygenLabel } from './keyFile';
import { Service } from '../provider/service';
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
  emulator: `Usage: alicloud-keypair emulator [--host 127.0.0.1] [--port 0] [--access-key-id ID] [--access-key-secret SECRET]
                                [--quota N] [--faults JSON] [--state FILE] [--quiet] [--pid-file FILE]
                                [--account-id ID] [--roles JSON] [--accounts JSON]

Serves the ECS (2014-05-26) and ENS (2017-11-10) key-pair APIs on one port, verifying V1 and V3 signatures, and
STS (2015-04-01: AssumeRole, AssumeRoleWithOIDC, GetCallerIdentity) for roles in several accounts.
Prints 'listening on http://HOST:PORT' first on standard output, then one line per request on standard error
(time, service, action, region, status, code), and runs until SIGINT (Ctrl-C) or SIGTERM, which it answers by
finishing the requests in flight and stopping.
Point the provider at it with ALIBABA_CLOUD_ENDPOINT_ECS, ALIBABA_CLOUD_ENDPOINT_ENS and ALIBABA_CLOUD_ENDPOINT_STS
set to that URL.
  --host H            interface to listen on (default 127.0.0.1; anything but loopback is warned about)
  --port N            port (default 0: a free one, see the first line)
  --access-key-id ID, --access-key-secret SECRET
                      the access key it accepts (default 'emulator-access-key-id' / 'emulator-access-key-secret')
  --quota N           ECS key pairs per region before QuotaExceed.KeyPair (default 500, as Alibaba documents)
  --faults JSON       inject faults, to see how a program copes, e.g. '{"throttleProbability":0.3,"seed":1}':
                        seed                       a whole number: the same seed and requests give the same faults
                        throttleProbability        0..1: 400 Throttling.User
                        serverErrorProbability     0..1: 503 ServiceUnavailable or 500 InternalError
                        dropProbability            0..1: the connection closed unanswered
                        ambiguousWriteProbability  0..1: a write applied, then the connection closed unanswered
                        rateLimitPerSecond         1 or more: beyond it 400 Throttling.Api with x-acs-retry-after
                        latencyMs                  ms added to each request, or {"min": ms, "max": ms}
                        actions                    only these actions, e.g. ["ImportKeyPair"]
  --state FILE        keep the key pairs across restarts: loaded at start, written after every change (a file
                      that is not an emulator state is refused, never overwritten)
  --quiet             no request log
  --pid-file FILE     write the emulator's process id there once it listens (removed when it stops), so a script that
                      started it in the background can stop exactly it: kill "$(cat FILE)"
  --account-id ID     the id of the account the access key above belongs to (default 1000000000000001)
  --roles JSON        RAM roles in that account, e.g. '[{"name":"deployer","externalId":"x"}]'
                        (a role trusts its own account unless "trustedAccounts": ["<id>", …] says otherwise)
  --accounts JSON     more accounts, each with its own access keys, roles and key pairs, e.g.
                        '[{"accountId":"2000000000000002","credentials":[{"accessKeyId":"…","accessKeySecret":"…"}],
                          "roles":[{"name":"deployer","trustedAccounts":["1000000000000001"]}],
                          "oidcProviders":[{"name":"github","tokens":["…"]}]}]'
                      (--state keeps every account's key pairs)
Control API (this machine only, JSON): GET /__emulator/keypairs[?account=ID], GET /__emulator/requests,
POST /__emulator/faults with the --faults JSON, POST /__emulator/reset,
POST /__emulator/attach {"region","keyPairName","instanceIds"?,"releaseAfterMs"?,"service"?,"accountId"?}: bind a
key pair to instances (delete is refused until released).
Example: alicloud-keypair emulator --port 8080 --state .emulator-state.json --faults '{"throttleProbability":0.1}'`,
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

/** `--faults` JSON, checked by the emulator's own rules (the same as for its control API). */
async function parseFaults(text: string): Promise<import('../emulator').FaultSettings> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`--faults must be JSON, such as '{"throttleProbability":0.3,"seed":1}'`);
  }
  const { validateFaultSettings, FaultSettingsError } = await import('../emulator/faultSettings');
  try {
    return validateFaultSettings(value);
  } catch (error) {
    if (error instanceof FaultSettingsError) throw new UsageError(`--faults: ${error.message}`);
    throw error;
  }
}

/** `--roles` and `--accounts` JSON, checked by the emulator's own rules. */
async function parseAccountOptions(options: Record<string, unknown>) {
  const { checkAccounts, checkRoles, AccountSettingsError } = await import('../emulator/accounts');
  const parse = (name: string, example: string): unknown => {
    if (options[name] === undefined) return undefined;
    try {
      return JSON.parse(String(options[name]));
    } catch {
      throw new UsageError(`--${name} must be JSON, such as '${example}'`);
    }
  };
  try {
    const roles = parse('roles', '[{"name":"deployer"}]');
    const accounts = parse(
      'accounts',
      '[{"accountId":"2000000000000002","roles":[{"name":"deployer","trustedAccounts":["1000000000000001"]}]}]',
    );
    return {
      roles: roles === undefined ? undefined : checkRoles(roles),
      accounts: accounts === undefined ? undefined : checkAccounts(accounts),
    };
  } catch (error) {
    if (error instanceof AccountSettingsError) throw new UsageError(`--${error.message}`);
    throw error;
  }
}

async function emulatorCommand(args: string[], { out, err }: Streams): Promise<number> {
  const { options, positionals } = parseArguments(
    args,
    ['host', 'port', 'access-key-id', 'access-key-secret', 'quota', 'faults', 'state', 'account-id', 'roles', 'accounts', 'pid-file'],
    ['help', 'h', 'quiet'],
  );
  if (options.help || options.h) return (out(HELP.emulator), EXIT_OK);
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const port = Number(options.port ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be 0..65535');
  const quota = options.quota === undefined ? undefined : Number(options.quota);
  if (quota !== undefined && (!Number.isInteger(quota) || quota < 0)) throw new UsageError('--quota must be a whole number, 0 or more');
  const faults = options.faults === undefined ? undefined : await parseFaults(String(options.faults));
  // Loaded only for this command so that fingerprint/validate start fast.
  const { startEmulator, StateFileError } = await import('../emulator');
  const { roles, accounts } = await parseAccountOptions(options);
  const accountId = options['account-id'] === undefined ? undefined : String(options['account-id']);
  if (accountId !== undefined && !/^\d{1,20}$/.test(accountId)) throw new UsageError('--account-id must be an account id (digits)');
  const start = () =>
    startEmulator({
      stateFile: typeof options.state === 'string' ? options.state : undefined,
      log: options.quiet ? undefined : err,
      host: (options.host as string | undefined) ?? '127.0.0.1',
      port,
      quotaPerRegion: quota,
      faults,
      accountId,
      roles,
      accounts,
      credentials:
        options['access-key-id'] || options['access-key-secret']
          ? [
              {
                accessKeyId: String(options['access-key-id'] ?? 'emulator-access-key-id'),
                accessKeySecret: String(options['access-key-secret'] ?? 'emulator-access-key-secret'),
              },
            ]
          : undefined,
    });
  let emulator: Awaited<ReturnType<typeof start>>;
  try {
    emulator = await start();
  } catch (error) {
    if (error instanceof StateFileError) throw new InputError(error.message);
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new InputError(
        `port ${String(options.port)} on ${String(options.host ?? '127.0.0.1')} is already in use (another emulator?): ` +
          'stop that one, choose another --port, or give --port 0 for any free port (the URL is printed first)',
      );
    }
    throw error;
  }
  const pidFile = options['pid-file'] === undefined ? undefined : String(options['pid-file']);
  // Stop cleanly on SIGINT/SIGTERM: handlers first, so that a signal sent as soon as the URL is printed is caught.
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      // Requests in flight are answered first (the state file is written after each change anyway).
      void emulator.stop().then(() => {
        if (pidFile) fs.rmSync(pidFile, { force: true });
        resolve();
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  if (pidFile) fs.writeFileSync(pidFile, `${process.pid}\n`);
  out(`listening on ${emulator.url}`);
  const host = String(options.host ?? '127.0.0.1');
  if (!/^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(host)) {
    err(
      `warning: --host ${host} exposes the emulator beyond this machine; it accepts the well-known emulator access key ` +
        'unless --access-key-id/--access-key-secret are set (its control API still answers loopback peers only)',
    );
  }
  await stopped;
  out('emulator stopped');
  return EXIT_OK;
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
