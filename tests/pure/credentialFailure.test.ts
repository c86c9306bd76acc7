/** credentialFailure.ts: a library's failure becomes a fixed reason; its text never comes out. */
import { strict as assert } from 'assert';
import { describeCredentialFailure } from '../../provider/alibaba/credentialFailure';
import { withoutNetwork } from './noNetwork';

const SECRET = 'PLANTED-SECRET-123';

describe('credential failures', () => {
  withoutNetwork();
  const ROWS: Array<[string, string]> = [
    [`parse aliyun cli config from '/h/.aliyun/config.json' failed: {"access_key_secret":"${SECRET}",}`, 'the file is not valid JSON'],
    [`reading aliyun cli config from '/h/.aliyun/config.json' failed.`, 'the file could not be read'],
    [`unable to get profile with 'work'`, 'the profile named is not in the file'],
    [`get session token from CloudSSO failed: {"echo":"Bearer ${SECRET}"}`, 'the CloudSSO service did not return credentials'],
    [`failed to parse external command output: Unexpected token ${SECRET}`, 'the credential command did not print JSON'],
    [
      `get sts token failed with OIDC: {"Code":"NoPermission","Message":"${SECRET}"}`,
      'the STS service refused the OIDC token exchange (NoPermission)',
    ],
    [`get sts token failed with OIDC: {"Code":"${SECRET}"}`, 'the STS service refused the OIDC token exchange'],
    [`something new the library says about ${SECRET}`, 'it failed (the details are withheld because they may contain secrets)'],
  ];
  for (const [message, reason] of ROWS) {
    it(`→ "${reason}"`, () => {
      const described = describeCredentialFailure(new Error(message));
      assert.equal(described.reason, reason);
      assert.equal(JSON.stringify(described).includes(SECRET), false);
    });
  }
});
