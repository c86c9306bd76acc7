/**
 * `npm run sdks`: the SDKs of the plugin, generated from its schema (plugin/schema.ts) by Pulumi's own code
 * generators (tools/sdkgen, built against pkg/v3 at the lock file's @pulumi/pulumi version), into
 * sdks/{python,go,nodejs} with sdks/schema.json beside them. Generated SDKs are never edited by hand.
 *
 * `npm run sdks -- --check`: generates into a temporary folder and fails, naming the files, when sdks/ differs —
 * so CI fails when someone changes the schema and forgets to regenerate.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { packageSchema } from '../plugin/schema';

const ROOT = path.resolve(__dirname, '..');
const SDKS = path.join(ROOT, 'sdks');
const LANGUAGES = ['python', 'go', 'nodejs'];
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
const PULUMI_VERSION: string = lock.packages['node_modules/@pulumi/pulumi'].version;

/** The Go module around the generated package (the generator writes none): its path is the schema's importBasePath's parent. */
function goModule(): string {
  return [
    'module github.com/pulumi-alicloud-keypair/sdks/go',
    '',
    'go 1.21',
    '',
    `require github.com/pulumi/pulumi/sdk/v3 v${PULUMI_VERSION}`,
    '',
  ].join('\n');
}

function generate(into: string): void {
  const generator = execFileSync('bash', [path.join(ROOT, 'tools', 'sdkgen', 'build.sh'), PULUMI_VERSION], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  fs.mkdirSync(into, { recursive: true });
  const schemaFile = path.join(into, 'schema.json');
  fs.writeFileSync(schemaFile, JSON.stringify(packageSchema(), null, 2) + '\n');
  for (const language of LANGUAGES) fs.rmSync(path.join(into, language), { recursive: true, force: true });
  execFileSync(generator, [schemaFile, into], { stdio: 'inherit' });
  fs.writeFileSync(path.join(into, 'go', 'go.mod'), goModule());
}

/** Every file below `dir`, relative, sorted. */
function filesOf(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((name) => fs.statSync(path.join(dir, name)).isFile() && !name.includes('node_modules') && !name.endsWith('go.sum'))
    .sort();
}

if (process.argv.includes('--check')) {
  const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'alicloud-keypair-sdks-'));
  try {
    generate(fresh);
    const names = new Set([...filesOf(fresh), ...filesOf(SDKS)]);
    const stale = [...names].filter((name) => {
      const a = path.join(fresh, name);
      const b = path.join(SDKS, name);
      return !fs.existsSync(a) || !fs.existsSync(b) || !fs.readFileSync(a).equals(fs.readFileSync(b));
    });
    if (stale.length > 0) {
      process.stderr.write(`sdks: sdks/ is stale (run npm run sdks): ${stale.slice(0, 10).join(', ')}${stale.length > 10 ? ', …' : ''}\n`);
      process.exit(1);
    }
    process.stdout.write('sdks: sdks/ matches the schema\n');
  } finally {
    fs.rmSync(fresh, { recursive: true, force: true });
  }
} else {
  generate(SDKS);
  process.stdout.write(`sdks: generated ${LANGUAGES.join(', ')} into ${path.relative(ROOT, SDKS)}/\n`);
}
