/** control.ts: the control API answers loopback peers only. */
import { strict as assert } from 'assert';
import { isLoopbackPeer } from '../../emulator/control';
import { withoutNetwork } from './noNetwork';

describe('control API peers', () => {
  withoutNetwork();
  const PEERS: Array<[string | undefined, boolean]> = [
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.5', false],
    ['192.168.1.20', false],
    ['::ffff:10.0.0.5', false],
    ['fe80::1', false],
    [undefined, false],
  ];
  for (const [address, loopback] of PEERS)
    it(`${address}: ${loopback ? 'served' : 'refused (403)'}`, () => assert.equal(isLoopbackPeer(address), loopback));
});
