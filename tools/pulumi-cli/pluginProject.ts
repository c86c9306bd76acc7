/**
 * A throwaway Pulumi project in YAML, Python, Go or TypeScript that uses the resource-provider plugin, run by the
 * real CLI: the plugin comes from a folder named in Pulumi.yaml (`plugins.providers[].path`), the SDKs from sdks/
 * (Python on PYTHONPATH in the virtualenv `npm run pulumi:cli` made; Go through a `replace`; TypeScript compiled and
 * linked), and the language hosts from the CLI's folder. Used by the real-CLI plugin tests and the bench.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PluginLanguage, PluginProgram, pluginProgramFiles } from './pluginPrograms';
import { PulumiProject } from './project';

const ROOT = path.resolve(__dirname, '..', '..');
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
export const PULUMI_VERSION: string = lock.packages['node_modules/@pulumi/pulumi'].version;

/** The folder the CLI's tests find the plugin in: a wrapper that runs this checkout's built plugin. */
export function localPluginDir(): string {
  const dir = path.join(ROOT, 'dist', 'plugin-local');
  fs.mkdirSync(dir, { recursive: true });
  const wrapper = path.join(dir, 'pulumi-resource-alicloud-keypair');
  const text = `#!/bin/sh\nexec "${process.execPath}" "${path.join(ROOT, 'dist', 'plugin', 'main.js')}" "$@"\n`;
  if (!fs.existsSync(wrapper) || fs.readFileSync(wrapper, 'utf8') !== text) fs.writeFileSync(wrapper, text, { mode: 0o755 });
  return dir;
}

let pythonSdkInstalled = false;

/** The generated Python SDK installed into the virtualenv (once per run, offline: its dependencies are there). */
function installPythonSdk(venv: string): void {
  if (pythonSdkInstalled) return;
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'alicloud-keypair-pysdk-'));
  try {
    fs.cpSync(path.join(ROOT, 'sdks', 'python'), copy, { recursive: true });
    execFileSync(
      path.join(venv, 'bin', 'python3'),
      ['-m', 'pip', 'install', '-q', '--no-deps', '--no-index', '--no-build-isolation', '--force-reinstall', copy],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
  pythonSdkInstalled = true;
}

let nodeSdkCompiled = false;

/** The generated Node.js SDK, compiled once per run into dist/sdk-nodejs (as its own build would). */
function compiledNodeSdk(): string {
  const out = path.join(ROOT, 'dist', 'sdk-nodejs');
  const source = path.join(ROOT, 'sdks', 'nodejs');
  if (!nodeSdkCompiled) {
    nodeSdkCompiled = true;
    fs.rmSync(out, { recursive: true, force: true });
    execFileSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', source, '--outDir', out, '--declarationMap', 'false', '--sourceMap', 'false'],
      {
        stdio: 'inherit',
      },
    );
    const manifest = JSON.parse(fs.readFileSync(path.join(source, 'package.json'), 'utf8'));
    fs.writeFileSync(path.join(out, 'package.json'), JSON.stringify({ ...manifest, main: 'index.js', types: 'index.d.ts' }, null, 2));
  }
  return out;
}

export interface PluginProjectOptions {
  cliDir: string;
  language: PluginLanguage;
  program: PluginProgram;
  env?: NodeJS.ProcessEnv;
  /** Where the plugin is (default: this checkout's build). */
  pluginDir?: string;
}

export class PluginProject {
  readonly project: PulumiProject;
  private constructor(
    project: PulumiProject,
    readonly options: PluginProjectOptions,
    private readonly pluginDir: string,
  ) {
    this.project = project;
  }

  static create(options: PluginProjectOptions): PluginProject {
    const pluginDir = options.pluginDir ?? localPluginDir();
    const env: NodeJS.ProcessEnv = { ...options.env };
    if (options.language === 'python') {
      const venv = path.join(options.cliDir, 'python-venv');
      installPythonSdk(venv);
      env.VIRTUAL_ENV = venv;
      env.PATH = [path.join(venv, 'bin'), options.cliDir, path.dirname(process.execPath), process.env.PATH].join(path.delimiter);
    }
    if (options.language === 'go') {
      // Everything the program needs is in the module cache (`npm run pulumi:cli` warmed it): never the network.
      env.GOFLAGS = '-mod=mod';
      env.GOPROXY = 'off';
    }
    const project = PulumiProject.create({ cliDir: options.cliDir, files: {}, custom: true, env });
    const self = new PluginProject(project, options, pluginDir);
    self.write(options.program);
    if (options.language === 'typescript') {
      const modules = path.join(project.dir, 'node_modules');
      fs.mkdirSync(path.join(modules, '@pulumi-alicloud-keypair'), { recursive: true });
      fs.symlinkSync(compiledNodeSdk(), path.join(modules, '@pulumi-alicloud-keypair', 'sdk'));
      fs.symlinkSync(path.join(ROOT, 'node_modules', '@pulumi'), path.join(modules, '@pulumi'));
      fs.writeFileSync(
        path.join(project.dir, 'package.json'),
        JSON.stringify({ name: 'keypair-plugin-test', private: true, main: 'index.ts' }),
      );
    }
    if (options.language === 'go') {
      execFileSync('go', ['mod', 'tidy'], { cwd: project.dir, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    }
    return self;
  }

  get dir(): string {
    return this.project.dir;
  }

  /** Rewrites the program (Pulumi.yaml included). */
  write(program: PluginProgram): void {
    const files = pluginProgramFiles(this.options.language, program, {
      project: 'keypair-plugin-test',
      pluginDir: this.pluginDir,
      goSdkDir: path.join(ROOT, 'sdks', 'go'),
      pulumiVersion: PULUMI_VERSION,
    });
    for (const [file, text] of Object.entries(files)) this.project.write(file, text);
  }

  remove(): void {
    this.project.remove();
  }
}

/** A temporary folder, removed by the caller. */
export function temporaryDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
