/**
 * Pure tests start no server and open no connection. `withoutNetwork()` (first line of each pure file's top
 * describe) makes listening and connecting throw for the duration of that describe, so a pure module that
 * quietly reached for the network fails its test instead of passing slowly.
 */
import * as dgram from 'dgram';
import * as net from 'net';

export class NetworkForbidden extends Error {
  override name = 'NetworkForbidden';
}

export function withoutNetwork(): void {
  const originals = {
    listen: net.Server.prototype.listen,
    connect: net.Socket.prototype.connect,
    bind: dgram.Socket.prototype.bind,
  };
  const refuse = (what: string) =>
    function (): never {
      throw new NetworkForbidden(`${what} in a pure test: move the test to tests/wire`);
    };
  before(() => {
    net.Server.prototype.listen = refuse('listen') as typeof net.Server.prototype.listen;
    net.Socket.prototype.connect = refuse('connect') as typeof net.Socket.prototype.connect;
    dgram.Socket.prototype.bind = refuse('bind') as typeof dgram.Socket.prototype.bind;
  });
  after(() => {
    net.Server.prototype.listen = originals.listen;
    net.Socket.prototype.connect = originals.connect;
    dgram.Socket.prototype.bind = originals.bind;
  });
}
