/**
 * The plugin's configuration as the lifecycle core reads it. A plugin receives only its own package's keys
 * (`alicloud-keypair:*`, never `alicloud:*`), both as variables `alicloud-keypair:config:<key>` and as `args`; the
 * core reads the dynamic provider's names (`alicloud:region`, `alicloud:assumeRole`, …,
 * `alicloud-keypair:detachTimeoutSeconds`). This maps one onto the other, so every identity setting — and every
 * refusal — is the same in both.
 */

/** The config getter `settingsFromConfig` takes. */
export interface ConfigGetter {
  get(key: string): string | undefined;
}

/** The plugin's config keys: the part after `alicloud-keypair:` of every key the core reads. */
export const CONFIG_KEYS = [
  'region',
  'accessKey',
  'secretKey',
  'securityToken',
  'profile',
  'sharedCredentialsFile',
  'ecsRoleName',
  'stsEndpoint',
  'assumeRole',
  'assumeRoleWithOidc',
  'retryDeadlineSeconds',
  'detachTimeoutSeconds',
  // Refused like the dynamic provider's alicloud:* equivalents (see provider/identity.ts): set, they fail configure.
  'credentialsUri',
  'endpoints',
  'ecsEndpoint',
  'accountType',
  'protocol',
] as const;

/**
 * A getter over the plugin's config: `alicloud:X` and `alicloud-keypair:X` both read the plugin's `X`. Structured
 * values (assumeRole) come as JSON text, as the dynamic provider receives them.
 */
export function configGetter(variables: ReadonlyMap<string, string>, args: Record<string, unknown> | undefined): ConfigGetter {
  return {
    get(key: string): string | undefined {
      const name = key.replace(/^alicloud(-keypair)?:/, '');
      const variable = variables.get(`alicloud-keypair:config:${name}`) ?? variables.get(`alicloud-keypair:${name}`);
      if (variable !== undefined) return variable;
      const arg = args?.[name];
      if (arg === undefined || arg === null) return undefined;
      return typeof arg === 'string' ? arg : JSON.stringify(arg);
    },
  };
}
