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
    for (const tool of ['pulumi', 'pulumi-language-nodejs', 'pulumi-resource-pulumi-nodejs']) {
      fs.writeFileSync(path.join(dir, tool), '#!/bin/sh\necho v0.0.0-test\n', { mode: 0o755 });
    }
    const result = await build({ ...process.env, GOPROXY: 'off', XDG_CACHE_HOME: cache });
    assert.equal(result.code, 0);
    assert.equal(result.stdout, `${dir}\n`);
  });
});
