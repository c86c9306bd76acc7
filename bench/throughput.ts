/**
 * 1. API throughput: ImportKeyPair + DescribeKeyPairs + DeleteKeyPairs cycles per second, our client vs. the official
 * `@alicloud/ecs20140526` client (both V3-signed), at concurrency 1 and 16; and our client on a bare node:http
 * transport (not shipped) to price the axios choice.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type { Emulator } from '../emulator';
import { EcsKeyPairApi, HttpTransport, RpcClient } from '../provider/alibaba';
import { CREDENTIAL, fmt, inFlight, median, quick, RSA_2048, Row } from './measure';
import { NodeHttpTransport } from './nodeHttpTransport';

const Ecs = require('@alicloud/ecs20140526');
const { $OpenApiUtil } = require('@alicloud/openapi-core');

interface CycleClient {
  cycle(name: string): Promise<void>;
  close(): void;
}

export function ourClient(url: string, transport?: HttpTransport): CycleClient {
  const rpc = new RpcClient({
    endpoint: new URL(url),
    version: '2014-05-26',
    credentials: async () => ({ ...CREDENTIAL, source: 'bench' }),
    transport,
  });
  const api = new EcsKeyPairApi(rpc);
  return {
    async cycle(name) {
      await api.importKeyPair({ regionId: 'cn-hangzhou', keyPairName: name, publicKeyBody: RSA_2048 });
      const found = await api.findKeyPair('cn-hangzhou', name);
      if (!found) throw new Error(`${name} not found`);
      await api.deleteKeyPairs('cn-hangzhou', [name]);
    },
    close: () => rpc.close(),
  };
}

export function officialClient(url: string): CycleClient {
  const client = new Ecs.default(
    new $OpenApiUtil.Config({ ...CREDENTIAL, endpoint: new URL(url).host, protocol: 'http', regionId: 'cn-hangzhou' }),
  );
  return {
    async cycle(name) {
      await client.importKeyPair(new Ecs.ImportKeyPairRequest({ regionId: 'cn-hangzhou', keyPairName: name, publicKeyBody: RSA_2048 }));
      const found = await client.describeKeyPairs(new Ecs.DescribeKeyPairsRequest({ regionId: 'cn-hangzhou', keyPairName: name }));
      if (found.body.totalCount !== 1) throw new Error(`${name} not found`);
      await client.deleteKeyPairs(new Ecs.DeleteKeyPairsRequest({ regionId: 'cn-hangzhou', keyPairNames: JSON.stringify([name]) }));
    },
    close: () => undefined,
  };
}

export async function cyclesPerSecond(client: CycleClient, concurrency: number, cycles: number, label: string): Promise<number> {
  const { seconds } = await inFlight(concurrency, cycles, (i) => client.cycle(`${label}-${i}`));
  return cycles / seconds;
}

export async function throughput(rows: Row[], emulator: Emulator): Promise<void> {
  for (const concurrency of [1, 16]) {
    const cycles = quick ? 100 : concurrency === 1 ? 400 : 1200;
    const ours: number[] = [];
    const official: number[] = [];
    const bare: number[] = [];
    // Alternate them, after one warm-up each, so none gets a warmer process.
    const a = ourClient(emulator.url);
    const b = officialClient(emulator.url);
    const c = ourClient(emulator.url, new NodeHttpTransport());
    await cyclesPerSecond(a, concurrency, 50, 'warm-ours');
    await cyclesPerSecond(b, concurrency, 50, 'warm-official');
    await cyclesPerSecond(c, concurrency, 50, 'warm-bare');
    for (let run = 0; run < (quick ? 1 : 3); run++) {
      ours.push(await cyclesPerSecond(a, concurrency, cycles, `ours-${run}`));
      official.push(await cyclesPerSecond(b, concurrency, cycles, `official-${run}`));
      bare.push(await cyclesPerSecond(c, concurrency, cycles, `bare-${run}`));
    }
    a.close();
    b.close();
    c.close();
    const o = median(ours);
    const f = median(official);
    const n = median(bare);
    rows.push({
      measure: `API cycles/s (import+describe+delete), concurrency ${concurrency}`,
      ours: fmt(o),
      baseline: `${fmt(f)} (official client)`,
      ratio: `${fmt(o / f, 2)}×`,
      target: '≥ 1.5×',
    });
    rows.push({
      measure: `  same, our client on node:http instead of axios (not shipped), concurrency ${concurrency}`,
      ours: fmt(n),
      baseline: `${fmt(f)} (official client)`,
      ratio: `${fmt(n / f, 2)}×`,
      target: '',
    });
  }
  if (emulator.store.snapshot().length !== 0) throw new Error('throughput cycles left key pairs behind');
}
