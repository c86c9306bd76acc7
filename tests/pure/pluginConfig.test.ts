/** plugin/config.ts: the plugin's own config keys read under the names the lifecycle core asks for. */
import { strict as assert } from 'assert';
import { CONFIG_KEYS, configGetter } from '../../plugin/config';
import { withoutNetwork } from './noNetwork';

describe('plugin config', () => {
  withoutNetwork();

  it('alicloud:X and alicloud-keypair:X both read the plugin key X, from variables (either form) before args', () => {
    const getter = configGetter(
      new Map([
        ['alicloud-keypair:config:region', 'cn-shanghai'],
        ['alicloud-keypair:profile', 'ops'],
      ]),
      { region: 'cn-beijing', retryDeadlineSeconds: 30 },
    );
    assert.equal(getter.get('alicloud:region'), 'cn-shanghai');
    assert.equal(getter.get('alicloud-keypair:region'), 'cn-shanghai');
    assert.equal(getter.get('alicloud:profile'), 'ops');
    // Numbers and objects from args arrive as the text the dynamic provider's config would hold.
    assert.equal(getter.get('alicloud-keypair:retryDeadlineSeconds'), '30');
    assert.equal(getter.get('alicloud:accessKey'), undefined);
  });

  it('structured values (assumeRole) are handed over as JSON text; null is unset', () => {
    const role = { roleArn: 'acs:ram::2000000000000002:role/deployer', sessionName: 'ci' };
    const getter = configGetter(new Map(), { assumeRole: role, profile: null });
    assert.deepEqual(JSON.parse(getter.get('alicloud:assumeRole')!), role);
    assert.equal(getter.get('alicloud:profile'), undefined);
  });

  it('names every key the core reads, the refused ones included (so setting one fails configure by name)', () => {
    for (const key of ['region', 'assumeRole', 'assumeRoleWithOidc', 'detachTimeoutSeconds', 'credentialsUri', 'protocol']) {
      assert.ok((CONFIG_KEYS as readonly string[]).includes(key), key);
    }
  });
});
