/**
 * The ECS provider as a module of its own. The resource class passes this module's exports object as the dynamic
 * provider, so that, in an installed package, Pulumi's serializer stores just `require("pulumi-alicloud-keypair/…")`
 * in `__provider` instead of a copy of the code (see providerShim.ts).
 */
import { providerShim } from './providerShim';

const shim = providerShim('ecs');

export const configure = shim.configure;
export const check = shim.check;
export const diff = shim.diff;
export const create = shim.create;
export const read = shim.read;
export const update = shim.update;
export const del = shim.delete;
export { del as delete };
