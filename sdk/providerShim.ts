/**
 * The object Pulumi serializes into every resource's `__provider` input (stored twice per resource in the state).
 *
 * It is deliberately tiny and captures nothing but the service name: every method `require`s the real provider
 * from the installed package on the provider host, at call time. So the state holds no credentials, no config and
 * no copied module code, and `delete`/`refresh` of old resources run the installed version of the provider.
 * Keep these functions free of references to anything else in this module: the serializer would copy it.
 * The fallback `require` of ./dist/provider serves the one project without the package in node_modules: a clone
 * of this repository running its own examples.
 */
import type * as pulumi from '@pulumi/pulumi';

export type ServiceName = 'ecs' | 'ens';

export function providerShim(service: ServiceName): pulumi.dynamic.ResourceProvider {
  const implementation = function (self: { __implementation?: pulumi.dynamic.ResourceProvider }): Required<pulumi.dynamic.ResourceProvider> {
    if (!self.__implementation) {
      let providerModule;
      try {
        providerModule = require('pulumi-alicloud-keypair/provider');
      } catch (installed) {
        try {
          providerModule = require(require('path').resolve('dist/provider'));
        } catch {
          throw new Error('pulumi-alicloud-keypair is not installed here: ' + (installed as Error).message.split('\n')[0]);
        }
      }
      self.__implementation = providerModule.createKeyPairProvider(service);
    }
    return self.__implementation as Required<pulumi.dynamic.ResourceProvider>;
  };
  return {
    configure: function (this: object, req) {
      return implementation(this).configure(req);
    },
    check: function (this: object, olds, news) {
      return implementation(this).check(olds, news);
    },
    diff: function (this: object, id, olds, news) {
      return implementation(this).diff(id, olds, news);
    },
    create: function (this: object, inputs) {
      return implementation(this).create(inputs);
    },
    read: function (this: object, id, props) {
      return implementation(this).read(id, props);
    },
    update: function (this: object, id, olds, news) {
      return implementation(this).update(id, olds, news);
    },
    delete: function (this: object, id, props) {
      return implementation(this).delete(id, props);
    },
  };
}
