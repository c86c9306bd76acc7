import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { KeyPair, EnsKeyPair } from '../../sdk';
import { registeredResources } from '../../tools/engine-standin/program';
import { withoutNetwork } from './noNetwork';

const KEY = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'keys', 'rsa2048.pub'), 'utf8');

describe('resource classes under pulumi.runtime.setMocks', () => {
  withoutNetwork();
  it('register the contract type tokens with every output declared', async () => {
    const registered = await registeredResources(() => [
      new KeyPair('deploy', { publicKey: KEY, region: 'cn-shanghai', tags: { a: 'b' } }),
      new EnsKeyPair('edge', { publicKey: KEY }),
    ]);
    const ecs = registered.find((r) => r.name === 'deploy')!;
    const ens = registered.find((r) => r.name === 'edge')!;
    assert.equal(ecs.type, 'pulumi-nodejs:dynamic/alicloud-keypair:KeyPair');
    assert.equal(ens.type, 'pulumi-nodejs:dynamic/alicloud-keypair:EnsKeyPair');
    assert.equal(ecs.inputs.region, 'cn-shanghai');
    assert.deepEqual(ecs.inputs.__autoName, { resourceName: 'deploy', scope: 'keypair-test/test' });
  });

  // Run from sources the SDK is a local module, which Pulumi copies by value (about 3.4 KiB); the installed
  // package's size (under 2 KiB) is measured in tests/wire/packed.test.ts.
  it('serialize a __provider that captures no credentials, config or provider code', async () => {
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = 'secret-in-env-must-not-be-captured';
    process.env.ALIBABA_CLOUD_SECURITY_TOKEN = 'token-in-env-must-not-be-captured';
    try {
      const [ecs, ens] = await registeredResources(() => [new KeyPair('a', { publicKey: KEY }), new EnsKeyPair('b', { publicKey: KEY })]);
      for (const text of [ecs.inputs.__provider, ens.inputs.__provider] as string[]) {
        assert.ok(Buffer.byteLength(text) < 4096, `__provider is ${Buffer.byteLength(text)} bytes`);
        assert.match(text, /require\('pulumi-alicloud-keypair\/provider'\)/);
        assert.equal(/secret-in-env|token-in-env|sshpk|axios|PRIVATE/.test(text), false);
      }
      assert.notEqual(ecs.inputs.__provider, ens.inputs.__provider);
    } finally {
      delete process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
      delete process.env.ALIBABA_CLOUD_SECURITY_TOKEN;
    }
  });
});
