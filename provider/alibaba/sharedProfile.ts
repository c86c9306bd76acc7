/** `alicloud:sharedCredentialsFile`: a profile's keys from an aliyun CLI config file other than ~/.aliyun/config.json. */
import * as fs from 'fs';
import { CredentialsError } from './errors';

/** What such a profile holds: keys, and a token for StsToken profiles. */
export interface SharedProfileKeys {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/**
 * A profile from an aliyun CLI config file named by `alicloud:sharedCredentialsFile`. The library reads only
 * ~/.aliyun/config.json, so another file is read here; the modes that hold keys (AK, StsToken) are supported, any
 * other is refused by name. Errors never quote the file's contents.
 */
export function readSharedProfile(file: string, profile: string | undefined): SharedProfileKeys {
  let document: { current?: unknown; profiles?: unknown };
  try {
    document = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof document;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new CredentialsError(
      `alicloud:sharedCredentialsFile ${file} ${missing ? 'does not exist' : 'is not a readable JSON aliyun CLI config file'}; point it at one (\`aliyun configure\` writes ~/.aliyun/config.json)`,
    );
  }
  const name = profile ?? (typeof document?.current === 'string' ? document.current : undefined);
  const profiles = Array.isArray(document?.profiles) ? (document.profiles as Array<Record<string, unknown>>) : [];
  const found = profiles.find((p) => p && p.name === name);
  if (!found)
    throw new CredentialsError(
      `profile "${name ?? '(current)'}" is not in ${file} (alicloud:sharedCredentialsFile); check the profile name`,
    );
  const mode = String(found.mode ?? 'AK');
  if (mode !== 'AK' && mode !== 'StsToken') {
    throw new CredentialsError(
      `profile "${String(name)}" in ${file} has mode ${mode.slice(0, 32)}, which alicloud:sharedCredentialsFile supports only for AK and StsToken profiles; ` +
        'keep the profile in ~/.aliyun/config.json (every mode works there) or use alicloud:assumeRole',
    );
  }
  const accessKeyId = typeof found.access_key_id === 'string' ? found.access_key_id : '';
  const accessKeySecret = typeof found.access_key_secret === 'string' ? found.access_key_secret : '';
  if (!accessKeyId || !accessKeySecret)
    throw new CredentialsError(`profile "${String(name)}" in ${file} has no access_key_id and access_key_secret`);
  const token = mode === 'StsToken' && typeof found.sts_token === 'string' ? found.sts_token : undefined;
  return { accessKeyId, accessKeySecret, securityToken: token || undefined };
}
