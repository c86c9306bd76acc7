/**
 * `npm run --silent plugin:pack`: builds the resource-provider plugin as Pulumi installs it, and prints the path of
 * `pulumi-resource-alicloud-keypair-v<version>-linux-amd64.tar.gz` as its last line (progress on standard error).
 *
 * The tarball is self-contained: the compiled package (dist/), its production dependencies and the gRPC stubs it
 * serves with (@pulumi/pulumi at the lock file's version), and the executable `pulumi-resource-alicloud-keypair`
 * that runs them with the `node` on the PATH (20 or later). Nothing in it points back into the checkout, so
 * `pulumi plugin install resource alicloud-keypair <version> -f <tarball>` works offline, anywhere.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const say = (line: string) => process.stderr.write(`plugin:pack: ${line}\n`);

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
const pulumiVersion: string = lock.packages['node_modules/@pulumi/pulumi'].version;
const name = `pulumi-resource-alicloud-keypair-v${pkg.version}-linux-amd64.tar.gz`;
const outDir = path.join(ROOT, 'dist', 'plugin-pack');
const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'alicloud-keypair-plugin-'));

try {
  say(`staging ${pkg.name} ${pkg.version} with @pulumi/pulumi ${pulumiVersion}`);
  fs.cpSync(path.join(ROOT, 'dist'), path.join(staging, 'dist'), {
    recursive: true,
    filter: (source) => !source.startsWith(outDir) && !/\.d\.ts$/.test(source),
  });
  const manifest = {
    name: 'pulumi-resource-alicloud-keypair',
    version: pkg.version,
    private: true,
    license: pkg.license,
    dependencies: { ...pkg.dependencies, '@pulumi/pulumi': pulumiVersion },
  };
  fs.writeFileSync(path.join(staging, 'package.json'), JSON.stringify(manifest, null, 2));
  // The plugin reads its version from the package.json beside dist/.
  fs.writeFileSync(path.join(staging, 'dist', 'package.json'), JSON.stringify({ name: pkg.name, version: pkg.version }));
  say('installing production dependencies (npm install --omit=dev)');
  execFileSync('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--loglevel=error'], {
    cwd: staging,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const wrapper = path.join(staging, 'pulumi-resource-alicloud-keypair');
  fs.writeFileSync(
    wrapper,
    '#!/bin/sh\n# Runs the alicloud-keypair plugin with the node on the PATH (20 or later).\n' +
      'here="$(cd "$(dirname "$0")" && pwd)"\nexec node "$here/dist/plugin/main.js" "$@"\n',
    { mode: 0o755 },
  );
  fs.copyFileSync(path.join(ROOT, 'LICENSE'), path.join(staging, 'LICENSE'));
  fs.mkdirSync(outDir, { recursive: true });
  const tarball = path.join(outDir, name);
  execFileSync('tar', ['-czf', tarball, '-C', staging, '.']);
  say(`${(fs.statSync(tarball).size / 1024 / 1024).toFixed(1)} MiB`);
  process.stdout.write(`${tarball}\n`);
} finally {
  fs.rmSync(staging, { recursive: true, force: true });
}
