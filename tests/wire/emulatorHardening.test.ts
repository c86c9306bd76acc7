/**
 * The emulator against a careless or hostile client: OIDC roles honour their trust, thousands of STS sessions do not
 * slow down signature checks, the request log cannot be forged, `--state` cannot be redirected, a state file with
 * malformed tags is refused as documented, and a release delay beyond what a timer can hold is refused.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Emulator, startEmulator, StateFileError } from '../../emulator';
import { ApiError, RpcClient, StsApi } from '../../provider/alibaba';

const BASE = { accessKeyId: 'hardening-id', accessKeySecret: 'hardening-secret' };
const TARGET = '2000000000000002';

function sts(url: string, credential?: { accessKeyId: string; accessKeySecret: string; securityToken?: string }): StsApi {
  return new StsApi(
    new RpcClient({
      endpoint: new URL(url),
      version: '2015-04-01',
      credentials: credential ? async () => ({ ...credential, source: 'test' }) : undefined,
      deadlineMs: 5_000,
    }),
  );
}

describe('emulator hardening', () => {
  let emulator: Emulator;
  const logged: string[] = [];
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardening-'));
    emulator = await startEmulator({
      credentials: [BASE],
      log: (line) => logged.push(line),
      accounts: [
        {
          accountId: TARGET,
          roles: [{ name: 'ci' }, { name: 'nobody', trustedAccounts: [] }, { name: 'other-provider', trustedOidcProviders: ['gitlab'] }],
          oidcProviders: [{ name: 'github' }, { name: 'gitlab' }],
        },
      ],
    });
  });
  after(async () => {
    await emulator.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const oidc = (role: string, provider = 'github') =>
    sts(emulator.url).assumeRoleWithOidc({
      roleArn: `acs:ram::${TARGET}:role/${role}`,
      oidcProviderArn: `acs:ram::${TARGET}:oidc-provider/${provider}`,
      oidcToken: 'a-token',
      roleSessionName: 'ci-run',
    });

  it("AssumeRoleWithOIDC honours the role's trust: a role that trusts nobody, or another provider, issues nothing", async () => {
    assert.match((await oidc('ci')).accessKeyId, /^STS\./);
    for (const [role, provider] of [
      ['nobody', 'github'],
      ['other-provider', 'github'],
    ]) {
      const error = await oidc(role, provider).catch((e) => e);
      assert.ok(error instanceof ApiError, String(error));
      assert.deepEqual([error.httpStatus, error.code], [403, 'NoPermission'], `${role} via ${provider}`);
    }
    assert.match((await oidc('other-provider', 'gitlab')).accessKeyId, /^STS\./);
  });

  it('20,000 issued STS sessions: a request signed with the newest is still verified (found by key, not by scanning)', async () => {
    const account = emulator.accounts.get(TARGET)!;
    const role = account.role('ci')!;
    const expires = Date.now() + 3_600_000;
    for (let i = 0; i < 20_000; i++) emulator.accounts.issueSession(account, role, `s${i}`, expires);
    const issued = await oidc('ci');
    assert.equal(emulator.accounts.credential(issued.accessKeyId)?.accessKeySecret, issued.accessKeySecret);
    const caller = await sts(emulator.url, issued).getCallerIdentity();
    assert.equal(caller.accountId, TARGET);
  });

  it('an unsigned request cannot forge a log line or send terminal escapes through the request log', async () => {
    logged.length = 0;
    const forged = 'X\n2026-01-01T00:00:00.000Z ecs DeleteKeyPairs cn-hangzhou 200 -\u001b[2J';
    await fetch(`${emulator.url}/?Action=${encodeURIComponent(forged)}&Version=2014-05-26&RegionId=${encodeURIComponent('r\r\n')}`);
    assert.equal(logged.length, 1);
    assert.equal(logged[0].includes('\n'), false);
    assert.equal(logged[0].includes('\u001b'), false);
    assert.match(logged[0], /X\\x0a2026-01-01T00:00:00\.000Z\\x20ecs\\x20DeleteKeyPairs/);
    assert.match(logged[0], / r\\x0d\\x0a /);
  });

  it('--state writes through an unguessable temporary file and never follows a symlink planted beside it', async () => {
    const stateFile = path.join(dir, 'state.json');
    const victim = path.join(dir, 'victim.txt');
    fs.writeFileSync(victim, 'do not touch');
    // Where the old, predictable temporary name was: a symlink to another file.
    fs.symlinkSync(victim, path.join(dir, `.state.json.${process.pid}.tmp`));
    const withState = await startEmulator({ credentials: [BASE], stateFile });
    try {
      withState.saveState();
      withState.saveState();
    } finally {
      await withState.close();
    }
    assert.equal(fs.readFileSync(victim, 'utf8'), 'do not touch');
    assert.equal(JSON.parse(fs.readFileSync(stateFile, 'utf8')).format, 'alicloud-keypair-emulator-state/1', 'the state was written');
    assert.deepEqual(
      fs.readdirSync(dir).filter((name) => name.endsWith('.tmp') && !name.includes(String(process.pid))),
      [],
      'no temporary file is left behind',
    );
  });

  it('a state file whose tags are not [key, value] pairs of text is refused as documented, not with a JavaScript error', async () => {
    const stateFile = path.join(dir, 'bad-tags.json');
    const record = {
      region: 'cn-hangzhou',
      keyPairName: 'k',
      fingerprint: '0'.repeat(32),
      publicKey: 'ssh-rsa AAAA',
      creationTime: '2026-01-01T00:00Z',
      resourceGroupId: 'rg-1',
      tags: [['env', 1], 'junk'],
      attachedInstances: [],
    };
    fs.writeFileSync(stateFile, JSON.stringify({ format: 'alicloud-keypair-emulator-state/1', ecs: [record], ens: [], ensSequence: 0 }));
    await assert.rejects(startEmulator({ credentials: [BASE], stateFile }), (error: Error) => {
      assert.ok(error instanceof StateFileError, String(error));
      assert.match(
        error.message,
        /is not an emulator state \(an ECS key pair has tags that are not \[key, value\] pairs of text\); it was left as it is/,
      );
      return true;
    });
  });

  it('a release delay beyond what a timer can hold (2^31 ms) is refused, not applied at once', async () => {
    emulator.store.ecsRegion('cn-hangzhou').set('bound', {
      keyPairName: 'bound',
      fingerprint: '0'.repeat(32),
      publicKey: 'ssh-rsa AAAA',
      creationTime: '2026-01-01T00:00Z',
      resourceGroupId: 'rg-1',
      tags: new Map(),
      attachedInstances: [],
    });
    const answer = await fetch(`${emulator.url}/__emulator/attach`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ region: 'cn-hangzhou', keyPairName: 'bound', releaseAfterMs: 2 ** 31 }),
    });
    assert.equal(answer.status, 400);
    assert.match(((await answer.json()) as { error: string }).error, /releaseAfterMs must be from 0 to 2147483647/);
    assert.deepEqual(emulator.store.ecsRegion('cn-hangzhou').get('bound')!.attachedInstances, []);
  });

  it('CreateKeyPair answers an id of its own; STS errors link to STS; a dropped connection is in the printed log', async () => {
    const ecs = new RpcClient({
      endpoint: new URL(emulator.url),
      version: '2014-05-26',
      credentials: async () => ({ ...BASE, source: 'test' }),
      deadlineMs: 5_000,
    });
    const created = await ecs.call<Record<string, string>>('CreateKeyPair', { RegionId: 'cn-hangzhou', KeyPairName: 'made-here' });
    assert.match(created.KeyPairId, /^kp-[0-9a-f]{20}$/);
    const refused = await sts(emulator.url, BASE)
      .assumeRole({ roleArn: `acs:ram::${TARGET}:role/nobody`, roleSessionName: 'x1' })
      .catch((e) => e);
    assert.ok(refused instanceof ApiError);
    assert.match(refused.recommend ?? '', /[?&]product=Sts&/);
    logged.length = 0;
    emulator.scriptFaults('DescribeKeyPairs', ['drop']);
    await ecs.call('DescribeKeyPairs', { RegionId: 'cn-hangzhou' });
    assert.match(logged[0], / ecs DescribeKeyPairs cn-hangzhou 0 dropped$/);
  });
});
