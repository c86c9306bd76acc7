/**
 * The ECS provider as a module of its own, whose exports object *is* the provider. The resource class passes
 * this module as the dynamic provider so that, in an installed package, Pulumi's serializer stores just
 * `require("pulumi-alicloud-keypair/dist/sdk/ecsProvider.js")` in `__provider` instead of a copy of the code.
 */
import { providerShim } from './providerShim';

export = providerShim('ecs');
