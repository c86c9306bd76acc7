/**
 * Loaded before every test file (see .mocharc.json). Keeps every test off the network and away from the
 * developer's own credentials: the metadata service is disabled and credential variables are cleared.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
for (const name of [
  'ALIBABA_CLOUD_ACCESS_KEY_ID',
  'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  'ALIBABA_CLOUD_SECURITY_TOKEN',
  'ALICLOUD_ACCESS_KEY',
  'ALICLOUD_SECRET_KEY',
  'ALICLOUD_SECURITY_TOKEN',
  'ALIBABA_CLOUD_ROLE_ARN',
  'ALIBABA_CLOUD_OIDC_PROVIDER_ARN',
  'ALIBABA_CLOUD_OIDC_TOKEN_FILE',
  'ALIBABA_CLOUD_PROFILE',
  'ALICLOUD_PROFILE',
  'ALIBABA_CLOUD_CREDENTIALS_FILE',
  'ALIBABA_CLOUD_ENDPOINT_ECS',
  'ALIBABA_CLOUD_ENDPOINT_ENS',
  'ALIBABA_CLOUD_SIGNATURE_VERSION',
  'ALICLOUD_REGION',
  'ALIBABA_CLOUD_REGION',
  'ALIBABA_CLOUD_REGION_ID',
]) {
  delete process.env[name];
}

// The Pulumi CLI built by `npm run pulumi:cli` lives in the real home's cache: keep finding it there. So do the Go
// module and build caches it warmed (Go programs of the plugin's tests are built offline from them).
const realHome = process.env.HOME ?? os.homedir();
process.env.XDG_CACHE_HOME ??= path.join(realHome, '.cache');
process.env.GOPATH ??= path.join(realHome, 'go');
process.env.GOCACHE ??= path.join(realHome, '.cache', 'go-build');

// The developer's own ~/.aliyun/config.json and ~/.alibabacloud/credentials must not be found either: give every
// test run an empty home (child processes such as the provider host inherit it).
process.env.HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'alicloud-keypair-test-home-'));
