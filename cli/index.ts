#!/usr/bin/env node
/**
 * The `alicloud-keypair` command: dispatch and help; each subcommand in a file of its own (fingerprintCommand.ts,
 * validateCommand.ts, emulatorCommand.ts, emulatorCtl.ts).
 * Results go to standard output, every diagnostic to standard error (a script piping the output never gets an
 * error as data). Exit codes: 0 ok, 1 invalid input (a file that cannot be read included), 2 usage error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, InputError, Streams, UsageError } from './arguments';
import { emulatorCommand, EMULATOR_HELP } from './emulatorCommand';
import { emulatorCtlCommand, EMULATOR_CTL_HELP } from './emulatorCtl';
import { fingerprintCommand, FINGERPRINT_HELP } from './fingerprintCommand';
import { validateCommand, VALIDATE_HELP } from './validateCommand';

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
  fingerprint: FINGERPRINT_HELP,
  validate: VALIDATE_HELP,
  'emulator-ctl': EMULATOR_CTL_HELP,
  emulator: EMULATOR_HELP,
};

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
