/**
 * Runs resource constructors under `pulumi.runtime.setMocks` and returns what the engine would receive for each:
 * the type token and the inputs, including `__provider` as produced by Pulumi's real closure serializer.
 */
import * as pulumi from '@pulumi/pulumi';

export interface RegisteredResource {
  type: string;
  name: string;
  /** What the engine passes to Check as `news`. */
  inputs: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function registeredResources(
  program: () => pulumi.Resource[],
  options: { project?: string; stack?: string; preview?: boolean } = {},
): Promise<RegisteredResource[]> {
  const registered: RegisteredResource[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    options.project ?? 'keypair-test',
    options.stack ?? 'test',
    options.preview ?? false,
  );
  const resources = program();
  await Promise.all(resources.map((r) => new Promise((resolve) => r.urn.apply(resolve))));
  // Give the mock monitor a turn to finish registering everything.
  await new Promise((resolve) => setImmediate(resolve));
  return registered;
}
