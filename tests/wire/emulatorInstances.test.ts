/**
 * The calls peers make around key pairs (ECS DescribeInstances, AttachKeyPair, DetachKeyPair; ENS CreateKeyPair), the
 * instances they need, and the control API that makes them — driven by Alibaba's own V1 client, `@alicloud/pop-core`.
 */
import { strict as assert } from 'assert';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import sshpk from 'sshpk';
import { Emulator } from '../../emulator';
import { startEmulator } from '../support/emulatorUnderTest';
import { key } from '../support/fixtures';
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
const { RPCClient } = require('@alicloud/pop-core');

const CREDENTIAL = { accessKeyId: 'instances-test-id', accessKeySecret: 'instances-test-secret' };

function client(emulator: Emulator, apiVersion = '2014-05-26'): any {
  return new RPCClient({ ...CREDENTIAL, endpoint: emulator.url, apiVersion, opts: { timeout: 5_000 } });
}

async function call(emulator: Emulator, action: string, params: Record<string, unknown>, apiVersion?: string): Promise<any> {
  return client(emulator, apiVersion).request(action, params, { method: 'POST' });
}

/** The code pop-core threw and the HTTP status the emulator answered with (pop-core keeps only the code). */
async function wireError(promise: Promise<unknown>, emulator?: Emulator): Promise<[string, number]> {
  try {
    await promise;
  } catch (error: any) {
    return [error.code, current(emulator).requests.at(-1)!.status];
  }
  assert.fail('the call succeeded but should have failed');
}

