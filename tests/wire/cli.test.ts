import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import fingerprints from '../fixtures/fingerprints.json';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli', 'index.js');
const KEYS = path.join(ROOT, 'tests', 'fixtures', 'keys');

function run(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', timeout: 20_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the alicloud-keypair command (built)', () => {
  it('fingerprint --json prints one JSON object', () => {
    const { code, stdout } = run(['fingerprint', '--json', path.join(KEYS, 'rsa2048.pub')]);
    assert.equal(code, 0);
    const parsed = JSON.parse(stdout);
    assert.deepEqual(Object.keys(parsed), ['md5', 'sha256', 'type', 'bits', 'publicKey']);
    assert.equal(parsed.md5, 'bed4d87e19635b2f66506f5ff61cbcf8');
    assert.equal(parsed.sha256, fingerprints.keys.rsa2048.sha256);
  });

  it('fingerprint reads standard input with -, and prints the four lines', () => {
    const { code, stdout } = run(['fingerprint', '-'], fs.readFileSync(path.join(KEYS, 'ecdsa384.rfc4716'), 'utf8'));
    assert.equal(code, 0);
    assert.equal(
      stdout,
      `MD5     61af68055cdecce9617e9fd0901e587d\nSHA256  ${fingerprints.keys.ecdsa384.sha256}\ntype    ecdsa-sha2-nistp384\nbits    384\n`,
    );
  });

  it('fingerprint of something that is not a key exits 1 with the reason on standard error, nothing on standard output', () => {
    const { code, stdout, stderr } = run(['fingerprint', '-'], 'not a key');
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /^invalid public key: the text is not a public key;/);
  });

  it('fingerprint of a 1 MiB line holding a lone carriage return answers at once (linear, not quadratic)', () => {
    const hostile = 'ssh-rsa ' + 'A '.repeat(300_000) + '\r' + 'x'.repeat(400_000);
    const started = Date.now();
    const { code, stderr } = run(['fingerprint', '-'], hostile.slice(0, 1024 * 1024 - 1));
    // The bound is the 20 s timeout of run(): the quadratic version did not finish in hours.
    assert.equal(code, 1, `exit ${code} after ${Date.now() - started} ms`);
    assert.match(stderr, /^invalid public key: /);
  });

  it('fingerprint of a file with no public key in it at all (binary, a private key) is one short line, exit 1', () => {
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37 + 11) % 256)).toString('latin1');
    for (const input of [
      binary,
      fs.readFileSync(
        path.join(ROOT, 'tests', 'fixtures', 'private', fs.readdirSync(path.join(ROOT, 'tests', 'fixtures', 'private'))[0]),
        'utf8',
      ),
    ]) {
      const { code, stdout, stderr } = run(['fingerprint', '-'], input);
      assert.equal(code, 1);
      assert.equal(stdout, '');
      assert.equal(stderr.trim().split('\n').length, 1, stderr.slice(0, 300));
    }
    assert.equal(run(['fingerprint', '-'], binary).stderr, 'standard input is not a public key file\n');
  });

  it('a file that cannot be read is invalid input (exit 1) with the reason, not a usage error', () => {
    const missing = run(['fingerprint', path.join(KEYS, 'no-such.pub')]);
    assert.equal(missing.code, 1);
    assert.equal(missing.stdout, '');
    assert.equal(missing.stderr, `alicloud-keypair: cannot read ${path.join(KEYS, 'no-such.pub')}: no such file (ENOENT)\n`);
    const folder = run(['validate', '--public-key', KEYS]);
    assert.equal(folder.code, 1);
    assert.match(folder.stderr, /cannot read .*: it is a folder \(EISDIR\)/);
  });

  it('--version prints the package version', () => {
    const { code, stdout } = run(['--version']);
    assert.equal(code, 0);
    assert.equal(stdout, `${JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}\n`);
  });

  it('validate: exit 0 when valid, 1 with one line per problem', () => {
    assert.equal(run(['validate', '--name', 'good-name', '--public-key', path.join(KEYS, 'rsa2048.pub')]).code, 0);
    const bad = run(['validate', '--service', 'ens', '--name', '1 bad', '--public-key', path.join(KEYS, 'ecdsa256.pub')]);
    assert.equal(bad.code, 1);
    assert.equal(bad.stdout, '');
    assert.deepEqual(bad.stderr.trim().split('\n'), [
      'keyPairName must start with a letter (a-z or A-Z)',
      "keyPairName may contain only letters, digits, ':', '_' and '-'; it contains U+0020",
      'publicKey: ENS accepts RSA keys only (ssh-rsa); this is an ECDSA P-256 key (ecdsa-sha2-nistp256). Use an RSA key: `ssh-keygen -t rsa -b 4096`',
    ]);
  });

  it('usage errors exit 2 with the message on standard error; --help exits 0', () => {
    const usage = run(['fingerprint']);
    assert.equal(usage.code, 2);
    assert.equal(usage.stdout, '');
    assert.match(
      usage.stderr,
      /^alicloud-keypair: fingerprint needs exactly one <file\|-> argument\nRun 'alicloud-keypair --help' for usage\.\n$/,
    );
    const bare = run([]);
    assert.equal(bare.code, 2);
    assert.equal(bare.stdout, '');
    assert.match(bare.stderr, /^Usage: alicloud-keypair <command>/);
    assert.equal(run(['validate', '--service', 'rds', '--name', 'ab']).code, 2);
    assert.equal(run(['nope']).code, 2);
    assert.equal(run(['--bogus']).code, 2);
    for (const command of ['fingerprint', 'validate', 'emulator']) {
      const help = run([command, '--help']);
      assert.equal(help.code, 0);
      assert.match(help.stdout, new RegExp(`^Usage: alicloud-keypair ${command}`));
    }
  });

  it('emulator --port 0 prints its URL first and stops cleanly on SIGINT', async () => {
    const { spawn } = await import('child_process');
    const child = spawn(process.execPath, [CLI, 'emulator', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const firstLine = await new Promise<string>((resolve) => child.stdout.once('data', (d) => resolve(String(d).split('\n')[0])));
    assert.match(firstLine, /^listening on http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(firstLine.replace('listening on ', '') + '/__emulator/keypairs');
    assert.deepEqual(await response.json(), []);
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    assert.equal(await exit, 0);
  });

  it('emulator --faults and --quota configure it from the start; bad values are usage errors', async () => {
    const { spawn } = await import('child_process');
    const emulator = spawn(
      process.execPath,
      [CLI, 'emulator', '--quota', '3', '--faults', '{"throttleProbability":1,"seed":7,"actions":["DescribeKeyPairs"]}'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const url = (await new Promise<string>((resolve) => emulator.stdout.once('data', (d) => resolve(String(d).split('\n')[0])))).replace(
        'listening on ',
        '',
      );
      const { RpcClient } = await import('../../provider/alibaba');
      const client = new RpcClient({
        endpoint: new URL(url),
        version: '2014-05-26',
        credentials: async () => ({ accessKeyId: 'emulator-access-key-id', accessKeySecret: 'emulator-access-key-secret', source: 'test' }),
        deadlineMs: 300,
        backoff: { baseDelayMs: 5, maxDelayMs: 20 },
      });
      try {
        await assert.rejects(client.call('DescribeKeyPairs', { RegionId: 'cn-hangzhou' }), /the last error was Throttling\.User/);
        const body = fs.readFileSync(path.join(KEYS, 'rsa2048.pub'), 'utf8');
        for (const name of ['q1', 'q2', 'q3'])
          await client.call('ImportKeyPair', { RegionId: 'cn-hangzhou', KeyPairName: name, PublicKeyBody: body });
        await assert.rejects(client.call('ImportKeyPair', { RegionId: 'cn-hangzhou', KeyPairName: 'q4', PublicKeyBody: body }), {
          code: 'QuotaExceed.KeyPair',
        });
      } finally {
        client.close();
      }
    } finally {
      const exit = new Promise((resolve) => emulator.once('exit', resolve));
      emulator.kill('SIGINT');
      await exit;
    }
    for (const [args, message] of [
      [['--faults', 'not json'], /--faults must be JSON/],
      [['--faults', '{"throttle":1}'], /--faults: unknown field throttle; known: seed, throttleProbability/],
      [['--faults', '{"dropProbability":2}'], /--faults: dropProbability must be a number from 0 to 1/],
      [['--quota', '-1'], /--quota must be a whole number/],
    ] as const) {
      const result = run(['emulator', ...args]);
      assert.equal(result.code, 2);
      assert.match(result.stderr, message);
    }
  });
  it('emulator --account-id, --roles and --accounts set up accounts and roles that STS serves; bad values are usage errors', async () => {
    const { startCommand } = await import('../support/commandEmulator');
    const running = await startCommand([
      '--quiet',
      '--account-id',
      '3000000000000003',
      '--roles',
      '[{"name":"admin"}]',
      '--accounts',
      '[{"accountId":"4000000000000004","roles":[{"name":"deployer","trustedAccounts":["3000000000000003"]}]}]',
    ]);
    try {
      const { RpcClient, StsApi } = await import('../../provider/alibaba');
      const sts = (credentials: { accessKeyId: string; accessKeySecret: string; securityToken?: string }) =>
        new StsApi(
          new RpcClient({
            endpoint: new URL(running.url),
            version: '2015-04-01',
            credentials: async () => ({ ...credentials, source: 't' }),
          }),
        );
      const base = sts({ accessKeyId: 'emulator-access-key-id', accessKeySecret: 'emulator-access-key-secret' });
      assert.equal((await base.getCallerIdentity()).accountId, '3000000000000003');
      for (const [roleArn, account] of [
        ['acs:ram::3000000000000003:role/admin', '3000000000000003'],
        ['acs:ram::4000000000000004:role/deployer', '4000000000000004'],
      ]) {
        const issued = await base.assumeRole({ roleArn, roleSessionName: 'cli' });
        assert.equal((await sts(issued).getCallerIdentity()).accountId, account);
      }
    } finally {
      running.child.kill('SIGTERM');
      await running.exit;
    }
    for (const [args, message] of [
      [['--accounts', '[{"accountId":"x"}]'], /--accounts\[0\]\.accountId must be an account id \(digits\)/],
      [['--roles', '{"name":"admin"}'], /--roles must be a list of roles/],
      [
        ['--roles', '[{"name":"a","maxSessionDurationSeconds":60}]'],
        /--roles\[0\]\.maxSessionDurationSeconds must be a whole number of seconds, 900 or more/,
      ],
      [['--accounts', 'nope'], /--accounts must be JSON/],
      [['--account-id', 'abc'], /--account-id must be an account id \(digits\)/],
    ] as const) {
      const result = run(['emulator', ...args]);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, message);
    }
  });

  it('emulator --host beyond loopback warns on standard error (its URL still first on standard output)', async () => {
    const { spawn } = await import('child_process');
    const child = spawn(process.execPath, [CLI, 'emulator', '--host', '0.0.0.0', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const warning = await new Promise<string>((resolve) => child.stderr.once('data', (d) => resolve(String(d))));
    assert.match(warning, /^warning: --host 0\.0\.0\.0 exposes the emulator beyond this machine/);
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exit, 0);
  });
  describe('fingerprint of a file of several keys (an authorized_keys)', () => {
    const FILE = path.join(ROOT, 'tests', 'fixtures', 'authorized_keys');
    const BAD_LINE = `${FILE}, line 4: not a public key: the text is not a public key;`;

    for (const hash of ['md5', 'sha256']) {
      it(`-E ${hash} prints exactly what ssh-keygen -l -E ${hash} -f prints, line by line; the bad line on standard error, exit 1`, () => {
        const ours = run(['fingerprint', '-E', hash, FILE]);
        const theirs = spawnSync('ssh-keygen', ['-l', '-E', hash, '-f', FILE], { encoding: 'utf8' });
        assert.equal(theirs.status, 0, theirs.stderr);
        assert.deepEqual(ours.stdout.split('\n'), theirs.stdout.split('\n'));
        assert.equal(ours.stdout.split('\n').filter(Boolean).length, 3);
        assert.equal(ours.code, 1);
        assert.ok(ours.stderr.startsWith(BAD_LINE), ours.stderr);
      });
    }

    it('without -E: one line per key, in order: BITS <Alibaba MD5> SHA256 COMMENT (TYPE)', () => {
      const { code, stdout, stderr } = run(['fingerprint', FILE]);
      assert.equal(code, 1);
      assert.deepEqual(stdout.trim().split('\n'), [
        `2048 bed4d87e19635b2f66506f5ff61cbcf8 ${fingerprints.keys.rsa2048.sha256} fixture-rsa2048@example (RSA)`,
        `256 fcb8c8afb587dfac71b47d01291c5fd6 ${fingerprints.keys.ecdsa256.sha256} fixture-ecdsa256@example (ECDSA)`,
        `1024 ${fingerprints.keys.dsa.md5.slice(4).replace(/:/g, '')} ${fingerprints.keys.dsa.sha256} no-pty,environment="A=b c" (DSA)`,
      ]);
      assert.equal(stderr.split('\n').filter(Boolean).length, 1);
    });

    it('--json: an array of the single-key objects', () => {
      const { stdout } = run(['fingerprint', '--json', FILE]);
      const parsed = JSON.parse(stdout) as Array<{ md5: string; type: string }>;
      assert.deepEqual(
        parsed.map((k) => k.type),
        ['ssh-rsa', 'ecdsa-sha2-nistp256', 'ssh-dss'],
      );
      assert.deepEqual(Object.keys(parsed[0]), ['md5', 'sha256', 'type', 'bits', 'publicKey']);
    });

    it('-E with anything but md5 or sha256 is a usage error', () => {
      const { code, stderr } = run(['fingerprint', '-E', 'sha1', FILE]);
      assert.equal(code, 2);
      assert.match(stderr, /^alicloud-keypair: -E must be md5 or sha256/);
    });
  });

  it('validate --json: {valid, problems: [{field, rule, message}]} on standard output, same exit codes', () => {
    const bad = run(['validate', '--json', '--service', 'ens', '--name', '1 bad', '--public-key', path.join(KEYS, 'ecdsa256.pub')]);
    assert.equal(bad.code, 1);
    assert.equal(bad.stderr, '');
    assert.deepEqual(JSON.parse(bad.stdout), {
      valid: false,
      problems: [
        { field: 'keyPairName', rule: 'starts-with-letter', message: 'keyPairName must start with a letter (a-z or A-Z)' },
        {
          field: 'keyPairName',
          rule: 'characters',
          message: "keyPairName may contain only letters, digits, ':', '_' and '-'; it contains U+0020",
        },
        {
          field: 'publicKey',
          rule: 'unsupported-type',
          message:
            'publicKey: ENS accepts RSA keys only (ssh-rsa); this is an ECDSA P-256 key (ecdsa-sha2-nistp256). Use an RSA key: `ssh-keygen -t rsa -b 4096`',
        },
      ],
    });
    const good = run(['validate', '--json', '--name', 'good', '--public-key', path.join(KEYS, 'rsa2048.pub')]);
    assert.equal(good.code, 0);
    assert.deepEqual(JSON.parse(good.stdout), { valid: true, problems: [] });
  });
});

describe('the first hour with the command and the CLI finder', () => {
  it('emulator on a port in use: exit 1, saying so and suggesting --port 0', async () => {
    const net = await import('net');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as import('net').AddressInfo).port;
      const { code, stdout, stderr } = run(['emulator', '--port', String(port), '--quiet']);
      assert.equal(code, 1);
      assert.equal(stdout, '');
      assert.match(stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use .*give --port 0 for any free port`));
    } finally {
      server.close();
    }
  });

  it('a PULUMI_CLI_DIR that holds no CLI is named, not passed over as "no CLI built"', async () => {
    const { locatePulumiCli } = await import('../../tools/pulumi-cli/locate');
    assert.throws(
      () => locatePulumiCli({ PULUMI_CLI_DIR: '/nonexistent/pulumi' }),
      /PULUMI_CLI_DIR is \/nonexistent\/pulumi, which does not hold pulumi/,
    );
  });
});
