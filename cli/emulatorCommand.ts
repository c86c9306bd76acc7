/**
 * `alicloud-keypair emulator`: serve the emulator until SIGINT/SIGTERM, over HTTP or (with --tls) HTTPS.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXIT_OK, InputError, parseArguments, Streams, UsageError } from './arguments';

export const EMULATOR_HELP = `Usage: alicloud-keypair emulator [--host 127.0.0.1] [--port 0] [--access-key-id ID] [--access-key-secret SECRET]
                                [--quota N] [--faults JSON] [--state FILE] [--quiet] [--pid-file FILE]
                                [--account-id ID] [--roles JSON] [--accounts JSON]
                                [--tls [--tls-ca FILE] [--tls-ca-key FILE]] [--instances JSON]

Serves the ECS (2014-05-26) and ENS (2017-11-10) key-pair APIs on one port, verifying V1 and V3 signatures, and
STS (2015-04-01: AssumeRole, AssumeRoleWithOIDC, GetCallerIdentity) for roles in several accounts.
Prints 'listening on http://HOST:PORT' first on standard output (with --tls: https, and the CA file second), then
one line per request on standard error (time, service, action, region, status, code), and runs until SIGINT (Ctrl-C) or SIGTERM, which it answers by
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
  --tls               serve HTTPS instead of HTTP on the same port, with a certificate for 127.0.0.1, localhost and ::1
                      signed by a certificate authority made at start; its certificate is written to a file
                      (--tls-ca, default a temporary file removed at stop) printed on the second line, e.g.
                        NODE_EXTRA_CA_CERTS=FILE (Node), SSL_CERT_FILE=FILE (Go, Python), --cacert FILE (curl)
  --tls-ca FILE       where to write the authority's certificate (clients trust it; it is not secret)
  --tls-ca-key FILE   keep the authority (certificate and private key, mode 0600) in FILE: made there when FILE does
                      not exist, reused when it does, so clients that trust it once keep trusting later emulators
  --instances JSON    instances to have (kept by --state; ids already there are left alone), e.g.
                        '[{"instanceIds":["i-web1","i-web2"],"region":"cn-hangzhou","keyPairName":"deploy-key"}]'
                      (keyPairName binds a key pair the emulator holds; "osType":"windows", "status":"Stopped")
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
Example: alicloud-keypair emulator --port 8080 --state .emulator-state.json --faults '{"throttleProbability":0.1}'`;

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

/** `--instances JSON`: made once the state is loaded, by the emulator's own rules. */
async function addInstances(emulator: import('../emulator').Emulator, text: string): Promise<void> {
  let requests: unknown;
  try {
    requests = JSON.parse(text);
  } catch {
    requests = undefined;
  }
  if (!Array.isArray(requests))
    throw new UsageError(`--instances must be a JSON list, such as '[{"instanceIds":["i-web1"],"keyPairName":"deploy-key"}]'`);
  const { createInstances, InstanceError } = await import('../emulator/instances');
  const { DriftError } = await import('../emulator/drift');
  try {
    for (const request of requests as Array<{ accountId?: string }>) createInstances(emulator.storeOf(request?.accountId), request);
  } catch (error) {
    if (error instanceof InstanceError || error instanceof DriftError) {
      await emulator.close();
      throw new UsageError(`--instances: ${error.message}`);
    }
    throw error;
  }
  emulator.saveState();
}

/** What --tls, --tls-ca and --tls-ca-key ask for (undefined: plain HTTP). */
async function tlsSetting(options: Record<string, unknown>) {
  const caFile = options['tls-ca'] === undefined ? undefined : String(options['tls-ca']);
  const caKeyFile = options['tls-ca-key'] === undefined ? undefined : String(options['tls-ca-key']);
  if (!options.tls) {
    if (caFile !== undefined || caKeyFile !== undefined) throw new UsageError('--tls-ca and --tls-ca-key need --tls');
    return undefined;
  }
  if (caKeyFile === undefined) return { setting: true as const, caFile, temporaryCaFile: undefined as string | undefined };
  const { certificateAuthorityFile, TlsError } = await import('../emulator/tls');
  try {
    return {
      setting: { certificateAuthority: certificateAuthorityFile(caKeyFile) },
      caFile,
      temporaryCaFile: undefined as string | undefined,
    };
  } catch (error) {
    if (error instanceof TlsError) throw new InputError(`--tls-ca-key: ${error.message}`);
    throw error;
  }
}

export async function emulatorCommand(args: string[], { out, err }: Streams): Promise<number> {
  const { options, positionals } = parseArguments(
    args,
    [
      'host',
      'port',
      'access-key-id',
      'access-key-secret',
      'quota',
      'faults',
      'state',
      'account-id',
      'roles',
      'accounts',
      'pid-file',
      'tls-ca',
      'tls-ca-key',
      'instances',
    ],
    ['help', 'h', 'quiet', 'tls'],
  );
  if (options.help || options.h) return (out(EMULATOR_HELP), EXIT_OK);
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const port = Number(options.port ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be 0..65535');
  const quota = options.quota === undefined ? undefined : Number(options.quota);
  if (quota !== undefined && (!Number.isInteger(quota) || quota < 0)) throw new UsageError('--quota must be a whole number, 0 or more');
  const faults = options.faults === undefined ? undefined : await parseFaults(String(options.faults));
  // Loaded only for this command so that fingerprint/validate start fast.
  const { startEmulator, StateFileError, DEFAULT_CREDENTIAL } = await import('../emulator');
  const { roles, accounts } = await parseAccountOptions(options);
  const accountId = options['account-id'] === undefined ? undefined : String(options['account-id']);
  if (accountId !== undefined && !/^\d{1,20}$/.test(accountId)) throw new UsageError('--account-id must be an account id (digits)');
  const tls = await tlsSetting(options);
  const start = () =>
    startEmulator({
      tls: tls?.setting,
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
                accessKeyId: String(options['access-key-id'] ?? DEFAULT_CREDENTIAL.accessKeyId),
                accessKeySecret: String(options['access-key-secret'] ?? DEFAULT_CREDENTIAL.accessKeySecret),
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
  if (options.instances !== undefined) await addInstances(emulator, String(options.instances));
  const pidFile = options['pid-file'] === undefined ? undefined : String(options['pid-file']);
  // Stop cleanly on SIGINT/SIGTERM: handlers first, so that a signal sent as soon as the URL is printed is caught.
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      // Requests in flight are answered first (the state file is written after each change anyway).
      void emulator.stop().then(() => {
        if (pidFile) fs.rmSync(pidFile, { force: true });
        if (tls?.temporaryCaFile) fs.rmSync(path.dirname(tls.temporaryCaFile), { recursive: true, force: true });
        resolve();
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  if (pidFile) fs.writeFileSync(pidFile, `${process.pid}\n`);
  // The CA file is written before the URL is printed: a script that waits for the first line finds the file there.
  let caFile: string | undefined;
  if (tls && emulator.caPem) {
    caFile =
      tls.caFile ?? (tls.temporaryCaFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'alicloud-keypair-emulator-')), 'ca.pem'));
    fs.writeFileSync(caFile, emulator.caPem);
  }
  out(`listening on ${emulator.url}`);
  if (caFile)
    out(`CA certificate ${caFile}: trust it with NODE_EXTRA_CA_CERTS=${caFile} (Node) or SSL_CERT_FILE=${caFile} (Go, Python, curl)`);
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
