/* eslint-disable @typescript-eslint/no-require-imports */
import { HttpTransport, RpcClient } from '../provider/alibaba';
import { CREDENTIAL, fixedAnswerServer, fmt, inFlight, median, quick, Row } from './measure';
import { NodeHttpTransport } from './nodeHttpTransport';

const Ecs = require('@alicloud/ecs20140526');
const { $OpenApiUtil } = require('@alicloud/openapi-core');

/**
 * Client CPU per signed DescribeKeyPairs against a loopback server that answers a fixed body at once (no emulator),
 * 16 in flight: what each client itself costs. Process CPU (user + system) divided by requests; the server's share
 * is the same for all three.
 */
export async function clientCpu(rows: Row[]): Promise<void> {
  const server = await fixedAnswerServer('{"RequestId":"x","TotalCount":0,"KeyPairs":{"KeyPair":[]}}');
  const url = server.url;
  const rpc = (transport?: HttpTransport) =>
    new RpcClient({
      endpoint: new URL(url),
      version: '2014-05-26',
      credentials: async () => ({ ...CREDENTIAL, source: 'bench' }),
      transport,
    });
  const ours = rpc();
  const bare = rpc(new NodeHttpTransport());
  const official = new Ecs.default(
    new $OpenApiUtil.Config({ ...CREDENTIAL, endpoint: new URL(url).host, protocol: 'http', regionId: 'cn-hangzhou' }),
  );
  const variants: Array<[string, () => Promise<unknown>]> = [
    ['ours (axios)', () => ours.call('DescribeKeyPairs', { RegionId: 'cn-hangzhou', KeyPairName: 'k' })],
    ['ours (node:http)', () => bare.call('DescribeKeyPairs', { RegionId: 'cn-hangzhou', KeyPairName: 'k' })],
    ['official', () => official.describeKeyPairs(new Ecs.DescribeKeyPairsRequest({ regionId: 'cn-hangzhou', keyPairName: 'k' }))],
  ];
  const cost: Record<string, number> = {};
  for (const [name, one] of variants) {
    const samples: number[] = [];
    for (let run = 0; run < (quick ? 1 : 3); run++) {
      const total = quick ? 2_000 : 8_000;
      for (let i = 0; i < 300; i++) await one();
      samples.push((await inFlight(16, total, one)).cpuMicros / total);
    }
    cost[name] = median(samples);
  }
  ours.close();
  bare.close();
  await server.close();
  rows.push({
    measure: 'client CPU µs per signed request, fixed-answer loopback server',
    ours: `${fmt(cost['ours (axios)'])} (axios)`,
    baseline: `${fmt(cost.official)} (official client)`,
    ratio: `${fmt(cost['ours (axios)'] / cost.official, 2)}×`,
    target: 'lower is better',
  });
  rows.push({
    measure: '  same, our client on node:http (not shipped)',
    ours: fmt(cost['ours (node:http)']),
    baseline: `${fmt(cost.official)} (official client)`,
    ratio: `${fmt(cost['ours (node:http)'] / cost.official, 2)}×`,
    target: '',
  });
}
