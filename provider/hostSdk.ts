/**
 * The provider runs inside the program's own `@pulumi/pulumi` host (`cmd/dynamic-provider`), not the copy this
 * package depends on. Older hosts lack `ReadResult.inputs` (3.216), so a refresh could not show why a key pair will
 * be replaced: the provider says so once instead of failing quietly.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The first `@pulumi/pulumi` whose dynamic-provider host applies `ReadResult.inputs`. */
export const LOWEST_FULL_HOST_SDK = '3.216.0';

/** The version of the `@pulumi/pulumi` whose host runs this process, when it is one. */
export function hostSdkVersion(hostScript: string | undefined = process.argv[1]): string | undefined {
  if (!hostScript || !/cmd[\\/]dynamic-provider/.test(hostScript)) return undefined;
  try {
    const manifest = JSON.parse(fs.readFileSync(path.resolve(path.dirname(hostScript), '..', '..', 'package.json'), 'utf8'));
    return manifest?.name === '@pulumi/pulumi' && typeof manifest.version === 'string' ? manifest.version : undefined;
  } catch {
    return undefined;
  }
}

/** True when `version` is older than `lowest` (plain `major.minor.patch` comparison; pre-release tags ignored). */
export function isOlder(version: string, lowest: string): boolean {
  const parts = (v: string) =>
    v
      .split(/[.-]/)
      .slice(0, 3)
      .map((p) => Number.parseInt(p, 10) || 0);
  const [a, b] = [parts(version), parts(lowest)];
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

/** The warning for a host older than {@link LOWEST_FULL_HOST_SDK}, or undefined. */
export function hostSdkWarning(version: string | undefined): string | undefined {
  if (!version || !isOlder(version, LOWEST_FULL_HOST_SDK)) return undefined;
  return (
    `warning: pulumi-alicloud-keypair: this program's @pulumi/pulumi is ${version}; ${LOWEST_FULL_HOST_SDK} or later is needed for ` +
    'refresh to show why a drifted key pair will be replaced (ReadResult.inputs). Run `npm install @pulumi/pulumi@latest`.'
  );
}
