import * as pulumi from '@pulumi/pulumi';
import { clean } from '../provider/state';
import type { EnsKeyPairArgs } from './ensKeyPair';
import type { KeyPairArgs } from './keyPair';
import { parentTypes, stackInstance } from './stackInstance';

/**
 * The inputs `KeyPair` and `EnsKeyPair` register alike. Those that are not also outputs go only when given:
 * Pulumi's runtime captures a stack trace for every property of every resource, so an undefined one still costs.
 */
export function sharedInputs(name: string, args: KeyPairArgs | EnsKeyPairArgs, parent?: pulumi.Resource): Record<string, unknown> {
  return {
    publicKey: args.publicKey,
    keyPairName: args.keyPairName,
    ...clean({
      adoptExisting: args.adoptExisting,
      keyPairNamePrefix: args.keyPairNamePrefix,
      assumeRole: args.assumeRole,
      profile: args.profile,
    }),
    __autoName: {
      resourceName: name,
      scope: `${pulumi.getProject()}/${pulumi.getStack()}`,
      ...clean({ instance: stackInstance() || undefined, parents: parent ? parentTypes(parent) : undefined }),
    },
  };
}