async function control(emulator: Emulator, route: string, body: unknown): Promise<{ status: number; value: any }> {
  const response = await fetch(`${emulator.url}/__emulator/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, value: await response.json() };
}

const importKey = (emulator: Emulator, name: string, file = 'rsa2048.pub') =>
  call(emulator, 'ImportKeyPair', { RegionId: 'cn-hangzhou', KeyPairName: name, PublicKeyBody: key(file).trim() });

let running: Emulator | undefined;
const current = (emulator?: Emulator) => emulator ?? running!;

describe('emulator: instances, AttachKeyPair, DetachKeyPair, DescribeInstances, ENS CreateKeyPair', function () {
  this.timeout(20_000);
  let emulator: Emulator;
  beforeEach(async () => (running = emulator = await startEmulator({ credentials: [CREDENTIAL] })));
  afterEach(async () => emulator.close());

  it('AttachKeyPair binds per instance (unknown and Windows instances fail alone); delete is refused until DetachKeyPair', async () => {
    await importKey(emulator, 'deploy-key');
    await control(emulator, 'instances', { instanceIds: ['i-web1', 'i-web2'] });
    await control(emulator, 'instances', { instanceIds: ['i-win1'], osType: 'windows' });
    const attached = await call(emulator, 'AttachKeyPair', {
      RegionId: 'cn-hangzhou',
      KeyPairName: 'deploy-key',
      InstanceIds: JSON.stringify(['i-web1', 'i-web2', 'i-missing', 'i-win1']),
    });
    delete attached.RequestId;
    // pop-core answers with null-prototype objects: compare the plain JSON.
    // Every count and field is text, as ECS documents them (the Go SDK's structs are strings).
    assert.deepEqual(JSON.parse(JSON.stringify(attached)), {
      KeyPairName: 'deploy-key',
      TotalCount: '4',
      FailCount: '2',
      Results: {
        Result: [
          { InstanceId: 'i-web1', Success: 'true', Code: '200', Message: 'successful' },
          { InstanceId: 'i-web2', Success: 'true', Code: '200', Message: 'successful' },
          {
            InstanceId: 'i-missing',
            Success: 'false',
            Code: 'InvalidInstanceId.NotFound',
            Message: 'The specified InstanceId does not exist.',
          },
          {
            InstanceId: 'i-win1',
            Success: 'false',
            Code: 'DependencyViolation.WindowsInstance',
            Message: 'The instance creating this window, cannot use ssh key pair to login.',
          },
        ],
      },
    });
    assert.deepEqual(emulator.snapshot()[0].attachedInstances, ['i-web1', 'i-web2']);
    const deleteAll = () => call(emulator, 'DeleteKeyPairs', { RegionId: 'cn-hangzhou', KeyPairNames: '["deploy-key"]' });
    assert.deepEqual(await wireError(deleteAll()), ['InvalidParameter.KeypairAlreadyAttachedInstance', 400]);
    const detached = await call(emulator, 'DetachKeyPair', {
      RegionId: 'cn-hangzhou',
      KeyPairName: 'deploy-key',
      InstanceIds: '["i-web1","i-web2"]',
    });
    assert.deepEqual([detached.TotalCount, detached.FailCount], ['2', '0']);
    // A retried detach changes nothing and succeeds.
    const again = await call(emulator, 'DetachKeyPair', { RegionId: 'cn-hangzhou', KeyPairName: 'deploy-key', InstanceIds: '["i-web1"]' });
    assert.equal(again.FailCount, '0');
    await deleteAll();
    assert.deepEqual(emulator.snapshot(), []);
  });

  it('an instance holds one key pair: attaching another replaces it, and DescribeInstances shows which', async () => {
    await importKey(emulator, 'old-key');
    await importKey(emulator, 'new-key', 'ecdsa256.pub');
    await control(emulator, 'instances', { instanceIds: ['i-app1'], keyPairName: 'old-key' });
    await call(emulator, 'AttachKeyPair', { RegionId: 'cn-hangzhou', KeyPairName: 'new-key', InstanceIds: '["i-app1"]' });
    const described = await call(emulator, 'DescribeInstances', { RegionId: 'cn-hangzhou', InstanceIds: '["i-app1"]' });
    assert.deepEqual(
      described.Instances.Instance.map((i: any) => [i.InstanceId, i.KeyPairName, i.Status, i.RegionId]),
      [['i-app1', 'new-key', 'Running', 'cn-hangzhou']],
    );
    // The old key pair is free again: it can be deleted.
    await call(emulator, 'DeleteKeyPairs', { RegionId: 'cn-hangzhou', KeyPairNames: '["old-key"]' });
  });

  it('DescribeInstances filters by KeyPairName and region, and pages by PageNumber or NextToken', async () => {
    await importKey(emulator, 'deploy-key');
    await control(emulator, 'instances', { instanceIds: ['i-a', 'i-b', 'i-c'], keyPairName: 'deploy-key' });
    await control(emulator, 'instances', { instanceIds: ['i-free'] });
    await control(emulator, 'instances', { instanceIds: ['i-beijing'], region: 'cn-beijing' });
    const describe = (params: Record<string, unknown>) => call(emulator, 'DescribeInstances', { RegionId: 'cn-hangzhou', ...params });
    const ids = (answer: any) => answer.Instances.Instance.map((i: any) => i.InstanceId);
    assert.deepEqual(ids(await describe({ KeyPairName: 'deploy-key' })), ['i-a', 'i-b', 'i-c']);
    assert.deepEqual(ids(await describe({})), ['i-a', 'i-b', 'i-c', 'i-free']);
    const second = await describe({ KeyPairName: 'deploy-key', PageSize: 2, PageNumber: 2 });
    assert.deepEqual([ids(second), second.TotalCount, second.PageNumber], [['i-c'], 3, 2]);
    const first = await describe({ KeyPairName: 'deploy-key', MaxResults: 2 });
    assert.deepEqual([ids(first), first.NextToken], [['i-a', 'i-b'], '2']);
    const rest = await describe({ KeyPairName: 'deploy-key', MaxResults: 2, NextToken: first.NextToken });
    assert.deepEqual([ids(rest), rest.NextToken], [['i-c'], '']);
  });

  it('documented errors: an unknown key pair, malformed or too many InstanceIds, an unknown region', async () => {
    await importKey(emulator, 'deploy-key');
    const attach = (params: Record<string, unknown>) => call(emulator, 'AttachKeyPair', { RegionId: 'cn-hangzhou', ...params });
    assert.deepEqual(await wireError(attach({ KeyPairName: 'nope', InstanceIds: '["i-1"]' })), ['InvalidKeyPairName.NotFound', 404]);
    assert.deepEqual(await wireError(attach({ KeyPairName: 'deploy-key', InstanceIds: 'i-1' })), [
      'InvalidInstanceIds.ValueNotSupported',
      400,
    ]);
    const tooMany = JSON.stringify(Array.from({ length: 51 }, (_, i) => `i-${i}`));
    assert.deepEqual(await wireError(attach({ KeyPairName: 'deploy-key', InstanceIds: tooMany })), [
      'InvalidInstanceIds.ValueNotSupported',
      400,
    ]);
    assert.deepEqual(await wireError(attach({ KeyPairName: 'deploy-key' })), ['MissingParameter', 400]);
    assert.deepEqual(await wireError(call(emulator, 'DescribeInstances', { RegionId: 'mars-1' })), ['InvalidRegionId.NotFound', 404]);
  });

  it('the control API: instances listed with their key pair, released (the binding goes), bad requests named', async () => {
    await importKey(emulator, 'deploy-key');
    const made = await control(emulator, 'instances', { keyPairName: 'deploy-key', instanceName: 'web' });
    assert.equal(made.status, 200);
    assert.match(made.value[0].instanceId, /^i-[0-9a-f]{20}$/);
    assert.deepEqual([made.value[0].instanceName, made.value[0].keyPairName], ['web', 'deploy-key']);
    const listed = await (await fetch(`${emulator.url}/__emulator/instances`)).json();
    assert.deepEqual(listed, made.value);
    const released = await control(emulator, 'instances/release', { instanceId: made.value[0].instanceId });
    assert.deepEqual([released.status, released.value], [200, []]);
    assert.deepEqual(emulator.snapshot()[0].attachedInstances, []);
    assert.deepEqual(await control(emulator, 'instances', { keyPairName: 'nope' }), {
      status: 400,
      value: { error: 'instances: no ECS key pair "nope" in cn-hangzhou' },
    });
    assert.deepEqual(await control(emulator, 'instances', { instanceIds: ['web-1'] }), {
      status: 400,
      value: { error: 'instances: instanceIds must be a list of 1 to 100 instance ids (i-…)' },
    });
    assert.deepEqual(await control(emulator, 'instances/release', { instanceId: 'i-gone' }), {
      status: 400,
      value: { error: 'release: no instance i-gone' },
    });
  });

  it('instances and their bindings survive a restart with a state file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emulator-instances-'));
    const stateFile = path.join(dir, 'state.json');
    try {
      const first = await startEmulator({ credentials: [CREDENTIAL], stateFile });
      await importKey(first, 'deploy-key');
      await control(first, 'instances', { instanceIds: ['i-kept'], keyPairName: 'deploy-key', status: 'Stopped' });
      await first.close();
      const second = await startEmulator({ credentials: [CREDENTIAL], stateFile });
      try {
        const described = await call(second, 'DescribeInstances', { RegionId: 'cn-hangzhou' });
        assert.deepEqual(
          described.Instances.Instance.map((i: any) => [i.InstanceId, i.KeyPairName, i.Status]),
          [['i-kept', 'deploy-key', 'Stopped']],
        );
        const refused = await wireError(
          call(second, 'DeleteKeyPairs', { RegionId: 'cn-hangzhou', KeyPairNames: '["deploy-key"]' }),
          second,
        );
        assert.deepEqual(refused, ['InvalidParameter.KeypairAlreadyAttachedInstance', 400]);
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ENS CreateKeyPair returns an ssh-… id and a private key whose public half has the reported fingerprint', async () => {
    const created = await call(emulator, 'CreateKeyPair', { KeyPairName: 'edge-made' }, '2017-11-10');
    assert.match(created.KeyPairId, /^ssh-[0-9a-f]+$/);
    const publicKey = sshpk.parsePrivateKey(created.PrivateKeyBody, 'pem').toPublic();
    const md5 = crypto.createHash('md5').update(publicKey.toBuffer('rfc4253', {})).digest('hex');
    assert.equal(created.KeyPairFingerPrint, md5);
    const described = await call(emulator, 'DescribeKeyPairs', { KeyPairId: created.KeyPairId }, '2017-11-10');
    assert.deepEqual(
      described.KeyPairs.KeyPair.map((k: any) => [k.KeyPairName, k.KeyPairFingerPrint]),
      [['edge-made', md5]],
    );
    const again = await wireError(call(emulator, 'CreateKeyPair', { KeyPairName: 'edge-made' }, '2017-11-10'));
    assert.equal(again[0], 'PubKeyNameExisted');
  });
});
