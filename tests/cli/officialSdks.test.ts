/**
 * The emulator as a target for any Alibaba client: a Go program on the official Go SDK (ecs-20140526 v7 with
 * darabonba-openapi v2) and a Python script on the official Python SDKs (ECS, ENS, STS) run the same key-pair
 * lifecycle — import, tag, describe, attach to an instance, delete refused while bound, detach, delete — against it,
 * signing V3 and V1, over plain HTTP (an emulator in this process) and over HTTPS (the command a user runs,
 * `alicloud-keypair emulator --tls --tls-ca FILE --instances …`; the clients trust its authority through SSL_CERT_FILE).
 * Their sources are in tests/official-sdks; tools/official-sdks/setup.sh builds and caches them.
 */
import { strict as assert } from 'assert';
import { execFile, execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as https from 'https';
import * as os from 'os';
import * as path from 'path';
import sshpk from 'sshpk';
import { DEFAULT_ACCOUNT_ID, DEFAULT_CREDENTIAL, RequestRecord, startEmulator } from '../../emulator';
import { startCommand } from '../support/commandEmulator';
import { createInstances } from '../../emulator/instances';
import { FIXTURES, key } from '../support/fixtures';

const ROOT = path.join(__dirname, '..', '..');
const fingerprints = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'fingerprints.json'), 'utf8')).keys as Record<string, { md5: string }>;
/** What ssh-keygen -l -E md5 printed for the fixture, as Alibaba writes it (no prefix, no colons). */
const RSA_MD5 = fingerprints.rsa2048.md5.replace(/^MD5:/, '').replace(/:/g, '');

interface Run {
  stdout: string;
  stderr: string;
  code: number;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ stdout: String(stdout), stderr: String(stderr), code: error ? Number(error.code ?? 1) : 0 }),
    );
  });
}

/** The MD5 fingerprint of the public half of a PEM private key, as Alibaba reports fingerprints. */
function md5OfPrivateKey(pem: string): string {
  const publicKey = sshpk.parsePrivateKey(pem, 'pem').toPublic();
  return crypto.createHash('md5').update(publicKey.toBuffer('rfc4253', {})).digest('hex');
}

/** An emulator the clients talk to, with what the test reads back from it. */
interface Target {
  url: string;
  /** HTTPS: the authority's certificate, for SSL_CERT_FILE. */
  caFile?: string;
  requests(): Promise<RequestRecord[]>;
  keyPairs(): Promise<unknown[]>;
  close(): Promise<void>;
}

/** Plain HTTP: an emulator in this process, its instance made through the module's own API. */
async function inProcess(): Promise<Target> {
  const emulator = await startEmulator();
  createInstances(emulator.store, { instanceIds: ['i-sdk0001'] });
  return {
    url: emulator.url,
    requests: async () => emulator.requests,
    keyPairs: async () => emulator.snapshot(),
    close: () => emulator.close(),
  };
}

/** HTTPS: `alicloud-keypair emulator --tls --tls-ca FILE --instances …`, the command a user runs, read over its control API. */
async function commandWithTls(caDir: string): Promise<Target> {
  const caFile = path.join(caDir, `ca-${crypto.randomBytes(4).toString('hex')}.pem`);
  const running = await startCommand(['--tls', '--tls-ca', caFile, '--instances', '[{"instanceIds":["i-sdk0001"]}]', '--quiet']);
  const get = (route: string) =>
    new Promise<unknown>((resolve, reject) =>
      https
        .get(`${running.url}/__emulator/${route}`, { ca: fs.readFileSync(caFile) }, (response) => {
          let body = '';
          response.on('data', (chunk) => (body += chunk));
          response.on('end', () => resolve(JSON.parse(body)));
        })
        .on('error', reject),
    );
  return {
    url: running.url,
    caFile,
    requests: async () => (await get('requests')) as RequestRecord[],
    keyPairs: async () => (await get('keypairs')) as unknown[],
    close: async () => {
      running.child.kill('SIGTERM');
      await running.exit;
    },
  };
}

