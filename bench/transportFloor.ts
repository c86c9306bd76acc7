/**
 * Why the throughput rows come out as they do: the same POST to a loopback server that answers at once, through the
 * shipped axios transport and through bare node:http, 16 in flight. Client CPU is the whole cost here.
 */
import * as http from 'http';
import { Transport } from '../provider/alibaba';
import { fixedAnswerServer, fmt, inFlight, median, quick, Row } from './measure';

/**
 * Why the throughput rows come out as they do: the same POST to a loopback server that answers at once, through an
 * axios instance configured as ours and through bare node:http, 16 in flight. Client CPU is the whole cost here.
 */
export async function transportFloor(rows: Row[]): Promise<void> {
  const server = await fixedAnswerServer('{"RequestId":"x"}');
  const port = server.port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  // The shipped transport, with the axios settings the provider uses, not a copy of them.
  const transport = new Transport();
  const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-acs-action': 'DescribeKeyPairs' };
  const url = new URL(`http://127.0.0.1:${port}/?RegionId=cn-hangzhou`);
  const viaAxios = () => transport.send({ method: 'POST', url, headers, body: '', timeoutMs: 30_000, action: 'DescribeKeyPairs' });
  const viaNode = () =>
    new Promise<string>((resolve, reject) => {
      const request = http.request(
        { host: '127.0.0.1', port, path: '/?RegionId=cn-hangzhou', method: 'POST', headers, agent },
        (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk) => (body += chunk));
          response.on('end', () => resolve(body));
        },
      );
      request.on('error', reject);
      request.end('');
    });
  const rate = async (one: () => Promise<unknown>) => {
    const total = quick ? 2_000 : 10_000;
    for (let i = 0; i < 300; i++) await one();
    return total / (await inFlight(16, total, one)).seconds;
  };
  const a = median([await rate(viaAxios), await rate(viaAxios), await rate(viaAxios)]);
  const n = median([await rate(viaNode), await rate(viaNode), await rate(viaNode)]);
  transport.close();
  agent.destroy();
  await server.close();
  rows.push({
    measure: 'transport floor: unsigned POSTs/s to a loopback server, 16 in flight',
    ours: `${fmt(a)} (axios, as shipped)`,
    baseline: `${fmt(n)} (node:http)`,
    ratio: `${fmt(a / n, 2)}×`,
    target: '',
  });
}
