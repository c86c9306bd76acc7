/** detach.ts: delete waits for instances to let go of the key pair, within its timeout. */
import { strict as assert } from 'assert';
import { ApiError } from '../../provider/alibaba';
import { deleteWhenReleased } from '../../provider/detach';
import { withoutNetwork } from './noNetwork';

describe('delete waits for detachment (pure)', () => {
  withoutNetwork();
  const bound = new ApiError({
    action: 'DeleteKeyPairs',
    code: 'InvalidParameter.KeypairAlreadyAttachedInstance',
    httpStatus: 400,
    message: '',
  });

  it('retries with growing waits until the key pair is released, telling each wait', async () => {
    let now = 0;
    const waits: number[] = [];
    const told: Array<[number, number]> = [];
    let attempts = 0;
    await deleteWhenReleased(
      async () => {
        attempts += 1;
        if (now < 20_000) throw bound;
      },
      (error) => error === bound,
      {
        timeoutMs: 600_000,
        clock: () => now,
        sleep: async (ms) => {
          waits.push(ms);
          now += ms;
        },
        onWait: (waited, timeout) => told.push([waited, timeout]),
      },
    );
    assert.deepEqual(waits, [1000, 2000, 4000, 8000, 15000]);
    assert.equal(attempts, 6);
    assert.deepEqual(told[0], [0, 600_000]);
  });

  it('gives up with the last error at the timeout, never waiting past it; other errors are not waited on', async () => {
    let now = 0;
    const waits: number[] = [];
    const options = {
      timeoutMs: 5_000,
      clock: () => now,
      sleep: async (ms: number) => {
        waits.push(ms);
        now += ms;
      },
      onWait: () => undefined,
    };
    await assert.rejects(
      deleteWhenReleased(
        async () => {
          throw bound;
        },
        (error) => error === bound,
        options,
      ),
      (error) => error === bound,
    );
    assert.deepEqual(waits, [1000, 2000, 2000]);
    const other = new Error('other');
    await assert.rejects(
      deleteWhenReleased(
        async () => {
          throw other;
        },
        (error) => error === bound,
        options,
      ),
      (error) => error === other,
    );
  });
});
