/**
 * The emulator on the wire: requests signed with our V1 signer sent by hand (so each field can be wrong on
 * purpose), the XML format, malformed requests, the control API, and a load test of 2,000 mixed requests from
 * 50 concurrent clients under injected faults.
 */
import { strict as assert } from 'assert';
import { parsePublicKey } from '../../provider/ssh/publicKey';
import * as crypto from 'crypto';
import { Emulator, startEmulator } from '../../emulator';
import { MAX_REQUEST_LOG } from '../../emulator/server';
import { formatTimestamp, RpcClient, signedV1Params } from '../../provider/alibaba';
import { canonicalQueryString } from '../../provider/alibaba/percentEncode';
import * as fs from 'fs';
import * as path from 'path';

const CREDENTIAL = { accessKeyId: 'wire-test-id', accessKeySecret: 'wire-test-secret' };
const RSA = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'keys', 'rsa2048.pub'), 'utf8').trim();
const RSA_4096 = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'keys', 'rsa4096.pub'), 'utf8').trim();

interface Raw {
  status: number;
  contentType: string;
  text: string;
}

async function send(url: string, init: { method?: string; body?: string; query?: string; headers?: Record<string, string> }): Promise<Raw> {
  const response = await fetch(url + (init.query ? `?${init.query}` : ''), {
    method: init.method ?? 'POST',
    body: init.body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...init.headers },
  });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
}

function v1(
  params: Record<string, string>,
  overrides: { timestamp?: Date; nonce?: string; secret?: string; method?: string } = {},
): string {
  return canonicalQueryString(
    signedV1Params({
      method: overrides.method ?? 'POST',
      params: { Version: '2014-05-26', ...params },
      accessKeyId: CREDENTIAL.accessKeyId,
      accessKeySecret: overrides.secret ?? CREDENTIAL.accessKeySecret,
      timestamp: formatTimestamp(overrides.timestamp ?? new Date()),
      nonce: overrides.nonce ?? crypto.randomUUID(),
    }),
  );
}

const codeOf = (raw: Raw) => (JSON.parse(raw.text) as { Code: string }).Code;

