/**
 * The emulator driven by Alibaba's own clients, so it is checked against their idea of the API and not only ours:
 * `@alicloud/ecs20140526` (Darabonba, signs V3 ACS3-HMAC-SHA256) and `@alicloud/pop-core` (signs V1 HMAC-SHA1).
 * Fingerprints are compared with what `ssh-keygen -l -E md5` printed for the fixtures (colons removed).
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import { AddressInfo } from 'net';
import * as path from 'path';
import { Emulator } from '../../emulator';
import { startEmulator } from '../support/emulatorUnderTest';
import { FIXTURES, key } from '../support/fixtures';
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
const Ecs = require('@alicloud/ecs20140526');
const { $OpenApiUtil } = require('@alicloud/openapi-core');
const { RPCClient } = require('@alicloud/pop-core');

const CREDENTIAL = { accessKeyId: 'official-client-id', accessKeySecret: 'official-client-secret' };
const fingerprints = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'fingerprints.json'), 'utf8')).keys as Record<string, { md5: string }>;
/** What Alibaba reports: ssh-keygen's MD5 without the prefix and colons. */
const alibabaMd5 = (name: string) => fingerprints[name].md5.replace(/^MD5:/, '').replace(/:/g, '');

function ecsClient(url: string, credential = CREDENTIAL): any {
  const config = new $OpenApiUtil.Config({
    ...credential,
    endpoint: new URL(url).host,
    protocol: new URL(url).protocol.replace(':', ''),
    regionId: 'cn-hangzhou',
  });
  const client = new Ecs.default(config);
  return client;
}

function popClient(url: string, apiVersion = '2014-05-26', credential: { accessKeyId: string; accessKeySecret: string } = CREDENTIAL): any {
  return new RPCClient({ ...credential, endpoint: url.replace(/\/$/, ''), apiVersion, opts: { timeout: 5_000 } });
}

/** The error an official client threw, reduced to what the wire said. */
async function wireError(promise: Promise<unknown>): Promise<{ code: string; status?: number; message: string }> {
  try {
    await promise;
  } catch (error: any) {
    return { code: error.code, status: error.statusCode, message: String(error.data?.Message ?? error.message) };
  }
  assert.fail('the call succeeded but should have failed');
}

/**
 * A loopback proxy in front of the emulator that changes one character of one parameter after the client signed
 * the request: the emulator must notice.
 */
