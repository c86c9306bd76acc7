/**
 * HTTPS proxies, through the real provider host: the endpoint is an https host name that does not resolve
 * (`ecs.proxied.test`), reachable only through a loopback CONNECT proxy that tunnels it to a TLS front of the
 * emulator. The front's self-signed certificate is trusted through NODE_EXTRA_CA_CERTS, so TLS is checked end to end.
 */
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as tls from 'tls';
import { KeyPair } from '../../sdk';
import { proxyFor } from '../../provider/alibaba';
import { Emulator } from '../../emulator';
import { startEmulator } from '../support/emulatorUnderTest';
import { MiniEngine } from '../../tools/engine-standin/engine';
import { ProviderHost } from '../../tools/engine-standin/providerHost';
import { programOf } from './helpers';
import { key, TEST_CREDENTIAL } from '../support/fixtures';

const HOST = 'ecs.proxied.test';
const PROXY_PASSWORD = 'proxy-Pa55word-DO-NOT-LEAK';

describe('HTTPS proxy from the environment', function () {
  this.timeout(60_000);
  let dir: string;
  let emulator: Emulator;
  let front: tls.Server;
  let proxy: http.Server;
  let proxyPort: number;
  const tunnels: string[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alicloud-keypair-proxy-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        `/CN=${HOST}`,
        '-addext',
        `subjectAltName=DNS:${HOST}`,
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    // Plain HTTP behind the TLS front below (the front is what these tests are about).
    emulator = await startEmulator({ credentials: [TEST_CREDENTIAL], tls: false });
    // TLS in front of the emulator, as ecs.proxied.test.
    front = tls.createServer(
      { key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) },
      (socket) => {
        const upstream = net.connect(emulator.port, '127.0.0.1');
        socket.pipe(upstream).pipe(socket);
        socket.on('error', () => upstream.destroy());
        upstream.on('error', () => socket.destroy());
      },
    );
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    const frontPort = (front.address() as net.AddressInfo).port;
    // A CONNECT proxy that wants a password and knows one host.
    proxy = http.createServer((_req, res) => res.writeHead(405).end());
    proxy.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
      const expected = 'Basic ' + Buffer.from(`keypair:${PROXY_PASSWORD}`).toString('base64');
      if (req.headers['proxy-authorization'] !== expected) return client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
      tunnels.push(String(req.url));
      if (req.url === 'ecs.forbidden.test:443') {
        // A proxy that refuses the tunnel with a body shaped like an API error, quoting the credentials it was sent.
        const body = JSON.stringify({ Code: 'Forbidden.RAM', Message: `denied for ${req.headers['proxy-authorization']}`, RequestId: 'p' });
        return client.end(`HTTP/1.1 403 Forbidden\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`);
      }
      if (req.url !== `${HOST}:443`) return client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      const upstream = net.connect(frontPort, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        client.pipe(upstream).pipe(client);
      });
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyPort = (proxy.address() as net.AddressInfo).port;
  });
  after(async () => {
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
    await new Promise((resolve) => front.close(resolve));
    await emulator.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    tunnels.length = 0;
    emulator.store.clear();
  });

  async function lifecycle(env: NodeJS.ProcessEnv): Promise<{ errors: string[]; seen: string }> {
    const host = await ProviderHost.start({
      env: {
        ALIBABA_CLOUD_ENDPOINT_ECS: `https://${HOST}`,
        // The account is looked up through STS first: the same emulator, through the same proxy.
        ALIBABA_CLOUD_ENDPOINT_STS: `https://${HOST}`,
        ALIBABA_CLOUD_ACCESS_KEY_ID: TEST_CREDENTIAL.accessKeyId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: TEST_CREDENTIAL.accessKeySecret,
        ALIBABA_CLOUD_RETRY_DEADLINE_SECONDS: '2',
        NODE_EXTRA_CA_CERTS: path.join(dir, 'cert.pem'),
        ...env,
      },
    });
    try {
      await host.configure({ 'alicloud:region': 'cn-hangzhou' });
      const engine = new MiniEngine(host);
      const created = await engine.up(
        await programOf(() => [new KeyPair('kp', { publicKey: key('rsa2048.pub'), keyPairName: 'via-proxy' })]),
      );
      const afterCreate = emulator.snapshot().map((k) => k.keyPairName);
      const destroyed = created[0].error ? [] : await engine.destroy();
      const errors = [...created, ...destroyed].map((s) => s.error).filter((e): e is string => Boolean(e));
      return { errors, seen: JSON.stringify({ afterCreate, errors, state: [...engine.state.values()] }) + host.stdout + host.stderr };
    } finally {
      await host.stop();
    }
  }

  it('HTTPS_PROXY with a password: create and delete tunnel through it, TLS checked, the password nowhere', async () => {
    const { errors, seen } = await lifecycle({ HTTPS_PROXY: `http://keypair:${PROXY_PASSWORD}@127.0.0.1:${proxyPort}` });
    assert.deepEqual(errors, []);
    assert.match(seen, /"afterCreate":\["via-proxy"\]/);
    assert.ok(tunnels.length >= 1 && tunnels.every((t) => t === `${HOST}:443`), JSON.stringify(tunnels));
    assert.deepEqual(emulator.snapshot(), []);
    assert.equal(seen.includes(PROXY_PASSWORD), false);
  });

  it('through the tunnel the certificate is still checked: an untrusted one is refused', async () => {
    const { errors } = await lifecycle({ HTTPS_PROXY: `http://keypair:${PROXY_PASSWORD}@127.0.0.1:${proxyPort}`, NODE_EXTRA_CA_CERTS: '' });
    assert.match(
      errors[0] ?? '',
      /^GetCallerIdentity failed: could not reach ecs\.proxied\.test through the proxy http:\/\/127\.0\.0\.1:\d+: self[- ]signed certificate/,
    );
    assert.deepEqual(emulator.snapshot(), []);
  });

  it('a refused proxy is named in the error (host and port only), never its password', async () => {
    const { errors, seen } = await lifecycle({ https_proxy: `http://keypair:wrong-${PROXY_PASSWORD}@127.0.0.1:${proxyPort}` });
    assert.deepEqual(errors, [
      `GetCallerIdentity failed: the proxy http://127.0.0.1:${proxyPort} refused to connect to ${HOST} (HTTP 407): check the user and password in HTTPS_PROXY (PROXY_AUTHENTICATION_REQUIRED)`,
    ]);
    assert.equal(seen.includes(PROXY_PASSWORD), false);
    assert.equal(tunnels.length, 0);
  });

  it("a proxy's non-200 answer to CONNECT is a proxy error, not an API error, and its body is never quoted", async () => {
    const { errors, seen } = await lifecycle({
      ALIBABA_CLOUD_ENDPOINT_ECS: 'https://ecs.forbidden.test',
      HTTPS_PROXY: `http://keypair:${PROXY_PASSWORD}@127.0.0.1:${proxyPort}`,
    });
    assert.deepEqual(errors, [
      `DescribeKeyPairs failed: the proxy http://127.0.0.1:${proxyPort} refused to connect to ecs.forbidden.test (HTTP 403): check that the proxy allows it, or set NO_PROXY for it (PROXY_REFUSED)`,
    ]);
    assert.deepEqual(
      tunnels.filter((t) => t !== `${HOST}:443`),
      ['ecs.forbidden.test:443'],
      'asked once: a refusing proxy is not asked again',
    );
    assert.equal(seen.includes(Buffer.from(`keypair:${PROXY_PASSWORD}`).toString('base64')), false);
    assert.equal(seen.includes('Forbidden.RAM'), false);
  });

  for (const [label, password] of [
    ['/', 'pa/ss'],
    ['#', 'pa#ss'],
    ['?', 'pa?ss'],
    ['/ and digits', '12/ss'],
  ] as const) {
    it(`an HTTPS_PROXY whose password holds an unescaped ${label} is refused with a clear message, never ignored`, async () => {
      const secret = `${password}-${PROXY_PASSWORD}`;
      const { errors, seen } = await lifecycle({ HTTPS_PROXY: `http://keypair:${secret}@127.0.0.1:${proxyPort}` });
      assert.deepEqual(errors, [
        'HTTPS_PROXY cannot be read as a proxy URL (scheme://user:password@host:port). Percent-encode special characters in the user and password (/ as %2F, # as %23, ? as %3F, @ as %40), or unset it.',
      ]);
      assert.equal(seen.includes(PROXY_PASSWORD), false);
      assert.equal(tunnels.length, 0);
    });
  }

  it('NO_PROXY matching the host: no tunnel (and here, no route: the name does not resolve)', async () => {
    const { errors } = await lifecycle({
      HTTPS_PROXY: `http://keypair:${PROXY_PASSWORD}@127.0.0.1:${proxyPort}`,
      NO_PROXY: '.proxied.test',
    });
    assert.equal(tunnels.length, 0);
    assert.match(
      errors[0] ?? '',
      /(could not reach ecs\.proxied\.test: .*EAI_AGAIN|the host name ecs\.proxied\.test does not resolve .*\(ENOTFOUND\))/,
    );
  });

  it('which endpoints use a proxy: https only, never loopback, NO_PROXY forms', () => {
    const env = { HTTPS_PROXY: 'proxy.corp:3128' };
    assert.equal(proxyFor(new URL('https://ecs.cn-hangzhou.aliyuncs.com'), env)?.toString(), 'http://proxy.corp:3128/');
    assert.equal(proxyFor(new URL('http://127.0.0.1:8080'), env), undefined);
    assert.equal(proxyFor(new URL('https://localhost:8443'), env), undefined);
    assert.equal(proxyFor(new URL('https://ecs.cn-hangzhou.aliyuncs.com'), { all_proxy: 'http://p:1' })?.host, 'p:1');
    for (const noProxy of [
      '*',
      'aliyuncs.com',
      '.aliyuncs.com',
      '*.aliyuncs.com',
      'other.example, ecs.cn-hangzhou.aliyuncs.com',
      'aliyuncs.com:443',
    ]) {
      assert.equal(proxyFor(new URL('https://ecs.cn-hangzhou.aliyuncs.com'), { ...env, NO_PROXY: noProxy }), undefined, noProxy);
    }
    for (const noProxy of ['example.com', 'cs.cn-hangzhou.aliyuncs.com', 'aliyuncs.com:8443']) {
      assert.ok(proxyFor(new URL('https://ecs.cn-hangzhou.aliyuncs.com'), { ...env, no_proxy: noProxy }), noProxy);
    }
    assert.equal(proxyFor(new URL('https://ecs.cn-hangzhou.aliyuncs.com'), {}), undefined);
  });
});
