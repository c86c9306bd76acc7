/**
 * Where a usable Pulumi CLI is: the folder holding `pulumi`, `pulumi-language-nodejs` and
 * `pulumi-resource-pulumi-nodejs`. Looked for, never built, so that `npm test` and `npm start` stay quick:
 *   1. PULUMI_CLI_DIR, when set;
 *   2. the build cache of `npm run pulumi:cli` for the lock file's @pulumi/pulumi;
 *   3. a folder on the PATH holding all three (a regular Pulumi installation).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const TOOLS = ['pulumi', 'pulumi-language-nodejs', 'pulumi-resource-pulumi-nodejs'];
const ROOT = path.resolve(__dirname, '..', '..');

function isComplete(dir: string): boolean {
  return TOOLS.every((tool) => {
    try {
      fs.accessSync(path.join(dir, tool), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The cache folder `npm run pulumi:cli` builds into for this version. */
export function cliCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache'), 'pulumi-alicloud-keypair', 'pulumi-cli');
}

/** The @pulumi/pulumi version of package-lock.json. */
export function lockedPulumiVersion(): string {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
  return lock.packages['node_modules/@pulumi/pulumi'].version;
}

export function locatePulumiCli(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.PULUMI_CLI_DIR) {
    if (isComplete(env.PULUMI_CLI_DIR)) return env.PULUMI_CLI_DIR;
    // Named, not silently passed over: a wrong folder would otherwise look like "no CLI built".
    throw new Error(
      `PULUMI_CLI_DIR is ${env.PULUMI_CLI_DIR}, which does not hold pulumi, pulumi-language-nodejs and pulumi-resource-pulumi-nodejs: ` +
        'unset it, or set it to the folder `npm run --silent pulumi:cli` prints',
    );
  }
  const root = cliCacheRoot(env);
  const version = lockedPulumiVersion();
  const cached = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((name) => name === version || name.startsWith(`${version}.`))
        .map((name) => path.join(root, name))
    : [];
  const onPath = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  return [...cached, ...onPath].find(isComplete);
}
