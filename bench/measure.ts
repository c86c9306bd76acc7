/**
 * What every measurement shares: the credential and keys it uses, `--quick`, medians and number formats, the rows of
 * the report, running N calls with K in flight, a fixed-answer loopback server, the installed package's program,
 * and the report table itself.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import type { Emulator } from '../emulator';
import type { RegisteredResource } from '../tools/engine-standin/program';
import { makePackedProject } from '../tools/engine-standin/packedProject';

export const CREDENTIAL = { accessKeyId: 'bench-access-key-id', accessKeySecret: 'bench-access-key-secret' };
export const RSA_2048 = fs.readFileSync(path.join(__dirname, '..', 'tests', 'fixtures', 'keys', 'rsa2048.pub'), 'utf8').trim();
export const RSA_4096 = fs.readFileSync(path.join(__dirname, '..', 'tests', 'fixtures', 'keys', 'rsa4096.pub'), 'utf8').trim();
/** `npm run bench -- --quick`: fewer and smaller runs, to keep the scripts working in CI (figures not judged). */
export const quick = process.argv.includes('--quick');

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** One row of the report. */
export interface Row {
  measure: string;
  ours: string;
  baseline: string;
  ratio: string;
  target: string;
}

/**
 * The resources of a program run against the package as users install it (`npm pack`, unpacked into a project's
 * node_modules), so `__provider` is what their state holds: a `require` of the installed module, not our code.
 */
export function installedProgram(count: number): RegisteredResource[] {
  const project = makePackedProject('alicloud-keypair-bench-');
  try {
    const program = `
      const pulumi = require('@pulumi/pulumi');
      const out = [];
      pulumi.runtime.setMocks({ newResource: (a) => { out.push({ type: a.type, name: a.name, inputs: a.inputs }); return { id: 'x', state: a.inputs }; }, call: (a) => a.inputs }, 'bench', 'bench', false);
      const { KeyPair } = require('pulumi-alicloud-keypair');
      for (let i = 0; i < ${count}; i++) new KeyPair('bulk-' + i, { publicKey: ${JSON.stringify(RSA_2048)}, keyPairName: 'bulk-' + i });
      setTimeout(() => console.log(JSON.stringify(out)), 500);
    `;
    const output = execFileSync(process.execPath, ['-e', program], {
      cwd: project,
      encoding: 'utf8',
      maxBuffer: 64 * 2 ** 20,
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    const resources = JSON.parse(output.trim().split('\n').pop()!) as RegisteredResource[];
    if (resources.length !== count) throw new Error(`the installed program registered ${resources.length} resources, not ${count}`);
    return resources;
  } finally {
    fs.rmSync(project, { recursive: true, force: true });
  }
}

/** Calls `one(i)` for i = 0 … total-1 with `concurrency` calls in flight; wall seconds and process CPU µs. */
export async function inFlight(
  concurrency: number,
  total: number,
  one: (i: number) => Promise<unknown>,
): Promise<{ seconds: number; cpuMicros: number }> {
  let next = 0;
  const cpu0 = process.cpuUsage();
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await one(next++);
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, cpuMicros: cpu.user + cpu.system };
}

/** A loopback server that answers every request with `body` at once: the client is all that is measured. */
export async function fixedAnswerServer(body: string): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** What the provider host needs to reach the emulator with the bench credential. */
export function hostEnv(emulator: Emulator): NodeJS.ProcessEnv {
  return {
    ALIBABA_CLOUD_ENDPOINT_ECS: emulator.url,
    ALIBABA_CLOUD_ACCESS_KEY_ID: CREDENTIAL.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: CREDENTIAL.accessKeySecret,
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
  };
}

/** The rows as a Markdown table. */
export function table(rows: Row[]): string {
  const header: Row = { measure: 'measure', ours: 'ours', baseline: 'baseline', ratio: 'ratio', target: 'target' };
  const all = [header, ...rows];
  const widths = (Object.keys(header) as Array<keyof Row>).map((k) => Math.max(...all.map((r) => r[k].length)));
  const line = (r: Row) => `| ${(Object.keys(header) as Array<keyof Row>).map((k, i) => r[k].padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${cpu}, ${os.cpus().length} cores, ${fmt(os.totalmem() / 2 ** 30, 0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
}
