/**
 * A throwaway Pulumi project driven through the real `pulumi` command: a temporary folder with Pulumi.yaml, a
 * program, and node_modules linking this package and its @pulumi/pulumi; a file backend, its own PULUMI_HOME and a
 * passphrase, so nothing reaches Pulumi Cloud or the network. Used by the real-CLI tests, `npm start` and the bench.
 */
import { ChildProcess, execFile, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { makePackedProject } from '../engine-standin/packedProject';

const ROOT = path.resolve(__dirname, '..', '..');

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ProjectOptions {
  /** The folder holding pulumi, pulumi-language-nodejs and pulumi-resource-pulumi-nodejs. */
  cliDir: string;
  /** The program: file name → text (index.js or index.ts). */
  files: Record<string, string>;
  /** Added to the environment of every command (endpoints, credentials, …). */
  env?: NodeJS.ProcessEnv;
  /** Project name. */
  name?: string;
  /**
   * How the project has this package: `linked` to this checkout (quick; the serialized provider is then a copy of
   * the shim, about 4 KB), or `packed`: `npm pack`ed and unpacked into node_modules as users get it (the
   * serialized provider is a ~300-byte `require`). Default: linked.
   */
  install?: 'linked' | 'packed';
  /**
   * The files hold the whole project, Pulumi.yaml included (a plugin program in any language): nothing of this
   * package is installed for it. Default: a Node.js program of this package.
   */
  custom?: boolean;
}

export class PulumiProject {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;

  private constructor(dir: string, env: NodeJS.ProcessEnv) {
    this.dir = dir;
    this.env = env;
  }

  static create(options: ProjectOptions): PulumiProject {
    const packed = options.install === 'packed' && !options.custom;
    const dir = packed ? makePackedProject('alicloud-keypair-cli-') : fs.mkdtempSync(path.join(os.tmpdir(), 'alicloud-keypair-cli-'));
    const main = Object.keys(options.files).find((f) => /^index\.[jt]s$/.test(f)) ?? 'index.js';
    if (!options.custom) {
      fs.writeFileSync(path.join(dir, 'Pulumi.yaml'), `name: ${options.name ?? 'keypair-cli-test'}\nruntime: nodejs\nmain: ${main}\n`);
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'keypair-cli-test', private: true, main }));
    }
    for (const [file, text] of Object.entries(options.files)) fs.writeFileSync(path.join(dir, file), text);
    if (!packed && !options.custom) {
      // This checkout as the package, and the @pulumi/pulumi it was built with (the program's SDK runs the host).
      fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
      fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'pulumi-alicloud-keypair'));
      fs.symlinkSync(path.join(ROOT, 'node_modules', '@pulumi'), path.join(dir, 'node_modules', '@pulumi'));
    }
    const state = path.join(dir, '.state');
    fs.mkdirSync(state);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      // The CLI's tools first, then the node running us (so the language host runs the same Node).
      PATH: [options.cliDir, path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
      PULUMI_HOME: path.join(dir, '.pulumi-home'),
      PULUMI_BACKEND_URL: `file://${state}`,
      PULUMI_CONFIG_PASSPHRASE: 'keypair-cli-test-passphrase',
      PULUMI_SKIP_UPDATE_CHECK: 'true',
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
      PULUMI_SKIP_CONFIRMATIONS: 'true',
      ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
      ...options.env,
    };
    return new PulumiProject(dir, env);
  }

  /** Runs `pulumi ARGS` in the project; never throws for a non-zero exit (tests assert on it). */
  run(args: string[], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<CommandResult> {
    return new Promise((resolve) => {
      execFile(
        'pulumi',
        [...args, '--non-interactive'],
        { cwd: this.dir, env: { ...this.env, ...options.env }, timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout: String(stdout), stderr: String(stderr) });
        },
      );
    });
  }

  /** Like run, but fails with the command's output when it exits non-zero. */
  async ok(args: string[], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<CommandResult> {
    const result = await this.run(args, options);
    if (result.code !== 0) {
      throw new Error(`pulumi ${args.join(' ')} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
    }
    return result;
  }

  /** Starts `pulumi ARGS` in a process group of its own, to be killed as a CI runner would kill it. */
  start(args: string[]): ChildProcess & { output: () => string } {
    const child = spawn('pulumi', [...args, '--non-interactive'], { cwd: this.dir, env: this.env, detached: true });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    return Object.assign(child, { output: () => output });
  }

  write(file: string, text: string): void {
    fs.writeFileSync(path.join(this.dir, file), text);
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
