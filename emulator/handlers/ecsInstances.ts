/**
 * ECS 2014-05-26 actions on instances that key-pair clients call: DescribeInstances (the key pairs data source of
 * Alibaba's Terraform provider lists a key pair's instances with it), AttachKeyPair and DetachKeyPair. Only what
 * key pairs need: instances exist in the emulator's state (see instances.ts), nothing runs.
 */
import { errors } from '../errors';
import { bind, unbind } from '../instances';
import { EcsKeyPairRecord, InstanceRecord } from '../store';
import { Handler, HandlerContext, required } from './context';

/** AttachKeyPair and DetachKeyPair take at most 50 instance ids; DescribeInstances 100. */
const MAX_INSTANCES_PER_BIND = 50;
const MAX_INSTANCES_PER_DESCRIBE = 100;

function regionId(context: HandlerContext): string {
  const id = required(context.params, 'RegionId');
  if (!context.settings.regions.has(id)) throw errors.invalidRegionId();
  return id;
}

/** `InstanceIds`: a JSON array of ids, as these actions document it. */
function instanceIds(text: string, max: number): string[] {
  let ids: unknown;
  try {
    ids = JSON.parse(text);
  } catch {
    throw errors.invalidInstanceIds();
  }
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > max || !ids.every((id) => typeof id === 'string')) {
    throw errors.invalidInstanceIds();
  }
  return [...new Set(ids as string[])];
}

function keyPair(context: HandlerContext, region: string): EcsKeyPairRecord {
  const name = required(context.params, 'KeyPairName');
  const found = context.store.ecs.get(region)?.get(name);
  if (!found) throw errors.keyPairNotFound();
  return found;
}

/** One instance's outcome, in the per-instance shape both actions answer with (every field text, as documented). */
interface InstanceResult {
  InstanceId: string;
  Success: 'true' | 'false';
  Code: string;
  Message: string;
}

const succeeded = (id: string): InstanceResult => ({ InstanceId: id, Success: 'true', Code: '200', Message: 'successful' });
const failed = (id: string, code: string, message: string): InstanceResult => ({
  InstanceId: id,
  Success: 'false',
  Code: code,
  Message: message,
});

/** The instance of this region, or the per-instance failure that says it is not there. */
function instanceIn(context: HandlerContext, region: string, id: string): InstanceRecord | InstanceResult {
  const instance = context.store.instances.get(id);
  if (!instance || instance.service !== 'ecs' || instance.regionId !== region) {
    return failed(id, 'InvalidInstanceId.NotFound', 'The specified InstanceId does not exist.');
  }
  return instance;
}

/**
 * AttachKeyPair and DetachKeyPair alike: the key pair of the region (or the request fails), then each named instance
 * on its own — HTTP 200, and per instance its own result (FailCount says how many failed).
 */
function perInstance(
  context: HandlerContext,
  change: (pair: EcsKeyPairRecord, instance: InstanceRecord) => InstanceResult,
): Record<string, unknown> {
  const region = regionId(context);
  const pair = keyPair(context, region);
  const ids = instanceIds(required(context.params, 'InstanceIds'), MAX_INSTANCES_PER_BIND);
  const results = ids.map((id) => {
    const instance = instanceIn(context, region, id);
    return 'instanceId' in instance ? change(pair, instance) : instance;
  });
  return {
    KeyPairName: pair.keyPairName,
    TotalCount: String(results.length),
    FailCount: String(results.filter((r) => r.Success === 'false').length),
    Results: { Result: results },
  };
}

const attachKeyPair: Handler = (context) =>
  perInstance(context, (pair, instance) => {
    if (instance.osType === 'windows') {
      return failed(
        instance.instanceId,
        'DependencyViolation.WindowsInstance',
        'The instance creating this window, cannot use ssh key pair to login.',
      );
    }
    // An instance holds one key pair: another one bound before is replaced.
    bind(context.store, pair, instance);
    return succeeded(instance.instanceId);
  });

const detachKeyPair: Handler = (context) =>
  perInstance(context, (pair, instance) => {
    // Detaching a key pair that is not bound changes nothing: a retried detach succeeds.
    unbind(pair, instance.instanceId);
    return succeeded(instance.instanceId);
  });

const describeInstances: Handler = (context) => {
  const region = regionId(context);
  const p = context.params;
  const pageNumber = p.PageNumber === undefined ? 1 : Number(p.PageNumber);
  const pageSize = Number(p.MaxResults ?? p.PageSize ?? 10);
  if (!Number.isInteger(pageNumber) || pageNumber < 1) throw errors.invalidParameter('PageNumber');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_INSTANCES_PER_DESCRIBE) throw errors.invalidParameter('PageSize');
  // NextToken (with MaxResults) is where the next page starts; PageNumber/PageSize the older way to page.
  const start = p.NextToken ? Number(p.NextToken) : (pageNumber - 1) * pageSize;
  if (!Number.isInteger(start) || start < 0) throw errors.invalidParameter('NextToken');
  const wantedIds = p.InstanceIds ? new Set(instanceIds(p.InstanceIds, MAX_INSTANCES_PER_DESCRIBE)) : undefined;
  const matching = [...context.store.instances.values()]
    .filter((i) => i.service === 'ecs' && i.regionId === region)
    .filter((i) => !wantedIds || wantedIds.has(i.instanceId))
    .filter((i) => !p.InstanceName || i.instanceName === p.InstanceName)
    .filter((i) => !p.Status || i.status === p.Status)
    .map((i) => ({ instance: i, keyPairName: context.store.boundKeyPair(i)?.keyPairName ?? '' }))
    .filter(({ keyPairName }) => !p.KeyPairName || keyPairName === p.KeyPairName)
    .sort((a, b) => a.instance.instanceId.localeCompare(b.instance.instanceId));
  const page = matching.slice(start, start + pageSize);
  const next = start + pageSize < matching.length ? String(start + pageSize) : '';
  return {
    TotalCount: matching.length,
    PageNumber: pageNumber,
    PageSize: pageSize,
    NextToken: next,
    Instances: {
      Instance: page.map(({ instance, keyPairName }) => ({
        InstanceId: instance.instanceId,
        InstanceName: instance.instanceName,
        HostName: instance.instanceName,
        RegionId: instance.regionId,
        ZoneId: `${instance.regionId}-a`,
        Status: instance.status,
        OSType: instance.osType,
        InstanceType: 'ecs.g7.large',
        CreationTime: instance.creationTime,
        KeyPairName: keyPairName,
      })),
    },
  };
};

export const ecsInstanceHandlers: Readonly<Record<string, Handler>> = {
  DescribeInstances: describeInstances,
  AttachKeyPair: attachKeyPair,
  DetachKeyPair: detachKeyPair,
};

/** The ones that change state. */
export const ECS_INSTANCE_WRITE_ACTIONS: readonly string[] = ['AttachKeyPair', 'DetachKeyPair'];
