import { strict as assert } from 'assert';
import { KeyPair } from '../../sdk';
import { startEmulator } from '../support/emulatorUnderTest';
import { MiniEngine } from '../../tools/engine-standin/engine';
import { ProviderHost } from '../../tools/engine-standin/providerHost';
import { programOf } from './helpers';
import { key, TEST_CREDENTIAL } from '../support/fixtures';

describe('V1 signing and credentials from stack config, through the real provider host', function () {
  this.timeout(60_000);
  it('creates and deletes with V1 signatures and config-only credentials, leaking neither', async () => {
    const emulator = await startEmulator({ credentials: [TEST_CREDENTIAL] });
    const host = await ProviderHost.start({
      env: {
        ALIBABA_CLOUD_ENDPOINT_ECS: emulator.url,
        ALIBABA_CLOUD_SIGNATURE_VERSION: 'v1',
        ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
        HOME: '/nonexistent',
      },
    });
    try {
      await host.configure({
        'alicloud:region': 'cn-shanghai',
        'alicloud:accessKey': TEST_CREDENTIAL.accessKeyId,
        'alicloud:secretKey': TEST_CREDENTIAL.accessKeySecret,
      });
      const engine = new MiniEngine(host);
      const [created] = await engine.up(
        await programOf(() => [new KeyPair('kp', { publicKey: key('rsa2048.pub'), keyPairName: 'v1-key' })]),
      );
      assert.equal(created.error, undefined);
      assert.deepEqual(
        emulator.snapshot().map((k) => [k.region, k.keyPairName]),
        [['cn-shanghai', 'v1-key']],
      );
      assert.deepEqual(
        emulator.requests.map((r) => [r.action, r.signatureVersion]),
        [
          ['GetCallerIdentity', 'v1'],
          ['DescribeKeyPairs', 'v1'],
          ['ImportKeyPair', 'v1'],
        ],
      );
      assert.equal((await engine.destroy())[0].error, undefined);
      assert.equal(
        JSON.stringify([...engine.state.values()]).includes(TEST_CREDENTIAL.accessKeySecret) ||
          host.stderr.includes(TEST_CREDENTIAL.accessKeySecret),
        false,
      );
    } finally {
      await host.stop();
      await emulator.close();
    }
  });

  it('without any credentials, create fails with one error listing every place looked at', async () => {
    const emulator = await startEmulator({ credentials: [TEST_CREDENTIAL] });
    const host = await ProviderHost.start({
      env: {
        ALIBABA_CLOUD_ENDPOINT_ECS: emulator.url,
        ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
        HOME: '/nonexistent',
        ALIBABA_CLOUD_RETRY_DEADLINE_SECONDS: '2',
      },
    });
    try {
      await host.configure({ 'alicloud:region': 'cn-shanghai' });
      const [step] = await new MiniEngine(host).up(
        await programOf(() => [new KeyPair('kp', { publicKey: key('rsa2048.pub'), keyPairName: 'no-creds' })]),
      );
      assert.match(
        step.error!,
        /^no Alibaba Cloud credentials found\. Looked at: Pulumi config alicloud:accessKey\/alicloud:secretKey; ALIBABA_CLOUD_ACCESS_KEY_ID\/ALIBABA_CLOUD_ACCESS_KEY_SECRET; ALICLOUD_ACCESS_KEY\/ALICLOUD_SECRET_KEY; OIDC role .*; aliyun CLI profile \(current\) in \/nonexistent\/\.aliyun\/config\.json; credentials file .*; ECS instance RAM role \(disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED\)\. To fix: set ALIBABA_CLOUD_ACCESS_KEY_ID/,
      );
      assert.equal(emulator.count(), 0);
    } finally {
      await host.stop();
      await emulator.close();
    }
  });
});
