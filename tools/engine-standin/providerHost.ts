/**
 * Drives the real Pulumi dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`) over gRPC, as the engine
 * would, without the Pulumi CLI. The host is started in a throwaway "project directory" whose node_modules holds
 * this package (a symlink to the repository), exactly as in a user's project after `npm install`.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as readline from 'readline';

/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
const pulumiDir = path.dirname(require.resolve('@pulumi/pulumi/package.json'));
const grpc = require(require.resolve('@grpc/grpc-js', { paths: [pulumiDir] }));
const providerGrpc = require('@pulumi/pulumi/proto/provider_grpc_pb');
const providerProto = require('@pulumi/pulumi/proto/provider_pb');
const { Struct } = require(require.resolve('google-protobuf/google/protobuf/struct_pb', { paths: [pulumiDir] }));

export const REPOSITORY_ROOT = path.resolve(__dirname, '..', '..');
const HOST_SCRIPT = path.join(pulumiDir, 'cmd', 'dynamic-provider', 'index.js');
const CALL_DEADLINE_MS = 120_000;

/** A directory that looks like a user's Pulumi project with this package installed. */
export function makeProjectDirectory(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alicloud-keypair-project-'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(REPOSITORY_ROOT, path.join(dir, 'node_modules', 'pulumi-alicloud-keypair'), 'dir');
  fs.writeFileSync(path.join(dir, 'Pulumi.yaml'), 'name: keypair-test\nruntime: nodejs\n');
  return dir;
}

export class HostError extends Error {
  constructor(
    readonly method: string,
    readonly details: string,
  ) {
    super(`${method}: ${details}`);
  }
}

export interface CheckResponse {
  inputs: Record<string, any>;
  failures: Array<{ property: string; reason: string }>;
}

export interface DiffResponse {
  changes: 'none' | 'some' | 'unknown';
  replaces: string[];
  deleteBeforeReplace: boolean;
}

export class ProviderHost {
  /** Everything the host wrote to stderr (it logs errors there): checked for secrets by tests. */
  stderr = '';
  stdout = '';
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: any,
    readonly projectDirectory: string,
  ) {}

  static async start(options: { env?: NodeJS.ProcessEnv; projectDirectory?: string } = {}): Promise<ProviderHost> {
    const projectDirectory = options.projectDirectory ?? makeProjectDirectory();
    const child = spawn(process.execPath, [HOST_SCRIPT, '127.0.0.1:0'], {
      cwd: projectDirectory,
      env: { ...process.env, PULUMI_NODEJS_PROJECT: 'keypair-test', PULUMI_NODEJS_STACK: 'test', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const lines = readline.createInterface({ input: child.stdout! });
    const port = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`provider host did not start: ${stderr}`)), 30_000);
      lines.once('line', (line) => {
        clearTimeout(timer);
        resolve(line.trim());
      });
      child.once('exit', (code) => reject(new Error(`provider host exited (${code}): ${stderr}`)));
    });
    const client = new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const host = new ProviderHost(child, client, projectDirectory);
    child.stderr!.removeAllListeners('data');
    host.stderr = stderr;
    child.stderr!.on('data', (chunk) => (host.stderr += chunk));
    lines.on('line', (line) => (host.stdout += line + '\n'));
    return host;
  }

  /** Peak resident memory of the host, from /proc (Linux), in bytes. */
  peakMemoryBytes(): number | undefined {
    try {
      const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const match = /VmHWM:\s+(\d+) kB/.exec(status);
      return match ? Number(match[1]) * 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  /** CPU time the host process has used so far (user + system), from /proc; 0 where that is unavailable. */
  cpuMilliseconds(): number {
    try {
      const fields = fs.readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      const ticksPerSecond = 100;
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
    } catch {
      return 0;
    }
  }

  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGKILL');
      await exited;
    }
    fs.rmSync(this.projectDirectory, { recursive: true, force: true });
  }

  private call<T>(method: string, request: any): Promise<T> {
    return new Promise((resolve, reject) => {
      this.client[method](request, { deadline: Date.now() + CALL_DEADLINE_MS }, (error: any, response: T) => {
        if (error) reject(new HostError(method, String(error.details ?? error.message)));
        else resolve(response);
      });
    });
  }

  /** Configure must come first and always carry args (without them the host hangs). */
  async configure(config: Record<string, string> = {}): Promise<void> {
    const request = new providerProto.ConfigureRequest();
    request.setArgs(Struct.fromJavaScript(config));
    request.setAcceptsecrets(false);
    request.setAcceptresources(true);
    const variables = request.getVariablesMap();
    for (const [key, value] of Object.entries(config)) variables.set(key, value);
    await this.call('configure', request);
  }

  async check(urn: string, olds: Record<string, any>, news: Record<string, any>): Promise<CheckResponse> {
    const request = new providerProto.CheckRequest();
    request.setUrn(urn);
    request.setOlds(Struct.fromJavaScript(olds));
    request.setNews(Struct.fromJavaScript(news));
    const response: any = await this.call('check', request);
    return {
      inputs: response.getInputs()?.toJavaScript() ?? {},
      failures: response.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(id: string, urn: string, olds: Record<string, any>, news: Record<string, any>): Promise<DiffResponse> {
    const request = new providerProto.DiffRequest();
    request.setId(id);
    request.setUrn(urn);
    request.setOlds(Struct.fromJavaScript(olds));
    request.setNews(Struct.fromJavaScript(news));
    const response: any = await this.call('diff', request);
    const kinds: Record<number, DiffResponse['changes']> = { 0: 'unknown', 1: 'none', 2: 'some' };
    return {
      changes: kinds[response.getChanges()],
      replaces: response.getReplacesList(),
      deleteBeforeReplace: response.getDeletebeforereplace(),
    };
  }

  async create(urn: string, properties: Record<string, any>): Promise<{ id: string; outputs: Record<string, any> }> {
    const request = new providerProto.CreateRequest();
    request.setUrn(urn);
    request.setProperties(Struct.fromJavaScript(properties));
    const response: any = await this.call('create', request);
    return { id: response.getId(), outputs: response.getProperties().toJavaScript() };
  }

  async read(
    id: string,
    urn: string,
    properties: Record<string, any>,
    inputs: Record<string, any>,
  ): Promise<{ id: string; outputs: Record<string, any>; inputs?: Record<string, any> }> {
    const request = new providerProto.ReadRequest();
    request.setId(id);
    request.setUrn(urn);
    request.setProperties(Struct.fromJavaScript(properties));
    request.setInputs(Struct.fromJavaScript(inputs));
    const response: any = await this.call('read', request);
    return { id: response.getId(), outputs: response.getProperties()?.toJavaScript() ?? {}, inputs: response.getInputs()?.toJavaScript() };
  }

  async update(id: string, urn: string, olds: Record<string, any>, news: Record<string, any>): Promise<Record<string, any>> {
    const request = new providerProto.UpdateRequest();
    request.setId(id);
    request.setUrn(urn);
    request.setOlds(Struct.fromJavaScript(olds));
    request.setNews(Struct.fromJavaScript(news));
    const response: any = await this.call('update', request);
    return response.getProperties().toJavaScript();
  }

  async delete(id: string, urn: string, properties: Record<string, any>): Promise<void> {
    const request = new providerProto.DeleteRequest();
    request.setId(id);
    request.setUrn(urn);
    request.setProperties(Struct.fromJavaScript(properties));
    await this.call('delete', request);
  }
}
