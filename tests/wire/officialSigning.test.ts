/**
 * Our signatures checked by Alibaba's own code: a loopback server recomputes every request's signature with the
 * official `@alicloud/openapi-util` functions (the ones the Darabonba SDKs sign with) and answers 400 when it
 * differs. Then each parameter of an accepted request is changed by one character and must be rejected.
 */
import { strict as assert } from 'assert';
import * as crypto from 'crypto';
import * as http from 'http';
import { AddressInfo } from 'net';
import { RpcClient, SignatureVersion } from '../../provider/alibaba';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const OpenApiUtil = require('@alicloud/openapi-util').default as {
  getRPCSignature(params: Record<string, string>, method: string, secret: string): string;
  getAuthorization(request: object, algorithm: string, payload: string, accessKeyId: string, secret: string): string;
};

const SECRETS: Record<string, string> = { 'official-check-id': 'official-check-secret-0123456789' };

interface CapturedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
}

/** Decoded query or form parameters; a repeated name would be a client bug, so it fails loudly. */
function parseParams(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(text.replace(/\+/g, '%2B'))) {
    assert.ok(!(key in result), `parameter ${key} repeated`);
    result[key] = value;
  }
  return result;
}

/** True when the official functions produce exactly the signature the request carries. */
function verifiedByOfficialUtil(request: CapturedRequest): boolean {
  const authorization = request.headers.authorization;
  if (authorization) {
    const accessKeyId = /Credential=([^,]+)/.exec(authorization)?.[1] ?? '';
    const secret = SECRETS[accessKeyId];
    if (!secret) return false;
    const payload = crypto.createHash('sha256').update(request.body).digest('hex');
    if (request.headers['x-acs-content-sha256'] !== payload) return false;
    // The official signer signs host, content-type and every x-acs-* header it is given.
    const signable: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (name === 'host' || name === 'content-type' || name.startsWith('x-acs-')) signable[name] = value;
    }
    const expected = OpenApiUtil.getAuthorization(
      { pathname: request.path, method: request.method, query: request.query, headers: signable },
      'ACS3-HMAC-SHA256',
      payload,
      accessKeyId,
      secret,
    );
    return expected === authorization;
  }
  const params = { ...request.query, ...parseParams(request.body) };
  const signature = params.Signature;
  delete params.Signature;
  const secret = SECRETS[params.AccessKeyId];
  if (!secret || !signature) return false;
  return OpenApiUtil.getRPCSignature(params, request.method, secret) === signature;
}

function tampered(value: string): string {
  const last = value.charCodeAt(value.length - 1);
  return value.slice(0, -1) + String.fromCharCode(last === 0x41 ? 0x42 : 0x41);
}

describe('signatures checked by the official @alicloud/openapi-util', () => {
  let server: http.Server;
  let url: string;
  const captured: CapturedRequest[] = [];

  before(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const target = new URL(req.url ?? '/', 'http://loopback');
        const request: CapturedRequest = {
          method: req.method ?? 'GET',
          path: target.pathname,
          query: parseParams(target.search.slice(1)),
          headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
          body: Buffer.concat(chunks).toString('utf8'),
        };
        captured.push(request);
        const ok = verifiedByOfficialUtil(request);
        res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            ok ? { RequestId: 'ok' } : { RequestId: 'bad', Code: 'SignatureDoesNotMatch', Message: 'rejected by openapi-util' },
          ),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => (captured.length = 0));

  const cases: Array<{ name: string; securityToken?: string; params: Record<string, unknown> }> = [
    { name: 'plain', params: { RegionId: 'cn-hangzhou', KeyPairName: 'deploy-key' } },
    { name: 'with an STS token', securityToken: 'CAIS-sts-token/with+odd=chars', params: { RegionId: 'cn-hangzhou' } },
    {
      name: 'with tags and non-ASCII values',
      securityToken: 'sts-token-two',
      params: {
        RegionId: 'ap-southeast-1',
        KeyPairName: 'ключ-部署',
        Tag: [
          { Key: '环境', Value: 'prod & test' },
          { Key: 'owner', Value: "a b*~!'()/+=?%" },
        ],
        PublicKeyBody: 'ssh-rsa AAAAB3NzaC1yc2E+/= comment with spaces',
      },
    },
  ];

  for (const version of ['v1', 'v3'] as SignatureVersion[]) {
    for (const testCase of cases) {
      it(`${version}, ${testCase.name}: accepted, and a one-character change to any parameter is rejected`, async () => {
        const client = new RpcClient({
          endpoint: new URL(url),
          version: '2014-05-26',
          signatureVersion: version,
          credentials: async () => ({
            accessKeyId: 'official-check-id',
            accessKeySecret: SECRETS['official-check-id'],
            securityToken: testCase.securityToken,
            source: 'test',
          }),
          deadlineMs: 2_000,
        });
        try {
          const result = await client.call<{ RequestId: string }>('DescribeKeyPairs', testCase.params as never);
          assert.equal(result.RequestId, 'ok');
        } finally {
          client.close();
        }
        assert.equal(captured.length, 1);
        const original = captured[0];
        assert.equal(verifiedByOfficialUtil(original), true);
        if (testCase.securityToken) {
          const sent = version === 'v3' ? original.headers['x-acs-security-token'] : parseParams(original.body).SecurityToken;
          assert.equal(sent, testCase.securityToken);
        }

        // Every query parameter (V3) or form parameter (V1) except the signature itself, and V3's signed headers.
        let mutations = 0;
        if (version === 'v3') {
          for (const name of Object.keys(original.query)) {
            const query = { ...original.query, [name]: tampered(original.query[name]) };
            assert.equal(verifiedByOfficialUtil({ ...original, query }), false, `query ${name} changed but accepted`);
            mutations++;
          }
          for (const name of Object.keys(original.headers).filter((n) => n.startsWith('x-acs-') || n === 'host')) {
            const headers = { ...original.headers, [name]: tampered(original.headers[name]) };
            assert.equal(verifiedByOfficialUtil({ ...original, headers }), false, `header ${name} changed but accepted`);
            mutations++;
          }
        } else {
          const form = parseParams(original.body);
          for (const name of Object.keys(form).filter((n) => n !== 'Signature')) {
            const body = new URLSearchParams({ ...form, [name]: tampered(form[name]) }).toString();
            assert.equal(verifiedByOfficialUtil({ ...original, body }), false, `form ${name} changed but accepted`);
            mutations++;
          }
        }
        assert.ok(mutations >= 8, `only ${mutations} mutations tried`);
      });
    }
  }

  it('a request the official code rejects comes back as SignatureDoesNotMatch, tried once', async () => {
    const client = new RpcClient({
      endpoint: new URL(url),
      version: '2014-05-26',
      credentials: async () => ({ accessKeyId: 'official-check-id', accessKeySecret: 'not-the-secret', source: 'test' }),
      deadlineMs: 2_000,
    });
    try {
      await assert.rejects(client.call('DescribeKeyPairs', { RegionId: 'cn-hangzhou' }), /SignatureDoesNotMatch/);
    } finally {
      client.close();
    }
    assert.equal(captured.length, 1);
  });
});
