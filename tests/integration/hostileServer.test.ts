/**
 * A hostile or broken server behind the ECS endpoint, through the real provider host: enormous bodies, bodies of
 * the wrong shape, an error envelope full of junk, a server that never answers. Each gives the user a clear error
 * within the retry deadline, and the host lives on to answer the next call.
 */
import { strict as assert } from 'assert';
import * as http from 'http';
import { AddressInfo } from 'net';
import { KeyPair } from '../../sdk';
import { MiniEngine } from '../harness/engine';
import { ProviderHost } from '../harness/providerHost';
import { key, programOf, TEST_CREDENTIAL } from './helpers';

type Behaviour = (req: http.IncomingMessage, res: http.ServerResponse) => void;

describe('hostile server behind the endpoint, through the real provider host', function () {
  this.timeout(60_000);
  let server: http.Server;
  let behaviour: Behaviour = (_req, res) => res.end();
  let host: ProviderHost;
  let requests = 0;

  before(async () => {
    server = http.createServer((req, res) => {
      requests++;
      req.resume();
      req.on('end', () => behaviour(req, res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    host = await ProviderHost.start({
      env: {
        ALIBABA_CLOUD_ENDPOINT_ECS: url,
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
    assert.ok(result.error, 'an answer without a fingerprint must not count as created');
    assert.equal(
      result.error,
      'ImportKeyPair failed: the answer held no key-pair fingerprint, and the key pair could not be found afterwards (BAD_RESPONSE)',
    );
    await hostStillAnswers();
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
