/** The plugin's version: the package's, read from its package.json (two levels up from dist/plugin or plugin/). */
import * as fs from 'fs';
import * as path from 'path';

function packageVersion(): string {
  for (const dir of [path.join(__dirname, '..'), path.join(__dirname, '..', '..')]) {
    try {
      const parsed = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      if (parsed.name === 'pulumi-alicloud-keypair') return parsed.version;
    } catch {
      // not here
    }
  }
  return '0.0.0';
}

export const version = packageVersion();
