import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPOSITORY_ROOT } from '../harness/providerHost';

/**
 * The package as users get it: `npm pack`, unpacked into a project's node_modules. Measures the serialized
 * provider there, where Pulumi's serializer stores a `require` of the installed module instead of code.
 */
describe('the packed package installed in a project', function () {
  this.timeout(120_000);
  let project: string;

  before(() => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'alicloud-keypair-packed-'));
    const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', project], { cwd: REPOSITORY_ROOT, encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop()!;
    const target = path.join(project, 'node_modules', 'pulumi-alicloud-keypair');
    fs.mkdirSync(target, { recursive: true });
    execFileSync('tar', ['-xzf', path.join(project, tarball), '-C', target, '--strip-components=1']);
  });
  after(() => fs.rmSync(project, { recursive: true, force: true }));

  it('ships compiled JavaScript and declarations only', () => {
    const files = execFileSync('find', ['.', '-type', 'f'], {
      cwd: path.join(project, 'node_modules', 'pulumi-alicloud-keypair'),
      encoding: 'utf8',
    })
      .trim()
      .split('\n');
    assert.ok(files.includes('./dist/sdk/index.js') && files.includes('./dist/sdk/index.d.ts') && files.includes('./README.md'));
    assert.deepEqual(
      files.filter((f) => /\.ts$/.test(f) && !/\.d\.ts$/.test(f)),
      [],
    );
    assert.deepEqual(
      files.filter((f) => f.includes('tests/')),
      [],
    );
  });

  it('a JavaScript program under setMocks serializes a __provider under 2 KiB that requires the installed module', () => {
    const program = `
      const pulumi = require('@pulumi/pulumi');
      pulumi.runtime.setMocks({ newResource: (a) => { if (a.inputs.__provider) console.log(JSON.stringify(a.inputs.__provider)); return { id: 'x', state: a.inputs }; }, call: (a) => a.inputs }, 'p', 's', false);
      const { KeyPair, EnsKeyPair } = require('pulumi-alicloud-keypair');
      const key = require('fs').readFileSync(${JSON.stringify(path.join(REPOSITORY_ROOT, 'tests/fixtures/keys/rsa2048.pub'))}, 'utf8');
      new KeyPair('a', { publicKey: key });
      new EnsKeyPair('b', { publicKey: key });
    `;
    const output = execFileSync(process.execPath, ['-e', program], {
      cwd: project,
      encoding: 'utf8',
      env: {
        ...process.env,
        NODE_PATH: path.join(REPOSITORY_ROOT, 'node_modules'),
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'captured-secret-canary',
      },
    });
    const texts = output
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as string);
    assert.equal(texts.length, 2);
    for (const text of texts) {
      process.stdout.write(`      __provider: ${Buffer.byteLength(text)} bytes\n`);
      assert.ok(Buffer.byteLength(text) < 2048, `__provider is ${Buffer.byteLength(text)} bytes`);
      assert.match(text, /require\("pulumi-alicloud-keypair\/dist\/sdk\/(ecs|ens)Provider(\.js)?"\)/);
      assert.equal(text.includes('captured-secret-canary'), false);
    }
  });
});
