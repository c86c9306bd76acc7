/**
 * `npm run pulumi:cli` fails loudly, in one line, where it cannot build: without Go, or when the module proxy
 * refuses. (The successful build is what CI and the real-CLI suite run.) Child processes, an empty cache.
 */
import { strict as assert } from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const SCRIPT = path.join(__dirname, '..', '..', 'tools', 'pulumi-cli', 'build.sh');

function build(env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', [SCRIPT], { env, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) }),
    );
  });
}

describe('npm run pulumi:cli where it cannot build', function () {
  this.timeout(60_000);
  let cache: string;
  beforeEach(() => (cache = fs.mkdtempSync(path.join(os.tmpdir(), 'alicloud-keypair-cli-cache-'))));
  afterEach(() => fs.rmSync(cache, { recursive: true, force: true }));

  it('without Go: exit 1 and one line saying so', async () => {
    // Only node's folder and the basics: no go.
    const result = await build({ PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, HOME: cache, XDG_CACHE_HOME: cache });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(
      result.stderr,
      'pulumi:cli: Go is not installed: install Go 1.25 or later to build the Pulumi CLI (or put a pulumi CLI on the PATH)\n',
    );
  });

  it('when the module proxy refuses (GOPROXY=off): exit 1 and one line naming the module', async () => {
    const result = await build({ ...process.env, GOPROXY: 'off', GOFLAGS: '-mod=mod', XDG_CACHE_HOME: cache });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^pulumi:cli: the Go module proxy did not list github\.com\/pulumi\/pulumi\/pkg\/v3 \(GOPROXY=off\)\n$/);
  });

  it('a cached build is reused without asking the network, and its folder is the last line', async () => {
    const dir = path.join(
      cache,
      'pulumi-alicloud-keypair',
      'pulumi-cli',
      JSON.parse(fs.readFileSync('package-lock.json', 'utf8')).packages['node_modules/@pulumi/pulumi'].version,
    );
    fs.mkdirSync(dir, { recursive: true });
    for (const tool of [
      'pulumi',
      'pulumi-language-nodejs',
      'pulumi-resource-pulumi-nodejs',
      'pulumi-language-yaml',
      'pulumi-language-python',
      'pulumi-language-python-exec',
      'pulumi-language-go',
      'python-venv/bin/python3',
    ]) {
      fs.mkdirSync(path.dirname(path.join(dir, tool)), { recursive: true });
      fs.writeFileSync(path.join(dir, tool), '#!/bin/sh\necho v0.0.0-test\n', { mode: 0o755 });
    }
    fs.writeFileSync(path.join(dir, '.go-program-warm'), '');
    const result = await build({ ...process.env, GOPROXY: 'off', XDG_CACHE_HOME: cache });
    assert.equal(result.code, 0);
    assert.equal(result.stdout, `${dir}\n`);
  });
});

/**
 * A stand-in for `go` (and `python3`) that builds nothing: each `go build -o OUT` waits a second, writes a script
 * that prints a version to OUT and logs it, so a test can count compiles without the minutes a real one takes.
 */
function fakeToolchain(dir: string, version: string): { path: string; log: string } {
  const bin = path.join(dir, 'bin');
  const log = path.join(dir, 'builds.log');
  fs.mkdirSync(path.join(dir, 'module', 'python', 'cmd'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'module', 'python', 'cmd', 'pulumi-language-python-exec'), '#!/bin/sh\n', { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'module.mod'), 'module fake\n\ngo 1.25\n\nrequire github.com/pulumi/pulumi/pkg/v3 v3.206.0\n');
  fs.mkdirSync(bin);
  fs.writeFileSync(
    path.join(bin, 'go'),
    `#!/bin/sh
case "$1 $2" in
  "list -m")
    case "$3" in
      -versions) echo "github.com/pulumi/pulumi/pkg/v3 v${version}" ;;
      *) echo "${dir}/module" ;;
    esac ;;
  "mod download") echo '{"GoMod": "${dir}/module.mod", "Dir": "${dir}/module"}' ;;
  "mod tidy") ;;
  build*)
    out=""; while [ $# -gt 0 ]; do if [ "$1" = "-o" ]; then out="$2"; fi; shift; done
    sleep 1
    printf '#!/bin/sh\\necho v${version}\\n' > "$out"; chmod +x "$out"
    echo "$out" >> "${log}" ;;
esac
`,
    { mode: 0o755 },
  );
  fs.writeFileSync(
    path.join(bin, 'python3'),
    '#!/bin/sh\nif [ "$1 $2" = "-m venv" ]; then mkdir -p "$3/bin"; printf \'#!/bin/sh\\nexit 0\\n\' > "$3/bin/python3"; chmod +x "$3/bin/python3"; fi\n',
    { mode: 0o755 },
  );
  return { path: `${bin}:${path.dirname(process.execPath)}:/usr/bin:/bin`, log };
}

describe('npm run pulumi:cli, twice at once', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alicloud-keypair-cli-lock-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('one build at a time per cache folder: the second waits, then reuses it (one compile of the CLI)', async () => {
    const version = JSON.parse(fs.readFileSync('package-lock.json', 'utf8')).packages['node_modules/@pulumi/pulumi'].version;
    const toolchain = fakeToolchain(dir, version);
    const env = { PATH: toolchain.path, HOME: dir, XDG_CACHE_HOME: path.join(dir, 'cache'), TMPDIR: dir };
    const [first, second] = await Promise.all([build(env), build(env)]);
    assert.deepEqual([first.code, second.code], [0, 0], first.stderr + second.stderr);
    const folder = path.join(dir, 'cache', 'pulumi-alicloud-keypair', 'pulumi-cli', version);
    assert.equal(first.stdout, `${folder}\n`);
    assert.equal(second.stdout, `${folder}\n`);
    const compiles = fs.readFileSync(toolchain.log, 'utf8').trim().split('\n');
    assert.equal(compiles.filter((out) => out.endsWith('/pulumi')).length, 1, compiles.join('\n'));
    assert.match(first.stderr + second.stderr, /another build is running in .*; waiting for it/);
  });
});