async function tamperingProxy(target: string, from: string, to: string): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.from(Buffer.concat(chunks).toString('utf8').replace(from, to));
      const headers = { ...req.headers, 'content-length': String(body.length), host: upstream.host };
      const forwarded = (upstream.protocol === 'https:' ? https : http).request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: (req.url ?? '/').replace(from, to), headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forwarded.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('emulator driven by the official Alibaba Cloud clients', function () {
  this.timeout(30_000);
  let emulator: Emulator;

  before(async () => {
    emulator = await startEmulator({ credentials: [CREDENTIAL], quotaPerRegion: 5 });
  });
  after(async () => emulator.close());
  beforeEach(() => {
    emulator.store.clear();
    emulator.requests.length = 0;
  });

  describe('@alicloud/ecs20140526 (V3 signatures)', () => {
    it('imports, describes by exact name, deletes; fingerprints equal ssh-keygen -E md5', async () => {
      const ecs = ecsClient(emulator.url);
      for (const name of ['rsa2048', 'ecdsa256', 'dsa']) {
        const imported = await ecs.importKeyPair(
          new Ecs.ImportKeyPairRequest({
            regionId: 'cn-hangzhou',
            keyPairName: `official-${name}`,
            publicKeyBody: key(`${name}.pub`).trim(),
          }),
        );
        assert.equal(imported.statusCode, 200);
        assert.equal(imported.body.keyPairName, `official-${name}`);
        assert.equal(imported.body.keyPairFingerPrint, alibabaMd5(name));
        assert.match(imported.body.requestId, /^[0-9A-F-]{36}$/);
      }
      const described = await ecs.describeKeyPairs(
        new Ecs.DescribeKeyPairsRequest({ regionId: 'cn-hangzhou', keyPairName: 'official-rsa2048' }),
      );
      assert.equal(described.body.totalCount, 1);
      assert.equal(described.body.keyPairs.keyPair[0].keyPairFingerPrint, alibabaMd5('rsa2048'));
      const byFingerprint = await ecs.describeKeyPairs(
        new Ecs.DescribeKeyPairsRequest({ regionId: 'cn-hangzhou', keyPairFingerPrint: alibabaMd5('dsa') }),
      );
      assert.deepEqual(
        byFingerprint.body.keyPairs.keyPair.map((k: any) => k.keyPairName),
        ['official-dsa'],
      );
      const wildcard = await ecs.describeKeyPairs(
        new Ecs.DescribeKeyPairsRequest({ regionId: 'cn-hangzhou', keyPairName: 'official-*', pageSize: 2 }),
      );
      assert.equal(wildcard.body.totalCount, 3);
      assert.equal(wildcard.body.keyPairs.keyPair.length, 2);

      const deleted = await ecs.deleteKeyPairs(
        new Ecs.DeleteKeyPairsRequest({ regionId: 'cn-hangzhou', keyPairNames: JSON.stringify(['official-rsa2048', 'never-existed']) }),
      );
      assert.equal(deleted.statusCode, 200);
      const after = await ecs.describeKeyPairs(
        new Ecs.DescribeKeyPairsRequest({ regionId: 'cn-hangzhou', keyPairName: 'official-rsa2048' }),
      );
      assert.equal(after.body.totalCount, 0);
      assert.ok(emulator.requests.every((r) => r.signatureVersion === 'v3'));
    });

    it('tags on import are returned by describe, and TagResources adds more', async () => {
      const ecs = ecsClient(emulator.url);
      await ecs.importKeyPair(
        new Ecs.ImportKeyPairRequest({
          regionId: 'cn-hangzhou',
          keyPairName: 'tagged',
          publicKeyBody: key('rsa2048.pub').trim(),
          tag: [new Ecs.ImportKeyPairRequestTag({ key: '环境', value: 'prod' })],
        }),
      );
      await ecs.tagResources(
        new Ecs.TagResourcesRequest({
          regionId: 'cn-hangzhou',
          resourceType: 'keypair',
          resourceId: ['tagged'],
          tag: [new Ecs.TagResourcesRequestTag({ key: 'team', value: 'infra' })],
        }),
      );
      const described = await ecs.describeKeyPairs(new Ecs.DescribeKeyPairsRequest({ regionId: 'cn-hangzhou', keyPairName: 'tagged' }));
      const tags = described.body.keyPairs.keyPair[0].tags.tag.map((t: any) => `${t.tagKey}=${t.tagValue}`).sort();
      assert.deepEqual(tags, ['team=infra', '环境=prod']);
    });

    it('a duplicate name is 400 KeyPair.AlreadyExist', async () => {
      const ecs = ecsClient(emulator.url);
      const request = () =>
        new Ecs.ImportKeyPairRequest({ regionId: 'cn-hangzhou', keyPairName: 'twice', publicKeyBody: key('rsa2048.pub').trim() });
      await ecs.importKeyPair(request());
      assert.deepEqual(await wireError(ecs.importKeyPair(request())), {
        code: 'KeyPair.AlreadyExist',
        status: 400,
        message: 'The key pair already exist.',
      });
    });

    it('the regional quota is 403 QuotaExceed.KeyPair, and other regions are unaffected', async () => {
      const ecs = ecsClient(emulator.url);
      for (let i = 0; i < 5; i++) {
        await ecs.importKeyPair(
          new Ecs.ImportKeyPairRequest({ regionId: 'cn-hangzhou', keyPairName: `quota-${i}`, publicKeyBody: key('rsa2048.pub').trim() }),
        );
      }
      assert.deepEqual(
        await wireError(
          ecs.importKeyPair(
            new Ecs.ImportKeyPairRequest({ regionId: 'cn-hangzhou', keyPairName: 'quota-5', publicKeyBody: key('rsa2048.pub').trim() }),
          ),
        ),
        { code: 'QuotaExceed.KeyPair', status: 403, message: 'The key pair quota exceeds.' },
      );
      const elsewhere = await ecs.importKeyPair(
        new Ecs.ImportKeyPairRequest({ regionId: 'cn-beijing', keyPairName: 'quota-5', publicKeyBody: key('rsa2048.pub').trim() }),
      );
      assert.equal(elsewhere.statusCode, 200);
    });

    it('a bad key body is 400 InvalidPublicKeyBody.Malformed and an ed25519 key is refused by ECS', async () => {
      const ecs = ecsClient(emulator.url);
      for (const body of ['ssh-rsa not-base64!', key('ed25519.pub').trim()]) {
        assert.deepEqual(
          await wireError(
            ecs.importKeyPair(new Ecs.ImportKeyPairRequest({ regionId: 'cn-hangzhou', keyPairName: 'bad', publicKeyBody: body })),
          ),
          {
            code: 'InvalidPublicKeyBody.Malformed',
            status: 400,
            message: 'The PublicKeyBody format is not supported.',
          },
        );
      }
      assert.equal(emulator.store.snapshot().length, 0);
    });

    it('a wrong secret is 400 SignatureDoesNotMatch with the server string to sign; an unknown key id is 404', async () => {
      const wrongSecret = await wireError(
        ecsClient(emulator.url, { ...CREDENTIAL, accessKeySecret: 'wrong' }).describeKeyPairs(
          new Ecs.DescribeKeyPairsRequest({ regionId: 'cn-hangzhou' }),
        ),
      );
      assert.equal(wrongSecret.code, 'SignatureDoesNotMatch');
      assert.equal(wrongSecret.status, 400);
      assert.match(
        wrongSecret.message,
        /^Specified signature is not matched with our calculation\. server string to sign is:ACS3-HMAC-SHA256\n[0-9a-f]{64}$/,
      );
      const unknown = await wireError(
        ecsClient(emulator.url, { accessKeyId: 'nobody', accessKeySecret: 'x' }).describeKeyPairs(
          new Ecs.DescribeKeyPairsRequest({ regionId: 'cn-hangzhou' }),
        ),
      );
      assert.deepEqual(unknown, { code: 'InvalidAccessKeyId.NotFound', status: 404, message: 'Specified access key is not found.' });
    });

    it('a parameter changed by one character after signing is 400 SignatureDoesNotMatch, and nothing is imported', async () => {
      const proxy = await tamperingProxy(emulator.url, 'KeyPairName=signed-name', 'KeyPairName=signed-nam3');
      try {
        const failure = await wireError(
          ecsClient(proxy.url).importKeyPair(
            new Ecs.ImportKeyPairRequest({ regionId: 'cn-hangzhou', keyPairName: 'signed-name', publicKeyBody: key('rsa2048.pub').trim() }),
          ),
        );
        assert.equal(failure.code, 'SignatureDoesNotMatch');
        assert.equal(failure.status, 400);
        assert.equal(emulator.requests.at(-1)?.code, 'SignatureDoesNotMatch');
        assert.equal(emulator.store.snapshot().length, 0);
      } finally {
        await proxy.close();
      }
    });
  });

  describe('@alicloud/pop-core (V1 signatures)', () => {
    for (const method of ['POST', 'GET'] as const) {
      it(`${method}: imports, rejects the duplicate, describes, deletes`, async () => {
        const pop = popClient(emulator.url);
        const imported = await pop.request(
          'ImportKeyPair',
          { RegionId: 'cn-shanghai', KeyPairName: 'pop-key', PublicKeyBody: key('rsa4096.pub').trim() },
          { method },
        );
        assert.equal(imported.KeyPairFingerPrint, alibabaMd5('rsa4096'));
        const duplicate = await wireError(
          pop.request(
            'ImportKeyPair',
            { RegionId: 'cn-shanghai', KeyPairName: 'pop-key', PublicKeyBody: key('rsa2048.pub').trim() },
            { method },
          ),
        );
        assert.equal(duplicate.code, 'KeyPair.AlreadyExist');
        const described = await pop.request(
          'DescribeKeyPairs',
          { RegionId: 'cn-shanghai', KeyPairName: 'pop-key', IncludePublicKey: true },
          { method },
        );
        assert.equal(described.KeyPairs.KeyPair[0].KeyPairFingerPrint, alibabaMd5('rsa4096'));
        assert.equal(described.KeyPairs.KeyPair[0].PublicKey, key('rsa4096.pub').trim().split(' ').slice(0, 2).join(' '));
        await pop.request('DeleteKeyPairs', { RegionId: 'cn-shanghai', KeyPairNames: JSON.stringify(['pop-key']) }, { method });
        assert.equal(emulator.store.snapshot().length, 0);
        assert.ok(emulator.requests.every((r) => r.signatureVersion === 'v1'));
      });
    }

    it('quota, bad key and a wrong secret give the documented codes', async () => {
      const pop = popClient(emulator.url);
      for (let i = 0; i < 5; i++)
        await pop.request(
          'ImportKeyPair',
          { RegionId: 'cn-hangzhou', KeyPairName: `q${i}`, PublicKeyBody: key('ecdsa384.pub').trim() },
          { method: 'POST' },
        );
      assert.equal(
        (
          await wireError(
            pop.request(
              'ImportKeyPair',
              { RegionId: 'cn-hangzhou', KeyPairName: 'q5', PublicKeyBody: key('ecdsa384.pub').trim() },
              { method: 'POST' },
            ),
          )
        ).code,
        'QuotaExceed.KeyPair',
      );
      assert.equal(
        (
          await wireError(
            pop.request('ImportKeyPair', { RegionId: 'cn-beijing', KeyPairName: 'bad', PublicKeyBody: 'ssh-rsa AAAA' }, { method: 'POST' }),
          )
        ).code,
        'InvalidPublicKeyBody.Malformed',
      );
      const wrong = await wireError(
        popClient(emulator.url, '2014-05-26', { ...CREDENTIAL, accessKeySecret: 'wrong' }).request(
          'DescribeKeyPairs',
          { RegionId: 'cn-hangzhou' },
          { method: 'POST' },
        ),
      );
      assert.equal(wrong.code, 'SignatureDoesNotMatch');
      assert.match(
        wrong.message,
        /^Specified signature is not matched with our calculation\. server string to sign is:POST&%2F&AccessKeyId%3Dofficial-client-id/,
      );
    });

    it('a parameter changed by one character after signing is SignatureDoesNotMatch', async () => {
      const proxy = await tamperingProxy(emulator.url, 'KeyPairName=pop-signed', 'KeyPairName=pop-signeD');
      try {
        const failure = await wireError(
          popClient(proxy.url).request(
            'ImportKeyPair',
            { RegionId: 'cn-hangzhou', KeyPairName: 'pop-signed', PublicKeyBody: key('rsa2048.pub').trim() },
            { method: 'POST' },
          ),
        );
        assert.equal(failure.code, 'SignatureDoesNotMatch');
        assert.equal(emulator.store.snapshot().length, 0);
      } finally {
        await proxy.close();
      }
    });

    it('ENS 2017-11-10: ssh-rsa imported with an id, other key types refused, name taken is PubKeyNameExisted', async () => {
      const ens = popClient(emulator.url, '2017-11-10');
      const imported = await ens.request(
        'ImportKeyPair',
        { KeyPairName: 'edge-key', PublicKeyBody: key('rsa2048.pub').trim() },
        { method: 'POST' },
      );
      assert.equal(imported.KeyPairFingerPrint, alibabaMd5('rsa2048'));
      const described = await ens.request('DescribeKeyPairs', { KeyPairName: 'edge-key' }, { method: 'POST' });
      assert.match(described.KeyPairs.KeyPair[0].KeyPairId, /^ssh-[0-9a-z]+$/);
      assert.deepEqual(
        await wireError(
          ens.request('ImportKeyPair', { KeyPairName: 'edge-key', PublicKeyBody: key('rsa2048.pub').trim() }, { method: 'POST' }),
        ),
        {
          code: 'PubKeyNameExisted',
          status: undefined,
          message: 'Public Key Pair Name Existed.',
        },
      );
      const refused = await wireError(
        ens.request('ImportKeyPair', { KeyPairName: 'edge-ecdsa', PublicKeyBody: key('ecdsa256.pub').trim() }, { method: 'POST' }),
      );
      assert.equal(refused.code, 'InvalidParameter.PublicKeyBody');
      await ens.request('DeleteKeyPairs', { KeyPairName: 'edge-key' }, { method: 'POST' });
      const after = await ens.request('DescribeKeyPairs', { KeyPairName: 'edge-key' }, { method: 'POST' });
      assert.equal(after.TotalCount, 0);
    });
  });
});
