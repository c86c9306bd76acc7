/**
 * Resource options Pulumi would silently drop for a dynamic resource, refused instead.
 *
 * An `alicloud` provider passed as `provider`, in `providers`, or handed down by a parent component is ignored by
 * Pulumi for dynamic resources (their package is `pulumi-nodejs`), so the key pair would be created with the stack's
 * default account and region — not where the program says. The constructor throws instead, naming what to use.
 */
import * as pulumi from '@pulumi/pulumi';

function packageOf(provider: unknown): string | undefined {
  const candidate = provider as { getPackage?: () => string } | undefined;
  return typeof candidate?.getPackage === 'function' ? candidate.getPackage() : undefined;
}

function providersIn(value: unknown): unknown[] {
  if (!value) return [];
  return Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
}

/** Where an alicloud provider reaches this resource from, or undefined. */
export function alicloudProviderSource(opts: pulumi.CustomResourceOptions | undefined): string | undefined {
  if (!opts) return undefined;
  if (packageOf(opts.provider) === 'alicloud') return 'the `provider` option';
  if (providersIn((opts as { providers?: unknown }).providers).some((p) => packageOf(p) === 'alicloud')) return 'the `providers` option';
  // A component's `providers` are kept on it (internal field of @pulumi/pulumi's Resource) and handed to children.
  const inherited = (opts.parent as unknown as { __providers?: Record<string, unknown> } | undefined)?.__providers;
  if (providersIn(inherited).some((p) => packageOf(p) === 'alicloud')) return "the parent's `providers`";
  return undefined;
}

/** Throws when an alicloud provider would be ignored for this resource. */
export function refuseAlicloudProvider(typeName: string, name: string, opts: pulumi.CustomResourceOptions | undefined): void {
  const source = alicloudProviderSource(opts);
  if (!source) return;
  // A RunError is a user error to Pulumi: the CLI prints its message alone, without a Node stack trace.
  throw new pulumi.RunError(
    `${typeName} "${name}": an alicloud provider comes in through ${source}, but Pulumi ignores it for this resource ` +
      "(a dynamic provider's resources run with the stack's default account and region), so the key pair would land " +
      'elsewhere than the rest of your stack. Set the account and region on the resource instead: `region`, ' +
      '`assumeRole: { roleArn }` or `profile` (and leave the alicloud provider to the alicloud resources).',
  );
}
