/**
 * The object Pulumi serializes into every resource's `__provider` input (stored twice per resource in the state).
 *
 * Every method `require`s the real provider from the installed package on the provider host, at call time, and
 * captures nothing but the service name. So the state holds no credentials, no config and no provider code, and
 * `delete`/`refresh` of old resources run the installed version of the provider. In an installed package the
 * serializer stores only a `require` of ecsProvider/ensProvider (see there); run from sources it copies these
 * functions, so keep them free of references to anything else in this module.
 * The fallback `require` of ./dist/provider serves the one project without the package in node_modules: a clone
 * of this repository running its own examples.
 */
import type * as pulumi from '@pulumi/pulumi';
import type { Service } from '../provider/serviceFacts';

const METHODS = ['configure', 'check', 'diff', 'create', 'read', 'update', 'delete'] as const;

export function providerShim(service: Service): pulumi.dynamic.ResourceProvider {
  const implementation = function (self: {
    __implementation?: pulumi.dynamic.ResourceProvider;
  }): Required<pulumi.dynamic.ResourceProvider> {
    if (!self.__implementation) {
      let providerModule;
      try {
        // require, not import: this function is serialized into the state and runs later on the provider host.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        providerModule = require('pulumi-alicloud-keypair/provider');
      } catch (installed) {
        try {
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          providerModule = require(require('path').resolve('dist/provider'));
        } catch {
          throw new Error('pulumi-alicloud-keypair is not installed here: ' + (installed as Error).message.split('\n')[0]);
        }
      }
      self.__implementation = providerModule.createKeyPairProvider(service);
    }
    return self.__implementation as Required<pulumi.dynamic.ResourceProvider>;
  };
  const shim: Record<string, unknown> = {};
  for (const method of METHODS) {
    // The host calls provider.check(…), so `this` is the shim: the implementation is cached on it.
    shim[method] = function (this: object, ...args: unknown[]) {
      const provider = implementation(this);
      return (provider[method] as (...a: unknown[]) => unknown).apply(provider, args);
    };
  }
  return shim as unknown as pulumi.dynamic.ResourceProvider;
}