describe('emulator on the wire', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  before(async () => {
    emulator = await startEmulator({ credentials: [CREDENTIAL] });
  });
  after(async () => emulator.close());
  beforeEach(() => {
    emulator.reset();
  });

  it('GET with the parameters in the query works as POST with a form body', async () => {
    const imported = await send(emulator.url, {
      method: 'GET',
      query: v1({ Action: 'ImportKeyPair', RegionId: 'cn-hangzhou', KeyPairName: 'by-get', PublicKeyBody: RSA }, { method: 'GET' }),
    });
    assert.equal(imported.status, 200);
    assert.equal(JSON.parse(imported.text).KeyPairFingerPrint, 'bed4d87e19635b2f66506f5ff61cbcf8');
  });

  it('CreateKeyPair makes an RSA key pair, returns its private key once, and describes it by the matching fingerprint', async () => {
    const created = await send(emulator.url, { body: v1({ Action: 'CreateKeyPair', RegionId: 'cn-hangzhou', KeyPairName: 'made-here' }) });
    assert.equal(created.status, 200);
    const body = JSON.parse(created.text) as { KeyPairName: string; KeyPairFingerPrint: string; PrivateKeyBody: string };
    assert.equal(body.KeyPairName, 'made-here');
    assert.match(body.PrivateKeyBody, /^-----BEGIN RSA PRIVATE KEY-----\n/);
    // The fingerprint is the MD5 of the public key that belongs to the private key returned.
    const publicPem = crypto.createPublicKey(body.PrivateKeyBody).export({ type: 'spki', format: 'pem' }).toString();
    assert.equal(body.KeyPairFingerPrint, parsePublicKey(publicPem).md5);
    const [stored] = emulator.snapshot();
    assert.equal(stored.fingerprint, body.KeyPairFingerPrint);
    assert.equal(JSON.stringify(emulator.snapshot()).includes('PRIVATE KEY'), false, 'the emulator keeps no private key');
    const again = await send(emulator.url, { body: v1({ Action: 'CreateKeyPair', RegionId: 'cn-hangzhou', KeyPairName: 'made-here' }) });
    assert.equal(codeOf(again), 'KeyPair.AlreadyExist');
  });

  it('Format=XML answers XML, errors included', async () => {
    const ok = await send(emulator.url, {
      body: v1({ Action: 'ImportKeyPair', RegionId: 'cn-hangzhou', KeyPairName: 'xml-key', PublicKeyBody: RSA, Format: 'XML' }),
    });
    assert.equal(ok.status, 200);
    assert.match(ok.contentType, /xml/);
    assert.match(ok.text, /^<\?xml version="1\.0" encoding="UTF-8"\?>\s*<ImportKeyPairResponse>/);
    assert.match(ok.text, /<KeyPairFingerPrint>bed4d87e19635b2f66506f5ff61cbcf8<\/KeyPairFingerPrint>/);
    const failed = await send(emulator.url, {
      body: v1({ Action: 'ImportKeyPair', RegionId: 'cn-hangzhou', KeyPairName: 'xml-key', PublicKeyBody: RSA, Format: 'XML' }),
    });
    assert.equal(failed.status, 400);
    assert.match(failed.text, /<Error>[\s\S]*<Code>KeyPair\.AlreadyExist<\/Code>/);
  });

  it('signature problems get the documented codes', async () => {
    const params = { Action: 'DescribeKeyPairs', RegionId: 'cn-hangzhou' };
    const stale = await send(emulator.url, { body: v1(params, { timestamp: new Date(Date.now() - 20 * 60_000) }) });
    assert.deepEqual([stale.status, codeOf(stale)], [400, 'IllegalTimestamp']);
    const nonce = crypto.randomUUID();
    assert.equal((await send(emulator.url, { body: v1(params, { nonce }) })).status, 200);
    const reused = await send(emulator.url, { body: v1(params, { nonce }) });
    assert.deepEqual([reused.status, codeOf(reused)], [400, 'SignatureNonceUsed']);
    const wrong = await send(emulator.url, { body: v1(params, { secret: 'nope' }) });
    assert.deepEqual([wrong.status, codeOf(wrong)], [400, 'SignatureDoesNotMatch']);
    const unsigned = await send(emulator.url, { body: new URLSearchParams(v1(params)).toString().replace(/&Signature=[^&]*/, '') });
    assert.deepEqual([unsigned.status, codeOf(unsigned)], [400, 'IncompleteSignature']);
    const v3WithoutAuthorization = await send(emulator.url, {
      headers: { 'x-acs-action': 'DescribeKeyPairs', 'x-acs-version': '2014-05-26' },
      query: 'RegionId=cn-hangzhou',
    });
    assert.deepEqual([v3WithoutAuthorization.status, codeOf(v3WithoutAuthorization)], [400, 'IncompleteSignature']);
  });

  it('a nonce is remembered while its timestamp could be replayed, then forgotten (so memory stays bounded)', async () => {
    let clock = Date.parse('2026-11-23T00:00:00Z');
    const clocked = await startEmulator({ credentials: [CREDENTIAL], now: () => clock });
    try {
      const at = (ms: number) => new Date(ms);
      const params = { Action: 'DescribeKeyPairs', RegionId: 'cn-hangzhou' };
      assert.equal((await send(clocked.url, { body: v1(params, { nonce: 'fixed-nonce', timestamp: at(clock) }) })).status, 200);
      clock += 10 * 60_000;
      const replayed = await send(clocked.url, { body: v1(params, { nonce: 'fixed-nonce', timestamp: at(clock) }) });
      assert.equal(codeOf(replayed), 'SignatureNonceUsed');
      clock += 30 * 60_000; // beyond twice the 15-minute timestamp window
      assert.equal((await send(clocked.url, { body: v1(params, { nonce: 'fixed-nonce', timestamp: at(clock) }) })).status, 200);
    } finally {
      await clocked.close();
    }
  });

  it('every documented key-pair error: status, code and message exactly as Alibaba documents them', async () => {
    const quotaEmulator = await startEmulator({ credentials: [CREDENTIAL], quotaPerRegion: 1 });
    const ecs = (params: Record<string, string>) => ({
      Action: 'ImportKeyPair',
      RegionId: 'cn-hangzhou',
      KeyPairName: 'doc-key',
      PublicKeyBody: RSA,
      ...params,
    });
    const cases: Array<{
      name: string;
      url?: string;
      params: Record<string, string>;
      before?: () => Promise<unknown> | void;
      expect: [number, string, string];
    }> = [
      {
        name: 'bad name',
        params: ecs({ KeyPairName: '1-starts-with-digit' }),
        expect: [400, 'InvalidKeyPairName.Malformed', 'Specified Key Pair name is not valid.'],
      },
      {
        name: 'quota',
        url: quotaEmulator.url,
        params: ecs({ KeyPairName: 'second' }),
        before: () => send(quotaEmulator.url, { body: v1(ecs({ KeyPairName: 'first' })) }),
        expect: [403, 'QuotaExceed.KeyPair', 'The key pair quota exceeds.'],
      },
      {
        name: 'bad key',
        params: ecs({ PublicKeyBody: 'ssh-rsa AAAA' }),
        expect: [400, 'InvalidPublicKeyBody.Malformed', 'The PublicKeyBody format is not supported.'],
      },
      {
        name: 'no key',
        params: { Action: 'ImportKeyPair', RegionId: 'cn-hangzhou', KeyPairName: 'doc-key' },
        expect: [
          400,
          'MissingParameter',
          'The input parameter "PublicKeyBody" that is mandatory for processing this request is not supplied.',
        ],
      },
      {
        name: 'name taken',
        params: ecs({}),
        before: () => send(emulator.url, { body: v1(ecs({})) }),
        expect: [400, 'KeyPair.AlreadyExist', 'The key pair already exist.'],
      },
      {
        name: 'unknown group',
        params: ecs({ ResourceGroupId: 'not-a-group' }),
        expect: [404, 'InvalidResourceGroup.NotFound', 'The ResourceGroup provided does not exist in our records.'],
      },
      {
        name: 'unknown region',
        params: ecs({ RegionId: 'xx-nowhere-9' }),
        expect: [404, 'InvalidRegionId.NotFound', 'The RegionId provided does not exist in our records.'],
      },
      {
        name: 'duplicate tag',
        params: ecs({ 'Tag.1.Key': 'a', 'Tag.1.Value': '1', 'Tag.2.Key': 'a', 'Tag.2.Value': '2' }),
        expect: [400, 'Duplicate.TagKey', 'The Tag.N.Key contain duplicate key.'],
      },
      {
        name: 'reserved tag key',
        params: ecs({ 'Tag.1.Key': 'aliyun-x', 'Tag.1.Value': '1' }),
        expect: [400, 'InvalidTagKey.Malformed', 'The specified Tag.n.Key is not valid.'],
      },
      {
        name: 'delete attached',
        params: { Action: 'DeleteKeyPairs', RegionId: 'cn-hangzhou', KeyPairNames: '["bound"]' },
        before: async () => {
          await send(emulator.url, { body: v1(ecs({ KeyPairName: 'bound' })) });
          emulator.store.ecsRegion('cn-hangzhou').get('bound')!.attachedInstances.push('i-123');
        },
        expect: [
          400,
          'InvalidParameter.KeypairAlreadyAttachedInstance',
          'The specified parameter "KeyPairNames" attached to instances can not be deleted.',
        ],
      },
      {
        name: 'more than 100 names',
        params: {
          Action: 'DeleteKeyPairs',
          RegionId: 'cn-hangzhou',
          KeyPairNames: JSON.stringify(Array.from({ length: 101 }, (_, i) => `k${i}`)),
        },
        expect: [403, 'InstanceKeyPairLimitExceeded', 'The number of key pairs in KeyPairNames exceeds the limit of 100.'],
      },
      {
        name: 'ENS delete attached',
        params: { Action: 'DeleteKeyPairs', Version: '2017-11-10', KeyPairName: 'edge' },
        before: async () => {
          await send(emulator.url, {
            body: v1({ Action: 'ImportKeyPair', Version: '2017-11-10', KeyPairName: 'edge', PublicKeyBody: RSA }),
          });
          emulator.attachKeyPair({ service: 'ens', keyPairName: 'edge', instanceIds: ['i-edge'] });
        },
        expect: [400, 'PubKeyAttachedWithInstance', 'Public Key Attached With Instance.'],
      },
      {
        name: 'names not a JSON array',
        params: { Action: 'DeleteKeyPairs', RegionId: 'cn-hangzhou', KeyPairNames: 'k1,k2' },
        expect: [400, 'InvalidKeyPairNames.ValueNotSupported', 'The specified parameter KeyPairNames is not valid.'],
      },
      {
        name: 'ENS name taken',
        params: { Action: 'ImportKeyPair', Version: '2017-11-10', KeyPairName: 'edge', PublicKeyBody: RSA },
        before: () =>
          send(emulator.url, { body: v1({ Action: 'ImportKeyPair', Version: '2017-11-10', KeyPairName: 'edge', PublicKeyBody: RSA }) }),
        expect: [400, 'PubKeyNameExisted', 'Public Key Pair Name Existed.'],
      },
    ];
    try {
      for (const testCase of cases) {
        emulator.store.clear();
        await testCase.before?.();
        const answer = await send(testCase.url ?? emulator.url, { body: v1(testCase.params) });
        const body = JSON.parse(answer.text) as { Code: string; Message: string; RequestId: string; HostId: string; Recommend: string };
        assert.deepEqual([answer.status, body.Code, body.Message], testCase.expect, testCase.name);
        assert.match(body.RequestId, /^[0-9A-F-]{36}$/, testCase.name);
        assert.match(body.HostId, /^(ecs|ens)\.aliyuncs\.com$/, testCase.name);
        assert.match(
          body.Recommend,
          new RegExp(`^https://api\\.aliyun\\.com/troubleshoot\\?q=${testCase.expect[1].replace(/\./g, '\\.')}&`),
          testCase.name,
        );
      }
    } finally {
      await quotaEmulator.close();
    }
  });

  it('the request log keeps the latest entries once it passes its cap', async () => {
    const filler = { action: 'DescribeKeyPairs', version: '2014-05-26', status: 200 };
    for (let i = 0; i < MAX_REQUEST_LOG; i++) emulator.requests.push(filler);
    await send(emulator.url, { body: v1({ Action: 'ImportKeyPair', RegionId: 'cn-hangzhou', KeyPairName: 'logged', PublicKeyBody: RSA }) });
    assert.equal(emulator.requests.length, MAX_REQUEST_LOG / 2);
    assert.deepEqual(emulator.requests.at(-1), {
      action: 'ImportKeyPair',
      version: '2014-05-26',
      region: 'cn-hangzhou',
      signatureVersion: 'v1',
      status: 200,
    });
  });

  it('malformed requests get an error response, never a crash', async () => {
    const unknownAction = await send(emulator.url, { body: v1({ Action: 'LaunchRockets', RegionId: 'cn-hangzhou' }) });
    assert.deepEqual([unknownAction.status, codeOf(unknownAction)], [404, 'InvalidAction.NotFound']);
    const noAction = await send(emulator.url, { body: 'Version=2014-05-26' });
    assert.deepEqual([noAction.status, codeOf(noAction)], [400, 'MissingParameter']);
    const badEncoding = await send(emulator.url, { body: 'Action=DescribeKeyPairs&Version=2014-05-26&RegionId=%E0%A4%A' });
    assert.deepEqual([badEncoding.status, codeOf(badEncoding)], [400, 'InvalidParameter.Encoding']);
    const badVersion = await send(emulator.url, { body: v1({ Action: 'DescribeKeyPairs', Version: '1999-01-01' }) });
    assert.deepEqual([badVersion.status, codeOf(badVersion)], [400, 'InvalidVersion']);
    const huge = await send(emulator.url, {
      body: `Action=ImportKeyPair&Version=2014-05-26&PublicKeyBody=${'A'.repeat(2 * 1024 * 1024)}`,
    }).catch((error: Error) => ({ status: -1, contentType: '', text: error.message }));
    // The emulator answers 413 and stops reading; a client may see the answer or a reset, but the server lives on.
    assert.ok(huge.status === 413 || huge.status === -1, `huge body: ${huge.status}`);
    const still = await send(emulator.url, { body: v1({ Action: 'DescribeKeyPairs', RegionId: 'cn-hangzhou' }) });
    assert.equal(still.status, 200);
  });

  it('the control API reads state and faults and resets', async () => {
    await send(emulator.url, { body: v1({ Action: 'ImportKeyPair', RegionId: 'cn-hangzhou', KeyPairName: 'seen', PublicKeyBody: RSA }) });
    const keyPairs = JSON.parse((await send(`${emulator.url}/__emulator/keypairs`, { method: 'GET' })).text) as Array<{
      keyPairName: string;
      fingerprint: string;
    }>;
    assert.deepEqual(
      keyPairs.map((k) => [k.keyPairName, k.fingerprint]),
      [['seen', 'bed4d87e19635b2f66506f5ff61cbcf8']],
    );
    const faults = await send(`${emulator.url}/__emulator/faults`, {
      body: JSON.stringify({ throttleProbability: 1, seed: 7 }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(JSON.parse(faults.text).throttleProbability, 1);
    const throttled = await send(emulator.url, { body: v1({ Action: 'DescribeKeyPairs', RegionId: 'cn-hangzhou' }) });
    assert.deepEqual([throttled.status, codeOf(throttled)], [400, 'Throttling.User']);
    assert.equal(
      (await send(`${emulator.url}/__emulator/reset`, { body: '{}', headers: { 'content-type': 'application/json' } })).status,
      200,
    );
    assert.deepEqual(emulator.store.snapshot(), []);
    assert.equal((await send(emulator.url, { body: v1({ Action: 'DescribeKeyPairs', RegionId: 'cn-hangzhou' }) })).status, 200);
  });

  it('the control API refuses what a web page could send: a foreign Origin, a POST that is not JSON', async () => {
    await send(emulator.url, { body: v1({ Action: 'ImportKeyPair', RegionId: 'cn-hangzhou', KeyPairName: 'kept', PublicKeyBody: RSA }) });
    const fromPage = await send(`${emulator.url}/__emulator/reset`, {
      body: '{}',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
    });
    assert.deepEqual(
      [fromPage.status, JSON.parse(fromPage.text)],
      [403, { error: 'the control API refuses requests from web pages (an Origin header)' }],
    );
    const asText = await send(`${emulator.url}/__emulator/reset`, { body: '{}', headers: { 'content-type': 'text/plain' } });
    assert.deepEqual([asText.status, JSON.parse(asText.text)], [415, { error: 'the control API takes application/json only' }]);
    assert.deepEqual(
      emulator.snapshot().map((k) => k.keyPairName),
      ['kept'],
      'nothing was reset',
    );
    const badFaults = await send(`${emulator.url}/__emulator/faults`, {
      body: '{"latencyMs":-5}',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(badFaults.status, 400);
    assert.match(JSON.parse(badFaults.text).error, /^faults: latencyMs must be a number of ms from 0 to 60000/);
  });

  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    it(`Version=${name} and Action=${name} get their documented 4xx, and the emulator lives on`, async () => {
      const version = await send(emulator.url, { body: v1({ Action: 'DescribeKeyPairs', Version: name, RegionId: 'cn-hangzhou' }) });
      assert.deepEqual([version.status, codeOf(version)], [400, 'InvalidVersion']);
      const action = await send(emulator.url, { body: v1({ Action: name, RegionId: 'cn-hangzhou' }) });
      assert.deepEqual([action.status, codeOf(action)], [404, 'InvalidAction.NotFound']);
      const still = await send(emulator.url, { body: v1({ Action: 'DescribeKeyPairs', RegionId: 'cn-hangzhou' }) });
      assert.equal(still.status, 200);
    });
  }

  it('a V3 signature over a header named __proto__ is a 400 (SignatureDoesNotMatch), not a 500', async () => {
    const date = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const headers: Record<string, string> = {
      'x-acs-action': 'DescribeKeyPairs',
      'x-acs-version': '2014-05-26',
      'x-acs-date': date,
      'x-acs-signature-nonce': crypto.randomUUID(),
      'x-acs-content-sha256': crypto.createHash('sha256').update('').digest('hex'),
      authorization: `ACS3-HMAC-SHA256 Credential=${CREDENTIAL.accessKeyId},SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version;__proto__,Signature=${'0'.repeat(64)}`,
    };
    const answer = await send(emulator.url, { query: 'RegionId=cn-hangzhou', headers });
    assert.deepEqual([answer.status, codeOf(answer)], [400, 'SignatureDoesNotMatch']);
  });

  it('a request that fails its signature spends no nonce: the signed request with that nonce still passes', async () => {
    const nonce = crypto.randomUUID();
    const forged = await send(emulator.url, {
      body: v1({ Action: 'DescribeKeyPairs', RegionId: 'cn-hangzhou' }, { nonce, secret: 'not-the-secret' }),
    });
    assert.equal(codeOf(forged), 'SignatureDoesNotMatch');
    const genuine = await send(emulator.url, { body: v1({ Action: 'DescribeKeyPairs', RegionId: 'cn-hangzhou' }, { nonce }) });
    assert.equal(genuine.status, 200);
    const replayed = await send(emulator.url, { body: v1({ Action: 'DescribeKeyPairs', RegionId: 'cn-hangzhou' }, { nonce }) });
    assert.equal(codeOf(replayed), 'SignatureNonceUsed');
  });

  it('the request log keeps at most 128 characters of what an unauthenticated client sends', async () => {
    const huge = 'A'.repeat(300_000);
    const answer = await send(emulator.url, { body: `Action=${huge}&Version=${huge}&RegionId=${huge}` });
    assert.equal(answer.status, 400);
    const [record] = emulator.requests.slice(-1);
    assert.equal(record.action.length, 129);
    assert.equal(record.version.length, 129);
    assert.equal(record.region?.length, 129);
  });

  it('a wildcard name filter is matched without backtracking, and correctly', async () => {
    const long = 'a'.repeat(127) + 'b';
    await send(emulator.url, { body: v1({ Action: 'ImportKeyPair', RegionId: 'cn-hangzhou', KeyPairName: long, PublicKeyBody: RSA }) });
    const evil = await send(emulator.url, {
      body: v1({ Action: 'DescribeKeyPairs', RegionId: 'cn-hangzhou', KeyPairName: '*a*a*a*a*a*a*a*a*a*a*a*a*!' }),
    });
    assert.equal(JSON.parse(evil.text).TotalCount, 0);
    const fits = await send(emulator.url, { body: v1({ Action: 'DescribeKeyPairs', RegionId: 'cn-hangzhou', KeyPairName: 'a*a*b' }) });
    assert.equal(JSON.parse(fits.text).TotalCount, 1);
  });

  it('load: 2,000 mixed requests from 50 concurrent clients; no error beyond the injected ones; state consistent', async () => {
    const INJECTED = new Set(['Throttling.User', 'ServiceUnavailable', 'InternalError', 'dropped']);
    emulator.configureFaults({ seed: 2026, throttleProbability: 0.1, serverErrorProbability: 0.03, dropProbability: 0.01 });
    const regions = ['cn-hangzhou', 'cn-beijing', 'ap-southeast-1'];
    const CLIENTS = 50;
    const OPERATIONS_PER_CLIENT = 40;
    // Each client owns its names, so what the cloud must hold afterwards is known exactly.
    const expected = new Map<string, { region: string; fingerprint: string; tags: Record<string, string> }>();
    let operations = 0;
    const worker = async (w: number) => {
      const rpc = new RpcClient({
        endpoint: new URL(emulator.url),
        version: '2014-05-26',
        signatureVersion: w % 2 ? 'v1' : 'v3',
        credentials: async () => ({ ...CREDENTIAL, source: 'test' }),
        backoff: { baseDelayMs: 2, maxDelayMs: 20 },
        deadlineMs: 30_000,
      });
      const mine = new Map<string, { region: string; fingerprint: string; tags: Record<string, string> }>();
      let serial = 0;
      try {
        for (let i = 0; i < OPERATIONS_PER_CLIENT; i++, operations++) {
          const names = [...mine.keys()];
          const choice = names.length === 0 ? 0 : i % 4;
          if (choice === 0) {
            const name = `load-${w}-${serial++}`;
            const region = regions[(w + i) % regions.length];
            const body = (w + i) % 3 ? RSA : RSA_4096;
            const result = await rpc.call<{ KeyPairFingerPrint: string }>('ImportKeyPair', {
              RegionId: region,
              KeyPairName: name,
              PublicKeyBody: body,
            });
            mine.set(name, { region, fingerprint: result.KeyPairFingerPrint, tags: {} });
          } else if (choice === 1) {
            const name = names[i % names.length];
            const found = await rpc.call<{ TotalCount: number; KeyPairs: { KeyPair: Array<{ KeyPairFingerPrint: string }> } }>(
              'DescribeKeyPairs',
              { RegionId: mine.get(name)!.region, KeyPairName: name },
            );
            assert.equal(found.TotalCount, 1);
            assert.equal(found.KeyPairs.KeyPair[0].KeyPairFingerPrint, mine.get(name)!.fingerprint);
          } else if (choice === 2) {
            const name = names[i % names.length];
            await rpc.call('TagResources', {
              RegionId: mine.get(name)!.region,
              ResourceType: 'keypair',
              ResourceId: [name],
              Tag: [{ Key: 'worker', Value: String(w) }],
            });
            mine.get(name)!.tags.worker = String(w);
          } else {
            const name = names[0];
            await rpc.call('DeleteKeyPairs', { RegionId: mine.get(name)!.region, KeyPairNames: JSON.stringify([name]) });
            mine.delete(name);
          }
        }
      } finally {
        rpc.close();
      }
      for (const [name, value] of mine) expected.set(name, value);
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, w) => worker(w)));

    assert.equal(operations, 2_000);
    const unexpected = emulator.requests.filter((r) => r.status !== 200 && !INJECTED.has(r.code ?? ''));
    assert.deepEqual(unexpected, []);
    const injected = emulator.requests.filter((r) => r.status !== 200).length;
    assert.ok(injected > 100, `only ${injected} faults were injected`);
    assert.equal(emulator.requests.length, 2_000 + injected);
    const actual = emulator.store.snapshot().map((k) => [k.keyPairName, k.region, k.fingerprint, JSON.stringify(k.tags)]);
    const wanted = [...expected].map(([name, v]) => [name, v.region, v.fingerprint, JSON.stringify(v.tags)]);
    const byName = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
    assert.deepEqual(actual.sort(byName), wanted.sort(byName));
  });
});
