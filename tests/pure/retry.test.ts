/**
 * retryPolicy.ts and the retry loop of RpcClient, with a fake transport and an injected clock: deadlines are tested
 * without waiting for them.
 */
import { strict as assert } from 'assert';
import {
  ApiError,
  HttpRequest,
  HttpResponse,
  HttpTransport,
  NetworkError,
  parseRetryAfterMs,
  RetryDeadlineError,
  retryDecision,
  retryDelayMs,
  RpcClient,
} from '../../provider/alibaba';
import { withoutNetwork } from './noNetwork';

const api = (code: string, httpStatus = 400, retryAfterMs?: number) =>
  new ApiError({ action: 'A', code, httpStatus, message: '', retryAfterMs });

/** A transport that answers from a script, and a clock that only moves when the client sleeps. */
function scripted(answers: Array<HttpResponse | Error>) {
  let now = 1_000_000;
  const sent: HttpRequest[] = [];
  const transport: HttpTransport = {
    async send(request) {
      sent.push(request);
      const next = answers.length > 1 ? answers.shift()! : answers[0];
      if (next instanceof Error) throw next;
      return next;
    },
    close: () => undefined,
  };
  const sleeps: number[] = [];
  const client = new RpcClient({
    endpoint: new URL('https://ecs.cn-hangzhou.aliyuncs.com'),
    version: '2014-05-26',
    credentials: async () => ({ accessKeyId: 'id', accessKeySecret: 'secret', source: 'test' }),
    transport,
    deadlineMs: 10_000,
    clock: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    random: () => 0.5,
  });
  return { client, sent, sleeps };
}
const ok = (body: object): HttpResponse => ({ status: 200, headers: {}, body: JSON.stringify({ RequestId: 'r', ...body }) });
const failure = (status: number, code: string, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers,
  body: JSON.stringify({ RequestId: 'r', Code: code, Message: 'm' }),
});

describe('retries', () => {
  withoutNetwork();

  const DECISIONS: Array<[string, unknown, string]> = [
    ['Throttling.User', api('Throttling.User'), 'retry'],
    ['ServiceUnavailable (503)', api('ServiceUnavailable', 503), 'retry'],
    ['any 5xx', api('Odd', 502), 'retry'],
    ['HTTP 429 whatever its code', api('TooMany', 429), 'retry'],
    ['x-acs-retry-after on a non-throttling code', api('InvalidParameter', 400, 300), 'retry'],
    ['IllegalTimestamp: once, re-signed', api('IllegalTimestamp'), 'retry-once-resigned'],
    ['KeyPair.AlreadyExist', api('KeyPair.AlreadyExist'), 'fail'],
    ['PubKeyNameExisted (from the service home)', api('PubKeyNameExisted'), 'fail'],
    ['QuotaExceed.KeyPair (403)', api('QuotaExceed.KeyPair', 403), 'fail'],
    ['SignatureDoesNotMatch', api('SignatureDoesNotMatch'), 'fail'],
    ['a dropped connection', new NetworkError('A', 'ECONNRESET', 'x', true), 'retry'],
    ['a proxy refusing the tunnel', new NetworkError('A', 'PROXY_REFUSED', 'x', false), 'fail'],
    ["an answer that is not the API's", new NetworkError('A', 'UNEXPECTED_RESPONSE', 'x', true), 'fail'],
    ['a certificate failure', new NetworkError('A', 'CERT_HAS_EXPIRED', 'x', false), 'fail'],
  ];
  for (const [label, error, decision] of DECISIONS)
    it(`decision: ${label} → ${decision}`, () => assert.equal(retryDecision(error), decision));

  const RETRY_AFTER: Array<[string | undefined, number | undefined]> = [
    [undefined, undefined],
    ['300', 300],
    [' 1000 ', 1000],
    ['0', undefined],
    ['-5', undefined],
    ['1.5', undefined],
    ['5, 999999999', undefined],
    ['soon', undefined],
    ['99999999999', 600_000],
  ];
  for (const [header, expected] of RETRY_AFTER) {
    it(`x-acs-retry-after ${JSON.stringify(header)} → ${expected}`, () => assert.equal(parseRetryAfterMs(header), expected));
  }

  it('the backoff is the floor of any wait the server asks for', () => {
    assert.equal(retryDelayMs(150, 20), 150);
    assert.equal(retryDelayMs(150, 300), 300);
    assert.equal(retryDelayMs(150, undefined), 150);
  });

  it('a 503 storm ends at the deadline, without waiting for it, naming the last code', async () => {
    const { client, sent, sleeps } = scripted([failure(503, 'ServiceUnavailable')]);
    await assert.rejects(client.call('DescribeKeyPairs', {}), (error: unknown) => {
      assert.ok(error instanceof RetryDeadlineError);
      assert.match(error.message, /^DescribeKeyPairs gave up after \d+ attempts in ([0-9]|10) s; the last error was ServiceUnavailable/);
      return true;
    });
    assert.ok(sent.length > 3);
    assert.ok(sleeps.reduce((a, b) => a + b, 0) <= 10_000);
  });

  it('x-acs-retry-after is waited for, then the call succeeds', async () => {
    const { client, sleeps } = scripted([failure(400, 'Throttling.User', { 'x-acs-retry-after': '300' }), ok({ TotalCount: 0 })]);
    assert.deepEqual(await client.call('DescribeKeyPairs', {}), { RequestId: 'r', TotalCount: 0 });
    assert.deepEqual(sleeps, [300]);
  });

  it('all pages of one operation share its deadline', async () => {
    const { client, sent } = scripted([failure(503, 'ServiceUnavailable')]);
    const deadlineAt = client.operationDeadline() - 9_000; // 1 s left of this operation
    await assert.rejects(client.call('DescribeKeyPairs', {}, deadlineAt), /gave up after \d+ attempts in 1 s/);
    assert.ok(sent.length >= 1 && sent.length < 10);
  });
});
