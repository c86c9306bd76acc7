/**
 * Which Pulumi backend the running program or plugin belongs to: part of what makes an owner token unique to one
 * stack instance (see ownership.ts). Both inherit the Pulumi CLI's environment.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The backend this program's stack lives in: PULUMI_BACKEND_URL when set, else the one `pulumi login` chose
 * (`current` in $PULUMI_HOME/credentials.json). The program inherits the CLI's environment, so both are the CLI's.
 */
export function backendOf(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PULUMI_BACKEND_URL) return env.PULUMI_BACKEND_URL;
  try {
    const home = env.PULUMI_HOME || path.join(os.homedir(), '.pulumi');
    const current = JSON.parse(fs.readFileSync(path.join(home, 'credentials.json'), 'utf8')).current;
    return typeof current === 'string' ? current : '';
  } catch {
    return '';
  }
}
