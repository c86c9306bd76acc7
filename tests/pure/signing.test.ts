import { strict as assert } from 'assert';
import { withoutNetwork } from './noNetwork';
import {
  canonicalRequestV3,
  percentEncode,
  sha256Hex,
  signedV1Params,
  signedV3Headers,
  signV1,
  signV3,
  stringToSignV1,
  stringToSignV3,
  flattenParams,
} from '../../provider/alibaba';

describe('signing', () => {
  withoutNetwork();
  describe('percentEncode (RFC 3986 as Alibaba does it)', () => {
    const cases: Array<[string, string]> = [
      ['a b', 'a%20b'],
      ['*', '%2A'],
      ['~', '~'],
      ["!'()", '%21%27%28%29'],
      ['-_.', '-_.'],
      ['/', '%2F'],
      ['中', '%E4%B8%AD'],
      ['+=&', '%2B%3D%26'],
    ];
    for (const [input, expected] of cases) {
      it(`encodes ${JSON.stringify(input)} as ${expected}`, () => assert.equal(percentEncode(input), expected));
    }
  });

  describe('V1 (HMAC-SHA1)', () => {
    it('matches the published ECS documentation vector', () => {
      const params = {
        AccessKeyId: 'testid',
        Action: 'DescribeRegions',
        Format: 'XML',
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
        SignatureVersion: '1.0',
        Timestamp: '2016-02-23T12:46:24Z',
        Version: '2014-05-26',
      };
      const stringToSign = stringToSignV1('GET', params);
      assert.equal(
        stringToSign,
        'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26',
      );
      assert.equal(signV1(stringToSign, 'testsecret'), 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
    });

    it('matches the openapi-util test vector', () => {
      assert.equal(signV1(stringToSignV1('', { test: 'ok' }), 'accessKeySecret'), 'jHx/oHoHNrbVfhncHEvPdHXZwHU=');
    });

    it('adds the common parameters and signs the security token', () => {
      const params = signedV1Params({
        method: 'POST',
        params: { Action: 'DescribeKeyPairs', Version: '2014-05-26', RegionId: 'cn-hangzhou' },
        accessKeyId: 'id',
        accessKeySecret: 'secret',
        securityToken: 'token-value',
        timestamp: '2026-01-01T00:00:00Z',
        nonce: 'n-1',
      });
      assert.equal(params.SecurityToken, 'token-value');
      assert.equal(params.SignatureMethod, 'HMAC-SHA1');
      assert.equal(params.Format, 'JSON');
      assert.equal(params.Signature, signV1(stringToSignV1('POST', params), 'secret'));
      const withoutToken = signedV1Params({
        method: 'POST',
        params: { Action: 'X', Version: 'v' },
        accessKeyId: 'id',
        accessKeySecret: 'secret',
        timestamp: 't',
        nonce: 'n',
      });
      assert.equal('SecurityToken' in withoutToken, false);
    });
  });

  describe('V3 (ACS3-HMAC-SHA256)', () => {
    const vector = {
      method: 'POST',
      path: '/',
      query: { ImageId: 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd', RegionId: 'cn-shanghai' },
      headers: {
        host: 'ecs.cn-shanghai.aliyuncs.com',
        'x-acs-action': 'RunInstances',
        'x-acs-version': '2014-05-26',
        'x-acs-date': '2023-10-26T10:22:32Z',
        'x-acs-signature-nonce': '3156853299f313e23d1673dc12e1703d',
        'x-acs-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      },
      hashedPayload: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    };

    it('matches the published hashed canonical request and signature', () => {
      const canonical = canonicalRequestV3(vector);
      assert.equal(sha256Hex(canonical), '7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259');
      assert.equal(
        signV3(stringToSignV3(canonical), 'YourAccessKeySecret'),
        '06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0',
      );
    });

    it('builds the same signature through signedV3Headers, with the Authorization header', () => {
      const headers = signedV3Headers({
        method: 'POST',
        host: 'ecs.cn-shanghai.aliyuncs.com',
        action: 'RunInstances',
        version: '2014-05-26',
        query: vector.query,
        body: '',
        accessKeyId: 'YourAccessKeyId',
        accessKeySecret: 'YourAccessKeySecret',
        timestamp: '2023-10-26T10:22:32Z',
        nonce: '3156853299f313e23d1673dc12e1703d',
      });
      assert.equal(
        headers.authorization,
        'ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0',
      );
    });

    it('signs the security token header', () => {
      const headers = signedV3Headers({
        method: 'POST',
        host: 'h',
        action: 'A',
        version: 'v',
        query: {},
        body: '',
        accessKeyId: 'id',
        accessKeySecret: 's',
        securityToken: 'tok',
        timestamp: 't',
        nonce: 'n',
      });
      assert.equal(headers['x-acs-security-token'], 'tok');
      assert.match(
        headers.authorization,
        /SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version,/,
      );
    });
  });

  describe('flattenParams', () => {
    it('flattens repeated parameters as Alibaba expects', () => {
      assert.deepEqual(
        flattenParams({
          RegionId: 'cn-hangzhou',
          Tag: [
            { Key: 'env', Value: 'prod' },
            { Key: 'team', Value: '' },
          ],
          ResourceId: ['kp'],
          Skip: undefined,
          Flag: true,
          N: 3,
        }),
        {
          RegionId: 'cn-hangzhou',
          'Tag.1.Key': 'env',
          'Tag.1.Value': 'prod',
          'Tag.2.Key': 'team',
          'Tag.2.Value': '',
          'ResourceId.1': 'kp',
          Flag: 'true',
          N: '3',
        },
      );
    });
  });
});
