/**
 * What names this resource uniquely in the world, for its owner token (see provider/ownership.ts): the stack
 * instance (backend and organization: `project/stack` repeats across backends) and the types of its parents.
 */
import * as pulumi from '@pulumi/pulumi';
import { backendOf } from '../provider/backend';

/** The backend by where it was read from, so a program of many key pairs reads credentials.json once. */
const backends = new Map<string, string>();

/** `backend organization` ('' when neither is known). */
export function stackInstance(env: NodeJS.ProcessEnv = process.env): string {
  const source = `${env.PULUMI_BACKEND_URL ?? ''}\u0000${env.PULUMI_HOME ?? ''}`;
  let backend = backends.get(source);
  if (backend === undefined) backends.set(source, (backend = backendOf(env)));
  let organization = '';
  try {
    organization = pulumi.getOrganization();
  } catch {
    // not given by this engine: the backend still tells stacks apart
  }
  return `${backend} ${organization}`.trim();
}

/** The types of `parent` and its ancestors, outermost first (internal fields of @pulumi/pulumi's Resource). */
export function parentTypes(parent: pulumi.Resource | undefined): string[] {
  const types: string[] = [];
  let current = parent as unknown as { __pulumiType?: string; __parentResource?: unknown } | undefined;
  while (current && types.length < 64) {
    if (typeof current.__pulumiType === 'string' && current.__pulumiType !== 'pulumi:pulumi:Stack') types.unshift(current.__pulumiType);
    current = current.__parentResource as typeof current;
  }
  return types;
}
