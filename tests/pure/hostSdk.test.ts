/** hostSdk.ts: the program's own @pulumi/pulumi, and the warning for one too old. */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { hostSdkVersion, hostSdkWarning, isOlder, LOWEST_FULL_HOST_SDK } from '../../provider/hostSdk';

describe('host SDK version (pure)', () => {
  it('warns for a host older than 3.216.0 (no ReadResult.inputs), not for newer ones', () => {
    assert.equal(isOlder('3.215.9', '3.216.0'), true);
    assert.equal(isOlder('3.216.0', '3.216.0'), false);
    assert.equal(isOlder('3.248.0', '3.216.0'), false);
    assert.equal(isOlder('2.99.0', '3.216.0'), true);
    assert.match(hostSdkWarning('3.200.0') ?? '', /this program's @pulumi\/pulumi is 3\.200\.0; 3\.216\.0 or later is needed/);
    assert.equal(hostSdkWarning('3.248.0'), undefined);
    assert.equal(hostSdkWarning(undefined), undefined);
  });

  it("@pulumi/pulumi is a peer dependency from that same version (the program's copy runs the host)", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
    assert.equal(manifest.peerDependencies['@pulumi/pulumi'], `>=${LOWEST_FULL_HOST_SDK}`);
    assert.equal(manifest.dependencies['@pulumi/pulumi'], undefined);
  });

  it('the version is read from the host script the process runs, and only from @pulumi/pulumi', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'host-sdk-'));
    fs.mkdirSync(path.join(dir, 'cmd', 'dynamic-provider'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: '@pulumi/pulumi', version: '3.200.1' }));
    assert.equal(hostSdkVersion(path.join(dir, 'cmd', 'dynamic-provider', 'index.js')), '3.200.1');
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'something-else', version: '1.0.0' }));
    assert.equal(hostSdkVersion(path.join(dir, 'cmd', 'dynamic-provider', 'index.js')), undefined);
    assert.equal(hostSdkVersion('/usr/bin/mocha'), undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
