import * as pulumi from '@pulumi/pulumi';
import { nearest } from '../provider/nearest';
import { clean } from '../provider/state';
import type { AccountSelection } from './accountSelection';
import { parentTypes, stackInstance } from './stackInstance';

/** What `KeyPairArgs` and `EnsKeyPairArgs` have in common (named here, so this module needs neither class). */
type CommonArgs = AccountSelection & {
  publicKey: pulumi.Input<string>;
  keyPairName?: pulumi.Input<string>;
  adoptExisting?: pulumi.Input<boolean>;
  keyPairNamePrefix?: pulumi.Input<string>;
};

/**
 * The inputs `KeyPair` and `EnsKeyPair` register alike. Those that are not also outputs go only when given:
 * Pulumi's runtime captures a stack trace for every property of every resource, so an undefined one still costs.
 */
export function sharedInputs(name: string, args: CommonArgs, parent?: pulumi.Resource): Record<string, unknown> {
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

/**
 * A JavaScript program can pass any key: one that is not an input (`publickey`, `regoin`) would be dropped without
 * a word, so it is refused, naming the nearest input.
 */
export function refuseUnknownInputs(typeName: string, name: string, args: object, inputs: readonly string[]): void {
  const unknown = Object.keys(args ?? {}).filter((key) => !inputs.includes(key));
  if (unknown.length === 0) return;
  const described = unknown.map((key) => {
    const meant = nearest(key, inputs, 3);
    return meant ? `"${key}" (did you mean "${meant}"?)` : `"${key}"`;
  });
  throw new pulumi.RunError(
    `${typeName} "${name}": ${described.join(', ')} ${unknown.length === 1 ? 'is not an input' : 'are not inputs'} of ${typeName}; its inputs are ${inputs.join(', ')}`,
  );
}
