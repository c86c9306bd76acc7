/**
 * The resource-provider plugin (`pulumi-resource-alicloud-keypair`): the lifecycle core served over Pulumi's
 * ResourceProvider protocol, for YAML, Python, Go and TypeScript programs and `pulumi import`.
 * @packageDocumentation
 */
export { KeyPairPlugin, servePlugin, RESOURCE_TYPES } from './server';
export { packageSchema } from './schema';
