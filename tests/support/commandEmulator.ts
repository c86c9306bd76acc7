/** The built `alicloud-keypair emulator` as a child process, for tests that restart it or send it signals. */
import { ChildProcessWithoutNullStreams, spawn } from 'child_process';
import * as net from 'net';
import * as path from 'path';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli', 'index.js');

export interface Running {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stderr: () => string;
  /** Everything it printed on standard output so far. */
  stdout: () => string;
  exit: Promise<number | null>;
}

/** Starts `alicloud-keypair emulator ARGS` (the built command) and resolves with its URL once it listens. */
export async function startCommand(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [CLI, 'emulator', ...args]);
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.on('data', (d) => (stdout += d));
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(String(d).split('\n')[0].replace('listening on ', '')));
    child.once('exit', () => reject(new Error(`the emulator exited: ${stderr}`)));
  });
  return { child, url, stderr: () => stderr, stdout: () => stdout, exit };
}

/** A port free right now on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
