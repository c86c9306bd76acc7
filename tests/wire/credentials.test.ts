/**
 * The credential chain, one source at a time, with a temporary HOME and a private environment. The CLI-profile and
 * credentials-file sources run the real `@alicloud/credentials` code over files we write; OIDC and the instance
 * role are replaced by injected providers, because the real ones would call STS or the metadata service.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { CredentialChain, CredentialsError, LibrarySourceKind } from '../../provider/alibaba';

const SECRET = 'chain-test-secret-Zq81';

describe('credential chain', () => {
  let home: string;
  const savedEnv = { ...process.env };

  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'alicloud-keypair-home-'));
    // The library reads os.homedir(), which follows HOME; our own part is given the same directory.
    process.env.HOME = home;
  });
  afterEach(() => {
    for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name];
    Object.assign(process.env, savedEnv);
    fs.rmSync(home, { recursive: true, force: true });
  });

  function writeCliConfig(config: object): void {
    fs.mkdirSync(path.join(home, '.aliyun'));
    fs.writeFileSync(path.join(home, '.aliyun', 'config.json'), JSON.stringify(config));
  }

  const cliConfig = {
    current: 'work',
    profiles: [
      { name: 'work', mode: 'AK', access_key_id: 'cli-work-id', access_key_secret: 'cli-work-secret' },
      {
        name: 'temp',
        mode: 'StsToken',
        access_key_id: 'STS.cli-temp-id',
        access_key_secret: 'cli-temp-secret',
        sts_token: 'cli-temp-token',
      },
    ],
  };

  function chain(env: NodeJS.ProcessEnv, extra: Partial<ConstructorParameters<typeof CredentialChain>[0]> = {}): CredentialChain {
    return new CredentialChain({ env: { HOME: home, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true', ...env }, homeDir: home, ...extra });
  }

  it('explicit Pulumi config wins over everything else', async () => {
    writeCliConfig(cliConfig);
    const found = await chain(
      { ALIBABA_CLOUD_ACCESS_KEY_ID: 'env-id', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-secret' },
      { explicit: { accessKey: 'config-id', secretKey: SECRET, securityToken: 'config-token' } },
    ).get();
    assert.deepEqual(found, {
      accessKeyId: 'config-id',
      accessKeySecret: SECRET,
      securityToken: 'config-token',
      source: 'Pulumi config alicloud:accessKey/alicloud:secretKey',
    });
  });

  it('ALIBABA_CLOUD_* environment variables, with the STS token', async () => {
    const found = await chain({
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'env-id',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-secret',
      ALIBABA_CLOUD_SECURITY_TOKEN: 'env-token',
      ALICLOUD_ACCESS_KEY: 'tf-id',
      ALICLOUD_SECRET_KEY: 'tf-secret',
    }).get();
    assert.deepEqual(found, {
      accessKeyId: 'env-id',
      accessKeySecret: 'env-secret',
      securityToken: 'env-token',
      source: 'ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    });
  });

  it('ALICLOUD_* environment variables (the Terraform names)', async () => {
    const found = await chain({
      ALICLOUD_ACCESS_KEY: 'tf-id',
      ALICLOUD_SECRET_KEY: 'tf-secret',
      ALICLOUD_SECURITY_TOKEN: 'tf-token',
    }).get();
    assert.deepEqual(found, {
      accessKeyId: 'tf-id',
      accessKeySecret: 'tf-secret',
      securityToken: 'tf-token',
      source: 'ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY',
    });
  });

  it("a resource's profile: only that profile, even with credentials in the environment", async () => {
    writeCliConfig(cliConfig);
    const found = await chain(
      { ALIBABA_CLOUD_ACCESS_KEY_ID: 'env-id', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-secret' },
      { profileOnly: 'temp' },
    ).get();
    assert.deepEqual(found, {
      accessKeyId: 'STS.cli-temp-id',
      accessKeySecret: 'cli-temp-secret',
      securityToken: 'cli-temp-token',
      source: `aliyun CLI profile "temp" in ${path.join(home, '.aliyun', 'config.json')}`,
    });
    fs.rmSync(path.join(home, '.aliyun'), { recursive: true });
    await assert.rejects(chain({}, { profileOnly: 'temp' }).get(), {
      name: 'CredentialsError',
      message: `the aliyun CLI profile "temp" in ${path.join(home, '.aliyun', 'config.json')} was asked for (the resource's \`profile\`), but ${path.join(home, '.aliyun', 'config.json')} does not exist; run \`aliyun configure --profile temp\``,
    });
  });

  it('alicloud:sharedCredentialsFile: profiles from that file (AK, StsToken); other modes and missing files refused by name', async () => {
    const file = path.join(home, 'team-aliyun.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        current: 'team',
        profiles: [
          { name: 'team', mode: 'AK', access_key_id: 'team-id', access_key_secret: SECRET },
          { name: 'sso', mode: 'CloudSSO' },
        ],
      }),
    );
    const found = await chain({}, { explicit: { sharedCredentialsFile: file } }).get();
    assert.deepEqual(found, {
      accessKeyId: 'team-id',
      accessKeySecret: SECRET,
      securityToken: undefined,
      source: `aliyun CLI profile (current) in ${file} (alicloud:sharedCredentialsFile)`,
    });
    await assert.rejects(chain({}, { explicit: { sharedCredentialsFile: file, profile: 'sso' } }).get(), (error: Error) => {
      assert.match(
        error.message,
        /^profile "sso" in .* has mode CloudSSO, which alicloud:sharedCredentialsFile supports only for AK and StsToken profiles/,
      );
      return !error.message.includes(SECRET);
    });
    await assert.rejects(chain({}, { explicit: { sharedCredentialsFile: path.join(home, 'nope.json') } }).get(), {
      message: `alicloud:sharedCredentialsFile ${path.join(home, 'nope.json')} does not exist; point it at one (\`aliyun configure\` writes ~/.aliyun/config.json)`,
    });
    fs.writeFileSync(file, `{"profiles": [{"access_key_secret": "${SECRET}",}]}`);
    await assert.rejects(chain({}, { explicit: { sharedCredentialsFile: file } }).get(), (error: Error) => {
      assert.match(error.message, /is not a readable JSON aliyun CLI config file/);
      return !error.message.includes(SECRET);
    });
  });

  it('alicloud:ecsRoleName asks the metadata service for that role, and is an error when the metadata service is turned off', async () => {
    const built: Array<[LibrarySourceKind, unknown]> = [];
    const found = await new CredentialChain({
      env: { HOME: home },
      homeDir: home,
      explicit: { ecsRoleName: 'worker-role' },
      makeLibraryProvider: (kind, options) => {
        built.push([kind, options]);
        return { getCredentials: async () => ({ accessKeyId: 'STS.ecs', accessKeySecret: 'ecs-secret', securityToken: 'ecs-token' }) };
      },
    }).get();
    assert.deepEqual(built, [['ecs-ram-role', { roleName: 'worker-role' }]]);
    assert.equal(found.source, 'ECS instance RAM role "worker-role" (alicloud:ecsRoleName)');
    await assert.rejects(chain({}, { explicit: { ecsRoleName: 'worker-role' } }).get(), {
      message:
        'alicloud:ecsRoleName is set, but ALIBABA_CLOUD_ECS_METADATA_DISABLED=true turns the instance metadata service off; unset one of them',
    });
  });

  it('half of a key pair is an error naming the missing half, not a fall-through', async () => {
    writeCliConfig(cliConfig);
    await assert.rejects(chain({ ALIBABA_CLOUD_ACCESS_KEY_ID: 'env-id' }).get(), {
      name: 'CredentialsError',
      message: 'ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not; set both',
    });
    await assert.rejects(chain({}, { explicit: { secretKey: SECRET } }).get(), {
      message: 'alicloud:secretKey is set but alicloud:accessKey is not; set both',
    });
  });

  it('OIDC role for CI comes before the CLI profile', async () => {
    writeCliConfig(cliConfig);
    const built: LibrarySourceKind[] = [];
    const found = await chain(
      {
        ALIBABA_CLOUD_ROLE_ARN: 'acs:ram::1:role/ci',
        ALIBABA_CLOUD_OIDC_PROVIDER_ARN: 'acs:ram::1:oidc-provider/gh',
        ALIBABA_CLOUD_OIDC_TOKEN_FILE: path.join(home, 'token'),
      },
      {
        makeLibraryProvider: (kind) => {
          built.push(kind);
          return {
            getCredentials: async () => ({ accessKeyId: 'STS.oidc-id', accessKeySecret: 'oidc-secret', securityToken: 'oidc-token' }),
          };
        },
      },
    ).get();
    assert.deepEqual(built, ['oidc']);
    assert.equal(found.accessKeyId, 'STS.oidc-id');
    assert.equal(found.securityToken, 'oidc-token');
    assert.match(found.source, /^OIDC role/);
  });

  it('a refused OIDC exchange is an error, redacted, and does not fall through to the CLI profile', async () => {
    writeCliConfig(cliConfig);
    const env = {
      ALIBABA_CLOUD_ROLE_ARN: 'acs:ram::1:role/ci',
      ALIBABA_CLOUD_OIDC_PROVIDER_ARN: 'acs:ram::1:oidc-provider/gh',
      ALIBABA_CLOUD_OIDC_TOKEN_FILE: '/nonexistent',
      ALICLOUD_SECURITY_TOKEN: 'leaky-token-value',
    };
    await assert.rejects(
      chain(env, {
        makeLibraryProvider: () => ({
          getCredentials: async () => Promise.reject(new Error('AssumeRoleWithOIDC refused leaky-token-value')),
        }),
      }).get(),
      (error: unknown) => {
        assert.ok(error instanceof CredentialsError);
        assert.match(
          error.message,
          /^credentials from the OIDC role \(.*\) could not be obtained: it failed \(the details are withheld because they may contain secrets\)\. To fix: check how this source is set up$/,
        );
        assert.doesNotMatch(error.message, /leaky-token-value/);
        return true;
      },
    );
  });

  it('the aliyun CLI profile: the current one (AK mode), read by @alicloud/credentials', async () => {
    writeCliConfig(cliConfig);
    const found = await chain({}).get();
    assert.equal(found.accessKeyId, 'cli-work-id');
    assert.equal(found.accessKeySecret, 'cli-work-secret');
    assert.equal(found.securityToken, undefined);
    assert.equal(found.source, `aliyun CLI profile (current) in ${path.join(home, '.aliyun', 'config.json')}`);
  });

  it('the aliyun CLI profile named by ALIBABA_CLOUD_PROFILE (StsToken mode)', async () => {
    writeCliConfig(cliConfig);
    process.env.ALIBABA_CLOUD_PROFILE = 'temp';
    const found = await chain({ ALIBABA_CLOUD_PROFILE: 'temp' }).get();
    assert.deepEqual(
      { id: found.accessKeyId, secret: found.accessKeySecret, token: found.securityToken },
      { id: 'STS.cli-temp-id', secret: 'cli-temp-secret', token: 'cli-temp-token' },
    );
    assert.match(found.source, /^aliyun CLI profile "temp"/);
  });

  it('the profile from Pulumi config alicloud:profile wins over ALIBABA_CLOUD_PROFILE', async () => {
    writeCliConfig(cliConfig);
    const found = await chain({ ALIBABA_CLOUD_PROFILE: 'work' }, { explicit: { profile: 'temp' } }).get();
    assert.equal(found.accessKeyId, 'STS.cli-temp-id');
  });

  it('a CLI profile that does not exist is an error naming it', async () => {
    writeCliConfig(cliConfig);
    await assert.rejects(
      chain({}, { explicit: { profile: 'missing' } }).get(),
      /^CredentialsError: credentials from the aliyun CLI profile "missing" in .* could not be obtained: the profile named is not in the file\. To fix: check the profile name/,
    );
  });

  it('the credentials file (~/.alibabacloud/credentials, ini), read by @alicloud/credentials', async () => {
    fs.mkdirSync(path.join(home, '.alibabacloud'));
    fs.writeFileSync(
      path.join(home, '.alibabacloud', 'credentials'),
      '[default]\ntype = access_key\naccess_key_id = file-id\naccess_key_secret = file-secret\n',
    );
    const found = await chain({}).get();
    assert.equal(found.accessKeyId, 'file-id');
    assert.equal(found.accessKeySecret, 'file-secret');
    assert.equal(found.source, `credentials file ${path.join(home, '.alibabacloud', 'credentials')}`);
  });

  it('the ECS instance role is asked only when the metadata service is not disabled, and its absence is not an error', async () => {
    const asked: LibrarySourceKind[] = [];
    const absent = () => ({ getCredentials: async () => Promise.reject(new Error('connect EHOSTUNREACH 100.100.100.200:80')) });
    const onInstance = (kind: LibrarySourceKind) => {
      asked.push(kind);
      return { getCredentials: async () => ({ accessKeyId: 'STS.role-id', accessKeySecret: 'role-secret', securityToken: 'role-token' }) };
    };
    const found = await new CredentialChain({ env: { HOME: home }, homeDir: home, makeLibraryProvider: onInstance }).get();
    assert.deepEqual(asked, ['ecs-ram-role']);
    assert.equal(found.accessKeyId, 'STS.role-id');
    await assert.rejects(
      new CredentialChain({ env: { HOME: home }, homeDir: home, makeLibraryProvider: absent }).get(),
      /no Alibaba Cloud credentials found/,
    );
  });

  it('nothing anywhere: one error listing every place looked at and how to set one', async () => {
    await assert.rejects(chain({}).get(), (error: unknown) => {
      assert.ok(error instanceof CredentialsError);
      assert.equal(
        error.message,
        'no Alibaba Cloud credentials found. Looked at: Pulumi config alicloud:accessKey/alicloud:secretKey; ' +
          'ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET; ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY; ' +
          'OIDC role (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE); ' +
          `aliyun CLI profile (current) in ${path.join(home, '.aliyun', 'config.json')}; ` +
          `credentials file ${path.join(home, '.alibabacloud', 'credentials')}; ` +
          'ECS instance RAM role (disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED). ' +
          'To fix: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or `pulumi config set alicloud:accessKey …` ' +
          'and `pulumi config set --secret alicloud:secretKey …`, or run `aliyun configure`, or, in CI, use an OIDC role ' +
          '(ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE)',
      );
      return true;
    });
  });

  it('credentials are read at call time: a rotated environment is seen by the next call', async () => {
    const env: NodeJS.ProcessEnv = {
      HOME: home,
      ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'first',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 's1',
    };
    const c = new CredentialChain({ env, homeDir: home });
    assert.equal((await c.get()).accessKeyId, 'first');
    env.ALIBABA_CLOUD_ACCESS_KEY_ID = 'second';
    assert.equal((await c.get()).accessKeyId, 'second');
  });
  describe('a failing source never quotes what it read', () => {
    const PLANTED = ['planted-secret-AAA111', 'planted-token-BBB222', 'planted-bearer-CCC333', 'planted-helper-DDD444'];
    const assertNoneQuoted = (error: unknown): true => {
      assert.ok(error instanceof CredentialsError);
      const everything = `${error.message} ${error.stack} ${JSON.stringify(error)} ${String((error as Error).cause ?? '')}`;
      for (const planted of PLANTED) assert.equal(everything.includes(planted), false, `${planted} was quoted`);
      return true;
    };

    it('a ~/.aliyun/config.json with a trailing comma: "not valid JSON", none of its secrets', async () => {
      fs.mkdirSync(path.join(home, '.aliyun'));
      fs.writeFileSync(
        path.join(home, '.aliyun', 'config.json'),
        `{"current":"a","profiles":[{"name":"a","mode":"StsToken","access_key_id":"id","access_key_secret":"${PLANTED[0]}","sts_token":"${PLANTED[1]}"},]}`,
      );
      await assert.rejects(chain({}).get(), (error: unknown) => {
        assert.match(
          (error as Error).message,
          /^credentials from the aliyun CLI profile \(current\) in .* could not be obtained: the file is not valid JSON\. To fix: run `aliyun configure` again/,
        );
        return assertNoneQuoted(error);
      });
    });

    it('a malformed credentials file (~/.alibabacloud/credentials): a fixed reason, none of its secrets', async () => {
      fs.mkdirSync(path.join(home, '.alibabacloud'));
      fs.writeFileSync(
        path.join(home, '.alibabacloud', 'credentials'),
        `[default]\ntype = ${PLANTED[0]}\naccess_key_id = id\naccess_key_secret = ${PLANTED[0]}\n`,
      );
      await assert.rejects(chain({}).get(), (error: unknown) => {
        assert.match((error as Error).message, /^credentials from the credentials file .* could not be obtained: /);
        return assertNoneQuoted(error);
      });
    });

    it('a CloudSSO server that echoes the request: the bearer token is not quoted', async () => {
      const server = http.createServer((req, res) => {
        req.resume();
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ echoed: req.headers }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        writeCliConfig({
          current: 'sso',
          profiles: [
            {
              name: 'sso',
              mode: 'CloudSSO',
              cloud_sso_sign_in_url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
              cloud_sso_account_id: '1234',
              cloud_sso_access_config: 'ac-1',
              access_token: PLANTED[2],
              cloud_sso_access_token_expire: Math.floor(Date.now() / 1000) + 3600,
            },
          ],
        });
        await assert.rejects(chain({}).get(), (error: unknown) => {
          assert.match(
            (error as Error).message,
            /could not be obtained: the CloudSSO service did not return credentials\. To fix: sign in again with `aliyun configure --mode CloudSSO`/,
          );
          return assertNoneQuoted(error);
        });
      } finally {
        server.close();
      }
    });

    it('an External credential helper that prints bad JSON: none of its output is quoted', async () => {
      const helper = path.join(home, 'helper.js');
      fs.writeFileSync(helper, `console.log('{"mode":"AK","access_key_secret":"${PLANTED[3]}",');`);
      writeCliConfig({ current: 'ext', profiles: [{ name: 'ext', mode: 'External', process_command: `${process.execPath} ${helper}` }] });
      await assert.rejects(chain({}).get(), (error: unknown) => {
        assert.match(
          (error as Error).message,
          /could not be obtained: the credential command did not print JSON\. To fix: run the profile's process_command by hand/,
        );
        return assertNoneQuoted(error);
      });
    });
  });
});
