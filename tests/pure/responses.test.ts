/** responseShape.ts and parseResponse: a 2xx is believed only when it is the API's answer. */
import { strict as assert } from 'assert';
import { ApiError, keyPairItems, NetworkError, parseResponse } from '../../provider/alibaba';
import { withoutNetwork } from './noNetwork';

const parse = (status: number, body: string) => () => parseResponse('DescribeKeyPairs', { status, headers: {}, body }, []);

describe('response shapes', () => {
  withoutNetwork();

  const ANSWERS: Array<[string, number, string, (error: unknown) => boolean]> = [
    ['a 200 without RequestId', 200, '{}', (e) => e instanceof NetworkError && e.code === 'UNEXPECTED_RESPONSE'],
    [
      'a 200 with an error envelope',
      200,
      '{"Code":"ServiceUnavailable"}',
      (e) => e instanceof ApiError && e.code === 'ServiceUnavailable' && e.httpStatus === 200,
    ],
    ['a 200 that is not JSON', 200, '<html>', (e) => e instanceof NetworkError && e.code === 'BAD_RESPONSE'],
    [
      'a 400 envelope',
      400,
      '{"Code":"InvalidParameter","Message":"m","RequestId":"r"}',
      (e) => e instanceof ApiError && e.code === 'InvalidParameter',
    ],
    ['a 404 without body', 404, '', (e) => e instanceof ApiError && e.code === 'HTTP404'],
  ];
  for (const [label, status, body, check] of ANSWERS) {
    it(`${label} is an error`, () => assert.throws(parse(status, body), check));
  }

  it('a 200 with a RequestId and a success code is the answer', () => {
    assert.deepEqual(parse(200, '{"RequestId":"r","Code":"200","TotalCount":0}')(), { RequestId: 'r', Code: '200', TotalCount: 0 });
  });

  const ITEMS: Array<[string, unknown, string | number]> = [
    ['KeyPairs.KeyPair as a list', { KeyPairs: { KeyPair: [{ KeyPairName: 'a' }] } }, 1],
    ['KeyPairs as a list (ENS)', { KeyPairs: [{ KeyPairName: 'a' }, { KeyPairName: 'b' }] }, 2],
    ['an empty list', { KeyPairs: { KeyPair: [] } }, 0],
    ['KeyPairs: null', { KeyPairs: null }, 'KeyPairs.KeyPair is not a list'],
    ['KeyPairs missing', {}, 'KeyPairs.KeyPair is not a list'],
    ['KeyPair as an object', { KeyPairs: { KeyPair: { KeyPairName: 'a' } } }, 'KeyPairs.KeyPair is not a list'],
    ['an item without a name', { KeyPairs: { KeyPair: [{}] } }, 'a KeyPairs.KeyPair item has no KeyPairName'],
  ];
  for (const [label, response, expected] of ITEMS) {
    it(`keyPairItems: ${label}`, () => {
      if (typeof expected === 'number') assert.equal(keyPairItems('D', response as Record<string, unknown>).length, expected);
      else
        assert.throws(() => keyPairItems('D', response as Record<string, unknown>), {
          message: `D failed: the answer is not of the documented shape: ${expected} (UNEXPECTED_RESPONSE)`,
        });
    });
  }
});
