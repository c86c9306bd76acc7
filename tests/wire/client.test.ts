import { strict as assert } from 'assert';
import * as http from 'http';
import { AddressInfo } from 'net';
import { Emulator } from '../../emulator';
import { startEmulator } from '../support/emulatorUnderTest';
import {
  ApiError,
  NetworkError,
  RetryDeadlineError,
  RpcClient,
  resolveEndpoint,
  resolveStsEndpoint,
  EndpointError,
  retryDecision,
  Transport,
  HttpTransport,
} from '../../provider/alibaba';

const CREDENTIAL = { accessKeyId: 'client-test-id', accessKeySecret: 'client-test-secret-value', securityToken: 'sts-token-value-0123' };

function client(url: string, options: Partial<ConstructorParameters<typeof RpcClient>[0]> = {}) {
  return new RpcClient({
    endpoint: new URL(url),
    version: '2014-05-26',
    credentials: async () => ({ ...CREDENTIAL, source: 'test' }),
    deadlineMs: 5_000,
    backoff: { baseDelayMs: 5, maxDelayMs: 50 },
    ...options,
  });
}

describe('API client: retries and errors against loopback servers', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  before(async () => {
    emulator = await startEmulator({ credentials: [CREDENTIAL] });
  });
  after(async () => emulator.close());
  beforeEach(() => {
    emulator.reset();
  });

  for (const signatureVersion of ['v1', 'v3'] as const) {
    it(`${signatureVersion}: signed with the STS token and accepted`, async () => {
      const c = client(emulator.url, { signatureVersion });
      const result = await c.call<{ TotalCount: number }>('DescribeKeyPairs', {
        RegionId: 'cn-hangzhou',
        Tag: [{ Key: '环境', Value: 'a b*~' }],
      });
      assert.equal(result.TotalCount, 0);
      assert.equal(emulator.requests[0].signatureVersion, signatureVersion);
      c.close();
    });
  }

  it('throttling then success: 3 attempts', async () => {
    emulator.scriptFaults('DescribeKeyPairs', ['throttle', 'throttle']);
    const c = client(emulator.url);
    await c.call('DescribeKeyPairs', { RegionId: 'cn-hangzhou' });
    assert.equal(emulator.count('DescribeKeyPairs'), 3);
    c.close();
  });

  it('x-acs-retry-after is obeyed', async () => {
    emulator.scriptFaults('DescribeKeyPairs', [{ throttleRetryAfterMs: 300 }]);
    const delays: number[] = [];
    const c = client(emulator.url, { sleep: async (ms) => void delays.push(ms) });
    await c.call('DescribeKeyPairs', { RegionId: 'cn-hangzhou' });
    assert.deepEqual(delays, [300]);
    c.close();
  });

  it('a 503 storm is bounded by the deadline and the error names the last code', async () => {
    emulator.configureFaults({ serverErrorProbability: 1 });
    const c = client(emulator.url, { deadlineMs: 400 });
    const started = Date.now();
    await assert.rejects(c.call('DescribeKeyPairs', { RegionId: 'cn-hangzhou' }), (error: unknown) => {
      assert.ok(error instanceof RetryDeadlineError);
      assert.match(
        error.message,
        /^DescribeKeyPairs gave up after \d+ attempts in \d+ s; the last error was (ServiceUnavailable|InternalError)/,
      );
      return true;
    });
    assert.ok(Date.now() - started < 2_000);
    assert.ok(emulator.count() >= 2);
    c.close();
  });

  it('dropped connections are retried', async () => {
    emulator.scriptFaults('DescribeKeyPairs', ['drop', 'drop']);
    const c = client(emulator.url);
    await c.call('DescribeKeyPairs', { RegionId: 'cn-hangzhou' });
    assert.equal(emulator.count('DescribeKeyPairs'), 3);
    c.close();
  });

  it('non-retryable codes are tried once; SignatureDoesNotMatch message holds no secret or token', async () => {
    const c = client(emulator.url, {
      credentials: async () => ({ ...CREDENTIAL, accessKeySecret: 'wrong-secret-value', source: 'test' }),
      signatureVersion: 'v1',
    });
    await assert.rejects(c.call('DescribeKeyPairs', { RegionId: 'cn-hangzhou' }), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.code, 'SignatureDoesNotMatch');
      assert.equal(error.httpStatus, 400);
      assert.ok(error.requestId);
      const everything = JSON.stringify({ ...error, message: error.message });
      assert.equal(everything.includes('wrong-secret-value'), false);
      assert.equal(everything.includes(CREDENTIAL.securityToken), false);
      assert.match(error.message, /\[REDACTED\]/);
      return true;
    });
    assert.equal(emulator.count(), 1);
    const unknownKey = client(emulator.url, { credentials: async () => ({ accessKeyId: 'nobody', accessKeySecret: 'x', source: 'test' }) });
    await assert.rejects(unknownKey.call('DescribeKeyPairs', { RegionId: 'cn-hangzhou' }), {
      code: 'InvalidAccessKeyId.NotFound',
      httpStatus: 404,
    });
    assert.equal(emulator.count(), 2);
    c.close();
    unknownKey.close();
  });

  for (const signatureVersion of ['v1', 'v3'] as const) {
    it(`${signatureVersion}: no error (message, properties, cause, stack) holds the signature that was sent`, async () => {
      const sent: string[] = [];
      const inner = new Transport();
      const recording: HttpTransport = {
        send: (request) => {
          const v3 = /Signature=([0-9a-f]{64})/.exec(request.headers.authorization ?? '')?.[1];
          const v1 = new URLSearchParams(request.body ?? '').get('Signature');
          sent.push((v3 ?? v1)!);
          return inner.send(request);
        },
        close: () => inner.close(),
      };
      const reveal = (error: unknown) => {
        const e = error as Error & { cause?: unknown };
        return [e.message, e.stack, JSON.stringify(e), String(e.cause), JSON.stringify(e.cause ?? null)].join('\n');
      };
      const wrong = client(emulator.url, {
        signatureVersion,
        transport: recording,
        credentials: async () => ({ ...CREDENTIAL, accessKeySecret: 'wrong', source: 'test' }),
      });
      const mismatch = await wrong.call('DescribeKeyPairs', { RegionId: 'cn-hangzhou' }).catch((error: unknown) => error);
      assert.ok(mismatch instanceof ApiError);
      const refusedServer = http.createServer((req) => req.socket.destroy());
      await new Promise<void>((resolve) => refusedServer.listen(0, '127.0.0.1', resolve));
      const dropping = client(`http://127.0.0.1:${(refusedServer.address() as AddressInfo).port}`, {
        signatureVersion,
        transport: recording,
        deadlineMs: 300,
      });
      const dropped = await dropping.call('DescribeKeyPairs', { RegionId: 'cn-hangzhou' }).catch((error: unknown) => error);
      assert.ok(dropped instanceof RetryDeadlineError);
      await new Promise((resolve) => refusedServer.close(resolve));
      assert.ok(sent.length >= 2 && sent.every((signature) => signature && signature.length >= 20));
      for (const error of [mismatch, dropped, (dropped as RetryDeadlineError).lastError]) {
        const text = reveal(error);
        for (const signature of sent) {
          // Raw, and as it travels in a V1 form body.
          for (const form of [signature, encodeURIComponent(signature)])
            assert.equal(text.includes(form), false, `a ${signatureVersion} signature leaked`);
        }
      }
      recording.close();
    });
  }

  it('SignatureNonceUsed is retried once with a fresh nonce', async () => {
    let n = 0;
    const c = client(emulator.url, { nonce: () => (n++ === 0 ? 'fixed-nonce' : `fresh-${n}`) });
    await c.call('DescribeKeyPairs', { RegionId: 'cn-hangzhou' });
    n = 0;
    await c.call('DescribeKeyPairs', { RegionId: 'cn-hangzhou' });
    assert.deepEqual(
      emulator.requests.map((r) => r.code ?? r.status),
      [200, 'SignatureNonceUsed', 200],
    );
    c.close();
  });

  it('hostile servers: not JSON, truncated, slow-drip and connection refused give clear errors within the deadline', async () => {
    const server = http.createServer((req, res) => {
      if (req.url!.includes('Mode=html')) return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>proxy</html>');
      if (req.url!.includes('Mode=truncated')) return res.writeHead(200).end('{"RequestId":"x",');
      res.writeHead(200);
      const timer = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const c = client(url, { deadlineMs: 600, requestTimeoutMs: 200 });
    for (const mode of ['html', 'truncated', 'drip']) {
      const started = Date.now();
      await assert.rejects(c.call('DescribeKeyPairs', { Mode: mode }), (error: unknown) => {
        assert.ok(error instanceof RetryDeadlineError, String(error));
        assert.ok(error.lastError instanceof NetworkError);
        assert.equal(error.lastError.code, mode === 'drip' ? 'TIMEOUT' : 'BAD_RESPONSE');
        return true;
      });
      assert.ok(Date.now() - started < 3000, `${mode} took too long`);
    }
    c.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    // Nothing listens on a loopback port: that will not heal, so it fails at once, not at the deadline.
    const refused = client(url, { deadlineMs: 60_000 });
    const started = Date.now();
    await assert.rejects(refused.call('DescribeKeyPairs', {}), (error: unknown) => {
      assert.ok(error instanceof NetworkError, String(error));
      assert.equal(error.code, 'LOOPBACK_REFUSED');
      assert.match(error.message, new RegExp(`nothing is listening on ${url}`));
      return true;
    });
    assert.ok(Date.now() - started < 2000);
  });

  it('retry decisions follow the documented lists', () => {
    const api = (code: string, httpStatus = 400) => new ApiError({ code, httpStatus, message: '', action: 'A' });
    assert.equal(retryDecision(api('Throttling.User')), 'retry');
    assert.equal(retryDecision(api('ServiceUnavailable', 503)), 'retry');
    assert.equal(retryDecision(api('OperationConflict', 409)), 'retry');
    assert.equal(retryDecision(api('IllegalTimestamp')), 'retry-once-resigned');
    for (const code of [
      'KeyPair.AlreadyExist',
      'QuotaExceed.KeyPair',
      'InvalidKeyPairName.Malformed',
      'MissingParameter',
      'Forbidden.RAM',
      'InvalidAccessKeyId.NotFound',
    ]) {
      assert.equal(retryDecision(api(code, 404)), 'fail', code);
    }
    assert.equal(retryDecision(api('HTTP502', 502)), 'retry');
  });

  it('endpoints: regional ECS, special cases, overrides, http only for loopback', () => {
    assert.equal(resolveEndpoint('ecs', 'cn-shanghai', {}).host, 'ecs.cn-shanghai.aliyuncs.com');
    assert.equal(resolveEndpoint('ecs', 'cn-hangzhou', {}).host, 'ecs-cn-hangzhou.aliyuncs.com');
    assert.equal(resolveEndpoint('ens', undefined, {}).host, 'ens.aliyuncs.com');
    assert.equal(
      resolveEndpoint('ecs', 'cn-hangzhou', { ALIBABA_CLOUD_ENDPOINT_ECS: 'http://127.0.0.1:9' }).toString(),
      'http://127.0.0.1:9/',
    );
    assert.throws(() => resolveEndpoint('ens', undefined, { ALIBABA_CLOUD_ENDPOINT_ENS: 'http://example.com' }), EndpointError);
  });

  it('the STS endpoint: global by default, alicloud:stsEndpoint, ALIBABA_CLOUD_ENDPOINT_STS first; http only for loopback', () => {
    assert.equal(resolveStsEndpoint(undefined, {}).toString(), 'https://sts.aliyuncs.com/');
    assert.equal(resolveStsEndpoint('sts.cn-shanghai.aliyuncs.com', {}).toString(), 'https://sts.cn-shanghai.aliyuncs.com/');
    assert.equal(
      resolveStsEndpoint('sts.cn-shanghai.aliyuncs.com', { ALIBABA_CLOUD_ENDPOINT_STS: 'http://127.0.0.1:7' }).toString(),
      'http://127.0.0.1:7/',
    );
    assert.throws(() => resolveStsEndpoint(undefined, { ALIBABA_CLOUD_ENDPOINT_STS: 'http://sts.example.com' }), {
      name: 'EndpointError',
      message:
        'ALIBABA_CLOUD_ENDPOINT_STS uses plain http:// for sts.example.com; only loopback hosts (127.0.0.1, localhost, ::1) may use http, use https:// for anything else',
    });
    assert.throws(() => resolveStsEndpoint('http://sts.example.com', {}), /^EndpointError: alicloud:stsEndpoint uses plain http:\/\//);
  });
});
