/**
 * A hostile or broken server behind the ECS endpoint, through the real provider host: enormous bodies, bodies of
 * the wrong shape, an error envelope full of junk, a server that never answers. Each gives the user a clear error
 * within the retry deadline, and the host lives on to answer the next call.
 */
import { strict as assert } from 'assert';
import * as http from 'http';
import { AddressInfo } from 'net';
import { EnsKeyPair, KeyPair } from '../../sdk';
import { MiniEngine } from '../../tools/engine-standin/engine';
import { ProviderHost } from '../../tools/engine-standin/providerHost';
import { programOf } from './helpers';
import { key, TEST_CREDENTIAL } from '../support/fixtures';
import type { Service } from '../../provider/serviceFacts';

type Behaviour = (req: http.IncomingMessage, res: http.ServerResponse) => void;

describe('hostile server behind the endpoint, through the real provider host', function () {
  this.timeout(60_000);
  let server: http.Server;
  let behaviour: Behaviour = (_req, res) => res.end();
  let host: ProviderHost;
  let requests = 0;

  before(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      // The account lookup (STS, same port) is answered properly: the hostile behaviour is the key-pair API's.
      if (req.headers['x-acs-action'] === 'GetCallerIdentity') {
        return req.on('end', () =>
          res.end(JSON.stringify({ AccountId: '1000000000000001', Arn: 'acs:ram::1000000000000001:root', RequestId: 'r' })),
        );
      }
      requests++;
      req.on('end', () => behaviour(req, res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    host = await ProviderHost.start({
      env: {
        ALIBABA_CLOUD_ENDPOINT_ECS: url,
        ALIBABA_CLOUD_ENDPOINT_ENS: url,
        ALIBABA_CLOUD_ACCESS_KEY_ID: TEST_CREDENTIAL.accessKeyId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: TEST_CREDENTIAL.accessKeySecret,
        ALIBABA_CLOUD_RETRY_DEADLINE_SECONDS: '2',
      },
    });
    await host.configure({ 'alicloud:region': 'cn-hangzhou' });
  });
  after(async () => {
    await host.stop();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => (requests = 0));

  async function createOnce(name: string): Promise<{ error?: string; seconds: number }> {
    const started = Date.now();
    const [step] = await new MiniEngine(host).up(
      await programOf(() => [new KeyPair(name, { publicKey: key('rsa2048.pub'), keyPairName: name })]),
    );
    return { error: step.error, seconds: (Date.now() - started) / 1000 };
  }

  async function hostStillAnswers(): Promise<void> {
    const program = await programOf(() => [new KeyPair('alive', { publicKey: key('ecdsa256.pub') })]);
    const [inputs] = [...program.values()];
    const checked = await host.check('urn:pulumi:t::t::pulumi-alicloud-keypair:index:KeyPair::alive', {}, inputs);
    assert.deepEqual(checked.failures, []);
  }

  it('an enormous body (5 MiB) is cut off at 4 MiB and reported, not buffered without end', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    behaviour = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < 5; i++) res.write(chunk);
      res.end('{}');
    };
    const result = await createOnce('enormous');
    assert.match(
      result.error ?? '',
      /^DescribeKeyPairs gave up after \d+ attempts in \d+ s; the last error was .*(larger than|too large|4 MiB)/,
    );
    assert.ok(result.seconds < 10, `${result.seconds} s`);
    await hostStillAnswers();
  });

  it('a success of the wrong shape is an error naming what was missing, and nothing is recorded as created', async () => {
    behaviour = (_req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ RequestId: 'r', Surprise: { KeyPairs: 'not a list' } }));
    const result = await createOnce('wrong-shape');
    assert.equal(
      result.error,
      'DescribeKeyPairs failed: the answer is not of the documented shape: KeyPairs.KeyPair is not a list (UNEXPECTED_RESPONSE)',
    );
    assert.equal(requests, 1, "an answer that is not the API's is not asked again");
    await hostStillAnswers();
  });

  /** A stack holding one ECS (or ENS) key pair, refreshed against whatever `behaviour` answers. */
  async function refreshOnce(service: Service = 'ecs'): Promise<{ gone: boolean; error?: string; kept: boolean }> {
    const engine = new MiniEngine(host);
    const args = { publicKey: key('rsa2048.pub'), keyPairName: 'held' };
    const program = await programOf(() => [service === 'ecs' ? new KeyPair('held', args) : new EnsKeyPair('held', args)]);
    const [[urn, inputs]] = [...program];
    const checked = await host.check(urn, {}, inputs);
    engine.state.set(urn, {
      urn,
      id: 'held',
      inputs: checked.inputs,
      outputs: { ...checked.inputs, cloudFingerprint: checked.inputs.fingerprint, creationTime: '2026-01-01T00:00Z' },
    });
    const [result] = await engine.refresh();
    return { ...result, kept: engine.state.has(urn) };
  }

  const wrongShapes: Array<[string, unknown, RegExp]> = [
    ['an empty object', {}, /^DescribeKeyPairs failed: the answer is not of the documented shape: the HTTP 200 answer has no RequestId/],
    ['KeyPairs: null', { RequestId: 'r', TotalCount: 0, KeyPairs: null }, /KeyPairs\.KeyPair is not a list \(UNEXPECTED_RESPONSE\)$/],
    ['KeyPair as an object', { RequestId: 'r', KeyPairs: { KeyPair: { KeyPairName: 'held' } } }, /KeyPairs\.KeyPair is not a list/],
    [
      'an item without a name',
      { RequestId: 'r', KeyPairs: { KeyPair: [{ Name: 'held' }] } },
      /a KeyPairs\.KeyPair item has no KeyPairName/,
    ],
  ];
  for (const [label, body, expected] of wrongShapes) {
    it(`refresh answered 200 with ${label} keeps the resource and says the answer was unexpected`, async () => {
      behaviour = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      const result = await refreshOnce();
      assert.equal(result.gone, false);
      assert.equal(result.kept, true, 'the resource stays in the state');
      assert.match(result.error ?? '', expected);
    });
  }

  it('an error envelope inside a 200 is an API error, retried by the usual rules, never "gone"', async () => {
    behaviour = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"Code":"ServiceUnavailable"}');
    const result = await refreshOnce();
    assert.equal(result.kept, true);
    assert.match(result.error ?? '', /^DescribeKeyPairs gave up after \d+ attempts in \d+ s; the last error was ServiceUnavailable/);
    assert.ok(requests > 1, 'ServiceUnavailable is retried');
  });

  it('paging that never ends (50 items a page, TotalCount 1e9) stops at a bound, within the deadline', async () => {
    behaviour = (req, res) => {
      const page = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('PageNumber') ?? 1);
      const items = Array.from({ length: 50 }, (_, i) => ({ KeyPairName: `other-${page}-${i}`, KeyPairId: `ssh-${page}-${i}` }));
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ RequestId: 'r', TotalCount: 1e9, KeyPairs: { KeyPair: items } }));
    };
    const started = Date.now();
    const result = await refreshOnce('ens');
    assert.equal(result.kept, true);
    assert.equal(
      result.error,
      'DescribeKeyPairs failed: the answer is not of the documented shape: paging went past 1000 key pairs without ending (UNEXPECTED_RESPONSE)',
    );
    assert.equal(requests, 20);
    assert.ok(Date.now() - started < 5_000);
  });

  it('paging is covered by one deadline: slow pages end the operation at the deadline, not a deadline per page', async () => {
    behaviour = (req, res) => {
      const page = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('PageNumber') ?? 1);
      const items = Array.from({ length: 50 }, (_, i) => ({ KeyPairName: `other-${page}-${i}`, KeyPairId: `ssh-${page}-${i}` }));
      setTimeout(
        () =>
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ RequestId: 'r', TotalCount: 900, KeyPairs: { KeyPair: items } })),
        400,
      );
    };
    const started = Date.now();
    const result = await refreshOnce('ens');
    const seconds = (Date.now() - started) / 1000;
    assert.equal(result.kept, true);
    assert.match(result.error ?? '', /^DescribeKeyPairs gave up after \d+ attempts? in \d+ s; the last error was TIMEOUT/);
    assert.ok(seconds < 4, `${seconds} s for a 2 s deadline`);
    assert.ok(requests <= 6, `${requests} pages asked`);
  });

  it('x-acs-retry-after: 0 does not remove the backoff', async () => {
    behaviour = (_req, res) =>
      res
        .writeHead(400, { 'content-type': 'application/json', 'x-acs-retry-after': '0' })
        .end('{"Code":"Throttling.User","Message":"busy","RequestId":"r"}');
    const result = await refreshOnce();
    assert.match(result.error ?? '', /^DescribeKeyPairs gave up after \d+ attempts in \d+ s; the last error was Throttling\.User/);
    assert.ok(requests < 60, `${requests} requests in 2 s: the backoff must still apply`);
  });

  it('a repeated x-acs-retry-after ("5, 999999999") counts as absent: backoff, neither 5 ms nor 11 days', async () => {
    behaviour = (_req, res) =>
      res
        .writeHead(400, { 'content-type': 'application/json', 'x-acs-retry-after': '5, 999999999' })
        .end('{"Code":"Throttling.User","Message":"busy","RequestId":"r"}');
    const started = Date.now();
    await refreshOnce();
    assert.ok(requests >= 3 && requests < 60, `${requests} requests`);
    assert.ok(Date.now() - started < 10_000);
  });

  it('an error envelope of junk types still becomes a readable error, tried once when not retryable', async () => {
    behaviour = (_req, res) =>
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ Code: 'InvalidParameter', Message: { nested: ['x'] }, RequestId: 42, Recommend: null }));
    const result = await createOnce('junk-envelope');
    assert.match(result.error ?? '', /^DescribeKeyPairs failed: InvalidParameter/);
    assert.equal(requests, 1);
    await hostStillAnswers();
  });

  it('a server that never answers is given up on at the deadline', async () => {
    behaviour = () => undefined;
    const result = await createOnce('silent');
    assert.match(result.error ?? '', /^DescribeKeyPairs gave up after \d+ attempts? in \d+ s; the last error was/);
    assert.ok(result.seconds < 10, `${result.seconds} s`);
    await hostStillAnswers();
  });
});
