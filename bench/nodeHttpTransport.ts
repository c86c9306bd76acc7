/**
 * Not shipped: the same contract as provider/alibaba/transport.ts on bare `node:http`/`node:https`, so the bench
 * can show what the API client's throughput would be without axios (the guide chose axios; this measures the
 * cost of that choice). Keep-alive agent per origin, total time limit, response size cap.
 */
import * as http from 'http';
import * as https from 'https';
import { HttpRequest, HttpResponse, HttpTransport, MAX_RESPONSE_BYTES, NetworkError } from '../provider/alibaba';

export class NodeHttpTransport implements HttpTransport {
  private readonly agents = new Map<string, http.Agent>();

  send(request: HttpRequest): Promise<HttpResponse> {
    const secure = request.url.protocol === 'https:';
    let agent = this.agents.get(request.url.origin);
    if (!agent) {
      agent = secure ? new https.Agent({ keepAlive: true, maxSockets: 32 }) : new http.Agent({ keepAlive: true, maxSockets: 32 });
      this.agents.set(request.url.origin, agent);
    }
    const body = request.body ?? '';
    return new Promise((resolve, reject) => {
      const outgoing = (secure ? https : http).request(
        request.url,
        { method: request.method, headers: { ...request.headers, 'content-length': String(Buffer.byteLength(body)) }, agent },
        (incoming) => {
          const chunks: Buffer[] = [];
          let size = 0;
          incoming.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_RESPONSE_BYTES) {
              outgoing.destroy();
              reject(new NetworkError(request.action, 'RESPONSE_TOO_LARGE', 'the response is too large', true));
            } else chunks.push(chunk);
          });
          incoming.on('end', () => {
            clearTimeout(timer);
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(incoming.headers)) if (value !== undefined) headers[name] = String(value);
            resolve({ status: incoming.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
          });
        },
      );
      const timer = setTimeout(() => outgoing.destroy(new Error('timeout')), request.timeoutMs);
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(new NetworkError(request.action, error.code ?? 'NETWORK_ERROR', `could not reach ${request.url.host}`, true));
      });
      outgoing.end(body);
    });
  }

  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }
}
