import * as pulumi from '@pulumi/pulumi';
import { clean } from '../provider/state';
import type { EnsKeyPairArgs } from './ensKeyPair';
import type { KeyPairArgs } from './keyPair';

/**
 * The inputs `KeyPair` and `EnsKeyPair` register alike. Those that are not also outputs go only when given:
 * Pulumi's runtime captures a stack trace for every property of every resource, so an undefined one still costs.
 */
export function sharedInputs(name: string, args: KeyPairArgs | EnsKeyPairArgs): Record<string, unknown> {
  return {
    publicKey: args.publicKey,
    keyPairName: args.keyPairName,
    ...clean({
      adoptExisting: args.adoptExisting,
      keyPairNamePrefix: args.keyPairNamePrefix,
      assumeRole: args.assumeRole,
      profile: args.profile,
    }),
    __autoName: { resourceName: name, scope: `${pulumi.getProject()}/${pulumi.getStack()}` },
  };
}
