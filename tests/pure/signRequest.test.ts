import { strict as assert } from 'assert';
import { signedV1Params, signedV3Headers, signRequest } from '../../provider/alibaba';
import { withoutNetwork } from './noNetwork';

const BASE = {
  endpoint: new URL('https://ecs.cn-hangzhou.aliyuncs.com/'),
  action: 'DescribeKeyPairs',
  version: '2014-05-26',
  params: { RegionId: 'cn-hangzhou', Tag: [{ Key: 'env', Value: 'prod' }] },
  timestamp: '2026-11-26T03:00:00Z',
  nonce: 'nonce-1',
};
const CREDENTIALS = { accessKeyId: 'id', accessKeySecret: 'secret' };
const FLAT = { RegionId: 'cn-hangzhou', 'Tag.1.Key': 'env', 'Tag.1.Value': 'prod' };

describe('signRequest: one request, signed V3, V1 or not at all', () => {
  withoutNetwork();

  it('V3: the parameters in the query, the signature signV3 computes in the headers, an empty body', () => {
    const signed = signRequest({ ...BASE, signatureVersion: 'v3', credentials: CREDENTIALS });
    assert.equal(signed.url.toString(), 'https://ecs.cn-hangzhou.aliyuncs.com/?RegionId=cn-hangzhou&Tag.1.Key=env&Tag.1.Value=prod');
    assert.equal(signed.body, '');
    const expected = signedV3Headers({
      method: 'POST',
      host: 'ecs.cn-hangzhou.aliyuncs.com',
      action: BASE.action,
      version: BASE.version,
      query: FLAT,
      body: '',
      contentType: 'application/x-www-form-urlencoded',
      ...CREDENTIALS,
      timestamp: BASE.timestamp,
      nonce: BASE.nonce,
    });
    assert.match(signed.headers.authorization, /^ACS3-HMAC-SHA256 Credential=id,SignedHeaders=/);
    assert.deepEqual(signed.headers, { ...expected, accept: 'application/json', 'user-agent': 'pulumi-alicloud-keypair' });
  });

  it('V1: everything in a form body, the signature signV1 computes among the parameters', () => {
    const signed = signRequest({ ...BASE, signatureVersion: 'v1', credentials: CREDENTIALS });
    assert.equal(signed.url.search, '');
    const body = new URLSearchParams(signed.body);
    const expected = signedV1Params({
      method: 'POST',
      params: { ...FLAT, Action: BASE.action, Version: BASE.version },
      ...CREDENTIALS,
      timestamp: BASE.timestamp,
      nonce: BASE.nonce,
    });
    assert.deepEqual(Object.fromEntries(body), expected);
    assert.equal(body.get('SignatureMethod'), 'HMAC-SHA1');
    assert.equal(signed.headers['content-type'], 'application/x-www-form-urlencoded');
  });

  it('anonymous: a form body with no signature and no key (STS AssumeRoleWithOIDC)', () => {
    const signed = signRequest({ ...BASE, signatureVersion: 'anonymous' });
    const body = Object.fromEntries(new URLSearchParams(signed.body));
    assert.deepEqual(body, {
      ...FLAT,
      Action: BASE.action,
      Version: BASE.version,
      Format: 'JSON',
      Timestamp: BASE.timestamp,
      SignatureNonce: 'nonce-1',
    });
    assert.equal(signed.headers.authorization, undefined);
  });

  it('a signed kind without credentials is refused, never sent unsigned', () => {
    assert.throws(() => signRequest({ ...BASE, signatureVersion: 'v3' }), /a v3 request needs credentials/);
  });
});
