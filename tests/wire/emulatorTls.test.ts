/**
 * `--tls` / `startEmulator({ tls })`: HTTPS on the same port, a certificate for 127.0.0.1, localhost and ::1 from a
 * certificate authority made at start (or kept in a file to be trusted across restarts).
 */
import { strict as assert } from 'assert';
import { execFile } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as https from 'https';
import * as os from 'os';
import * as path from 'path';
import { AddressInfo } from 'net';
import * as tls from 'tls';
import { startEmulator } from '../../emulator';
import { certificateAuthorityFile, makeCertificateAuthority, makeServerCertificate, TlsError } from '../../emulator/tls';
import { startCommand } from '../support/commandEmulator';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli', 'index.js');

/** GET url trusting `ca` (or only the default authorities): the status, or the TLS error's code. */
function get(url: string, ca?: string): Promise<number | string> {
  return new Promise((resolve) => {
    https
      .get(url, ca ? { ca } : {}, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      })
      .on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** The certificate a TLS server presents. */
function presented(port: number, host: string, ca: string, servername?: string): Promise<tls.PeerCertificate> {
  return new Promise((resolve, reject) => {
    // The name checked against the certificate is `servername` when given (else the host).
    const socket = tls.connect({ port, host, ca, servername }, () => {
      resolve(socket.getPeerCertificate());
      socket.end();
    });
    socket.on('error', reject);
  });
}

describe('emulator over TLS', function () {
  this.timeout(30_000);
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emulator-tls-'));
    dirs.push(dir);
    return dir;
  };
  after(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('serves HTTPS on its port with a certificate for 127.0.0.1, localhost and ::1 that only its authority vouches for', async () => {
    const emulator = await startEmulator({ tls: true });
    try {
      assert.match(emulator.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      const certificate = new crypto.X509Certificate(makeServerCertificate(makeCertificateAuthority()).certificatePem);
      assert.equal(certificate.subjectAltName, 'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
      assert.equal(await get(`${emulator.url}/__emulator/keypairs`, emulator.caPem), 200);
      // Trusting nothing but the usual authorities, a client refuses it.
      assert.match(
        String(await get(`${emulator.url}/__emulator/keypairs`)),
        /SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY/,
      );
      const served = new crypto.X509Certificate((await presented(emulator.port, '127.0.0.1', emulator.caPem!)).raw);
      const authority = new crypto.X509Certificate(emulator.caPem!);
      assert.ok(served.verify(authority.publicKey), 'the served certificate is signed by the printed authority');
      assert.ok(served.checkIssued(authority));
      assert.equal(authority.ca, true);
      assert.equal(served.ca, false);
    } finally {
      await emulator.close();
    }
    // localhost and ::1 verify against the same certificate.
    const v6 = await startEmulator({ tls: true, host: '::1' });
    try {
      assert.match(v6.url, /^https:\/\/\[::1\]:\d+$/);
      // Served over ::1 with a chain that verifies (by the name localhost, however that resolves here), and the
      // certificate covers the address ::1 itself. (Node 22's https client refuses every IPv6-literal host, whatever
      // the certificate — an openssl-made one with IP:::1 too — so the address is checked on the certificate.)
      const served = await presented(v6.port, '::1', v6.caPem!, 'localhost');
      assert.equal(served.subject.CN, 'localhost');
      assert.equal(new crypto.X509Certificate(served.raw).checkIP('::1'), '::1');
      assert.equal(new crypto.X509Certificate(served.raw).checkIP('::2'), undefined);
      await assert.rejects(presented(v6.port, '::1', v6.caPem!, 'example.com'), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    } finally {
      await v6.close();
    }
  });

  it('the authority vouches for loopback names only: a certificate it signs for example.com is refused (name constraints)', async () => {
    const authority = makeCertificateAuthority();
    const elsewhere = makeServerCertificate(authority, Date.now(), { dns: ['example.com'], ip: ['10.0.0.1'] });
    const server = https.createServer({ cert: elsewhere.certificatePem, key: elsewhere.keyPem }, (_req, res) => res.end('x'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      for (const servername of ['example.com', undefined]) {
        await assert.rejects(presented(port, '127.0.0.1', authority.certificatePem, servername), /permitted subtree violation/);
      }
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('an authority kept in a file (mode 0600) is reused, so clients trust later emulators too; a file that is none is refused', async () => {
    const file = path.join(tempDir(), 'ca-key.pem');
    const made = certificateAuthorityFile(file);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(certificateAuthorityFile(file), made);
    const emulator = await startEmulator({ tls: { certificateAuthority: made } });
    try {
      assert.equal(emulator.caPem, made.certificatePem);
      assert.equal(await get(`${emulator.url}/__emulator/keypairs`, made.certificatePem), 200);
    } finally {
      await emulator.close();
    }
    const garbage = path.join(tempDir(), 'not-a-ca.pem');
    fs.writeFileSync(garbage, 'hello');
    assert.throws(
      () => certificateAuthorityFile(garbage),
      (error: Error) => {
        assert.ok(error instanceof TlsError);
        assert.equal(error.message, `${garbage} holds no certificate authority (a CERTIFICATE and a PRIVATE KEY, PEM)`);
        return true;
      },
    );
  });

  it('the command: --tls prints the CA file second, --tls-ca-key keeps one authority across restarts, --tls-ca alone is a usage error', async () => {
    const dir = tempDir();
    const caFile = path.join(dir, 'ca.pem');
    const keyFile = path.join(dir, 'ca-key.pem');
    const urls: string[] = [];
    for (let round = 0; round < 2; round++) {
      const running = await startCommand(['--tls', '--tls-ca', caFile, '--tls-ca-key', keyFile, '--quiet']);
      urls.push(running.url);
      try {
        assert.match(running.url, /^https:\/\/127\.0\.0\.1:\d+$/);
        const ca = fs.readFileSync(caFile, 'utf8');
        assert.equal(ca, certificateAuthorityFile(keyFile).certificatePem);
        assert.equal(await get(`${running.url}/__emulator/keypairs`, ca), 200);
      } finally {
        running.child.kill('SIGTERM');
        await running.exit;
      }
      assert.match(running.stdout(), /emulator stopped/);
    }
    assert.notEqual(urls[0], urls[1]);
    // Without --tls-ca the CA goes to a temporary file, named on the second line, removed at stop.
    const temporary = await startCommand(['--tls', '--quiet']);
    // The CA line is written right after the URL line.
    for (let i = 0; i < 100 && !temporary.stdout().includes('CA certificate '); i++) await new Promise((r) => setTimeout(r, 20));
    const lines = temporary.stdout();
    const caLine = lines.split('\n').find((line) => line.startsWith('CA certificate ')) ?? '';
    const printed = /^CA certificate (\S+): trust it with NODE_EXTRA_CA_CERTS=\1 \(Node\) or SSL_CERT_FILE=\1 \(Go, Python, curl\)$/.exec(
      caLine,
    );
    assert.ok(printed, `the second line names the CA file: ${JSON.stringify(lines)}`);
    assert.ok(fs.existsSync(printed[1]));
    temporary.child.kill('SIGTERM');
    await temporary.exit;
    assert.equal(fs.existsSync(printed[1]), false);
    const usage = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(process.execPath, [CLI, 'emulator', '--tls-ca', caFile], (error, _stdout, stderr) =>
        resolve({ code: error ? Number(error.code) : 0, stderr: String(stderr) }),
      ),
    );
    assert.deepEqual(usage, {
      code: 2,
      stderr: "alicloud-keypair: --tls-ca and --tls-ca-key need --tls\nRun 'alicloud-keypair --help' for usage.\n",
    });
  });
});
