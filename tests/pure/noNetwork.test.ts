/** The helper that keeps pure tests pure does what it says, and gives the network back afterwards. */
import { strict as assert } from 'assert';
import * as net from 'net';
import { NetworkForbidden, withoutNetwork } from './noNetwork';

describe('pure tests have no network', () => {
  describe('inside withoutNetwork()', () => {
    withoutNetwork();
    it('listening throws', () => assert.throws(() => net.createServer().listen(0), NetworkForbidden));
    it('connecting throws', () => assert.throws(() => net.connect(9, '127.0.0.1'), NetworkForbidden));
  });
  it('after it, listening works again', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    await new Promise((resolve) => server.close(resolve));
  });
});
