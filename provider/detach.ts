/**
 * Delete, waiting for instances to let go of the key pair. Alibaba refuses to delete a key pair bound to instances
 * (`InvalidParameter.KeypairAlreadyAttachedInstance`, ENS `PubKeyAttachedWithInstance`), and keeps the binding for a
 * while after the instances are released — so a `pulumi destroy` that removes an instance and its key pair together
 * would fail without waiting. We retry with backoff up to the detach timeout, telling the user what we wait for.
 */

export interface DetachWaitOptions {
  /** How long to keep trying (alicloud-keypair:detachTimeoutSeconds). */
  timeoutMs: number;
  /** Told before each wait: how long so far and how long at most. */
  onWait: (waitedMs: number, timeoutMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
  clock?: () => number;
}

const FIRST_WAIT_MS = 1_000;
const LONGEST_WAIT_MS = 15_000;

/** Runs `deleteOnce` until it succeeds, fails otherwise, or the key pair stays bound past the timeout (its error then). */
export async function deleteWhenReleased(
  deleteOnce: () => Promise<void>,
  isStillBound: (error: unknown) => boolean,
  options: DetachWaitOptions,
): Promise<void> {
  const clock = options.clock ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const started = clock();
  for (let attempt = 0; ; attempt++) {
    try {
      return await deleteOnce();
    } catch (error) {
      const waited = clock() - started;
      const left = options.timeoutMs - waited;
      if (!isStillBound(error) || left <= 0) throw error;
      options.onWait(waited, options.timeoutMs);
      await sleep(Math.min(FIRST_WAIT_MS * 2 ** attempt, LONGEST_WAIT_MS, left));
    }
  }
}