describe('official Alibaba Cloud SDKs (Go, Python) against the emulator', function () {
  this.timeout(180_000);
  let clients: string;
  const caDir = fs.mkdtempSync(path.join(os.tmpdir(), 'official-sdks-ca-'));

  before(function () {
    this.timeout(900_000);
    // Builds the Go client and the Python virtualenv the first time on a machine (cached afterwards).
    clients = execFileSync('bash', [path.join(ROOT, 'tools', 'official-sdks', 'setup.sh')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    })
      .trim()
      .split('\n')
      .pop()!;
  });
  after(() => fs.rmSync(caDir, { recursive: true, force: true }));

  for (const transport of ['http', 'https'] as const) {
    for (const signature of ['v3', 'v1'] as const) {
      describe(`${transport}, ${signature} signatures`, () => {
        let target: Target;
        let env: NodeJS.ProcessEnv;
        beforeEach(async () => {
          target = transport === 'https' ? await commandWithTls(caDir) : await inProcess();
          env = {
            PATH: process.env.PATH,
            HOME: process.env.HOME,
            EMULATOR_ENDPOINT: new URL(target.url).host,
            EMULATOR_PROTOCOL: transport,
            SIGNATURE: signature,
            ACCESS_KEY_ID: DEFAULT_CREDENTIAL.accessKeyId,
            ACCESS_KEY_SECRET: DEFAULT_CREDENTIAL.accessKeySecret,
            PUBLIC_KEY: key('rsa2048.pub').trim(),
            INSTANCE_ID: 'i-sdk0001',
            // Only the emulator's authority: a client that ignored it could not connect at all.
            ...(target.caFile ? { SSL_CERT_FILE: target.caFile } : {}),
          };
        });
        afterEach(async () => target.close());

        /** What both clients' ECS lifecycle must have seen, for the key pair `name`. */
        const ecsLifecycle = (name: string, team: string) => ({
          importFingerprint: RSA_MD5,
          described: [
            {
              name,
              fingerprint: RSA_MD5,
              publicKey: key('rsa2048.pub').trim().split(' ').slice(0, 2).join(' '),
              tags: { env: 'sdk', team },
            },
          ],
          attach: { total: '1', failed: '0' },
          instances: [['i-sdk0001', name]],
          deleteWhileBound: 'InvalidParameter.KeypairAlreadyAttachedInstance',
          detach: { total: '1', failed: '0' },
          afterDelete: 0,
          duplicateImport: 'KeyPair.AlreadyExist',
        });

        /** Every request was signed the way the client was told to, and answered by the emulator. */
        const assertSignedWith = async () => {
          const requests = await target.requests();
          assert.ok(requests.length >= 10, `the emulator saw the calls (${requests.length})`);
          assert.deepEqual([...new Set(requests.map((r) => r.signatureVersion))], [signature]);
        };

        it('Go (ecs-20140526 v7): import, tag, describe, attach, delete refused while bound, detach, delete', async () => {
          const result = await run(path.join(clients, 'go-client'), [], { ...env, NAME: `go-${transport}-${signature}` });
          assert.equal(result.code, 0, result.stderr);
          assert.deepEqual(JSON.parse(result.stdout), ecsLifecycle(`go-${transport}-${signature}`, 'go'));
          await assertSignedWith();
          assert.deepEqual(await target.keyPairs(), []);
        });

        if (transport === 'https') {
          it("a client that does not trust the emulator's authority cannot connect (the TLS is real)", async () => {
            const { SSL_CERT_FILE: _trusted, ...untrusting } = env;
            const result = await run(path.join(clients, 'go-client'), [], { ...untrusting, NAME: 'untrusting' });
            assert.equal(result.code, 1);
            assert.match(result.stderr, /x509: certificate signed by unknown authority/);
            assert.deepEqual(await target.requests(), []);
          });
        }

        it('Python (ecs20140526, ens20171110, sts20150401): the ECS lifecycle, ENS import/create/delete, STS caller identity', async () => {
          const name = `py-${transport}-${signature}`;
          const script = path.join(ROOT, 'tests', 'official-sdks', 'python', 'lifecycle.py');
          const result = await run(path.join(clients, 'python-venv', 'bin', 'python'), [script], { ...env, NAME: name });
          assert.equal(result.code, 0, result.stderr);
          const seen = JSON.parse(result.stdout);
          const { ensCreated, ensDescribed, ensImportFingerprint, ensAfterDelete, callerAccount, ...ecs } = seen;
          assert.deepEqual(ecs, ecsLifecycle(name, 'python'));
          assert.equal(ensImportFingerprint, RSA_MD5);
          assert.match(ensCreated.id, /^ssh-[0-9a-f]+$/);
          assert.equal(ensCreated.fingerprint, md5OfPrivateKey(ensCreated.privateKey));
          assert.deepEqual(ensDescribed, [
            [`${name}-ens`, RSA_MD5],
            [`${name}-ens-made`, ensCreated.fingerprint],
          ]);
          assert.equal(ensAfterDelete, 0);
          assert.equal(callerAccount, DEFAULT_ACCOUNT_ID);
          await assertSignedWith();
          assert.deepEqual(await target.keyPairs(), []);
        });
      });
    }
  }
});
