/** roleCredentials.ts: assumed-role credentials kept in memory, renewed before they expire, refusals explained. */
import { strict as assert } from 'assert';
import { ApiError, CredentialsError, RoleCredentials } from '../../provider/alibaba';
import { withoutNetwork } from './noNetwork';

const ROLE = 'acs:ram::1234567890123456:role/deployer';

describe('assumed-role credentials (pure)', () => {
  withoutNetwork();

  it('are reused until shortly before they expire, then renewed; calls together share one request', async () => {
    let now = 1_000_000;
    let fetched = 0;
    const cache = new RoleCredentials({
      describe: `role ${ROLE}`,
      clock: () => now,
      fetch: async () => {
        fetched += 1;
        return { accessKeyId: `STS.${fetched}`, accessKeySecret: 's', securityToken: 't', expiresAt: now + 3_600_000 };
      },
    });
    const [a, b] = await Promise.all([cache.get(), cache.get()]);
    assert.equal(fetched, 1);
    assert.equal(a.accessKeyId, 'STS.1');
    assert.equal(b.accessKeyId, 'STS.1');
    now += 3_600_000 - 5 * 60_000 - 1;
    assert.equal((await cache.get()).accessKeyId, 'STS.1', 'still more than 5 minutes left');
    now += 2;
    assert.equal((await cache.get()).accessKeyId, 'STS.2', 'renewed 5 minutes before expiry');
  });

  it("STS's refusal becomes a message naming the role, the code and the fix", async () => {
    const cache = new RoleCredentials({
      describe: `role ${ROLE}`,
      fetch: async () => {
        throw new ApiError({ action: 'AssumeRole', code: 'EntityNotExist.Role', httpStatus: 404, message: 'The role not exists.' });
      },
    });
    await assert.rejects(cache.get(), (error: Error) => {
      assert.ok(error instanceof CredentialsError);
      assert.equal(
        error.message,
        `assuming role ${ROLE} failed: EntityNotExist.Role: The role not exists. To fix: the role (or OIDC provider) does not exist: check the ARN and the account id in it`,
      );
      return true;
    });
  });
});
