/**
 * A throwaway project directory with this package installed as users get it: `npm pack`, unpacked into
 * node_modules/pulumi-alicloud-keypair. Its dependencies (and TypeScript, ts-node, @types) are links to this
 * repository's node_modules, where `npm install` would have put copies.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPOSITORY_ROOT } from './providerHost';

/** Returns the project directory; remove it with `fs.rmSync(dir, { recursive: true, force: true })`. */
export function makePackedProject(prefix = 'alicloud-keypair-packed-'): string {
  const project = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  // --ignore-scripts: the package's prepack builds dist/, which the suite (npm test) has just built.
  const tarball = execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', project], {
    cwd: REPOSITORY_ROOT,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop()!;
  const target = path.join(project, 'node_modules', 'pulumi-alicloud-keypair');
  fs.mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', path.join(project, tarball), '-C', target, '--strip-components=1']);
  for (const entry of fs.readdirSync(path.join(REPOSITORY_ROOT, 'node_modules'))) {
    if (entry === 'pulumi-alicloud-keypair' || entry.startsWith('.')) continue;
    fs.symlinkSync(path.join(REPOSITORY_ROOT, 'node_modules', entry), path.join(project, 'node_modules', entry));
  }
  // The package's commands in node_modules/.bin, as npm install links them (so `npx pulumi-alicloud-keypair` runs
  // the installed one, offline).
  const bins = (JSON.parse(fs.readFileSync(path.join(target, 'package.json'), 'utf8')) as { bin?: Record<string, string> }).bin ?? {};
  fs.mkdirSync(path.join(project, 'node_modules', '.bin'));
  for (const [name, file] of Object.entries(bins)) {
    fs.symlinkSync(path.join('..', 'pulumi-alicloud-keypair', file), path.join(project, 'node_modules', '.bin', name));
  }
  return project;
}
