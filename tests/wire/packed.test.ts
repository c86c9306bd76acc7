import { strict as assert } from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { makePackedProject } from '../../tools/engine-standin/packedProject';
import { REPOSITORY_ROOT } from '../../tools/engine-standin/providerHost';

/**
 * The package as users get it: `npm pack`, unpacked into a project's node_modules. Measures the serialized
 * provider there, where Pulumi's serializer stores a `require` of the installed module instead of code.
 */
describe('the packed package installed in a project', function () {
  this.timeout(120_000);
  let project: string;

  before(() => {
    project = makePackedProject();
  });
  after(() => fs.rmSync(project, { recursive: true, force: true }));

  it('ships compiled JavaScript, declarations, README, LICENSE and CHANGELOG, and nothing else', () => {
    const files = execFileSync('find', ['.', '-type', 'f'], {
      cwd: path.join(project, 'node_modules', 'pulumi-alicloud-keypair'),
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .map((f) => f.slice(2))
      .sort();
    const others = files.filter((f) => !/^dist\/.+(\.js|\.d\.ts)$/.test(f));
    assert.deepEqual(others, ['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json']);
    for (const entry of [
      'dist/sdk/index.js',
      'dist/sdk/index.d.ts',
      'dist/provider/index.js',
      'dist/emulator/index.js',
      'dist/cli/index.js',
    ]) {
      assert.ok(files.includes(entry), `${entry} is missing`);
    }
    assert.deepEqual(
      files.filter((f) => /(^|\/)(tests|bench|scripts|examples)\//.test(f) || f.endsWith('.map')),
      [],
    );
    assert.match(
      fs.readFileSync(path.join(project, 'node_modules', 'pulumi-alicloud-keypair', 'LICENSE'), 'utf8'),
      /Apache License\s+Version 2\.0/,
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
        NODE_NO_WARNINGS: '1',
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

  describe('the examples as programs of a user project', () => {
    const EXAMPLES = path.join(REPOSITORY_ROOT, 'examples');
    const tsc = path.join(REPOSITORY_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

    before(() => {
      for (const example of ['multi-region', 'ens-edge', 'javascript', 'with-instance', 'multi-account']) {
        fs.cpSync(path.join(EXAMPLES, example), path.join(project, example), { recursive: true });
      }
      const compilerOptions = { strict: true, module: 'commonjs', target: 'ES2022', esModuleInterop: true, noEmit: true, types: ['node'] };
      fs.writeFileSync(
        path.join(project, 'tsconfig.json'),
        JSON.stringify({ compilerOptions, include: ['multi-region', 'ens-edge', 'with-instance', 'multi-account'] }),
      );
    });

    it('the TypeScript examples type-check against the installed declarations (with-instance: the real @pulumi/tls and @pulumi/alicloud)', () => {
      execFileSync(process.execPath, [tsc, '-p', project], { cwd: project, encoding: 'utf8' });
    });

    it('a type error in a program is caught by those declarations', () => {
      fs.writeFileSync(
        path.join(project, 'wrong.ts'),
        "import { KeyPair } from 'pulumi-alicloud-keypair';\nnew KeyPair('k', { publicKey: 42, regoin: 'x' });\n",
      );
      const config = { compilerOptions: { strict: true, module: 'commonjs', noEmit: true, types: ['node'] }, files: ['wrong.ts'] };
      fs.writeFileSync(path.join(project, 'tsconfig.wrong.json'), JSON.stringify(config));
      const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.wrong.json'], { cwd: project, encoding: 'utf8' });
      assert.equal(result.status, 2);
      assert.match(result.stdout, /wrong\.ts\(2,\d+\): error TS2322: Type 'number' is not assignable to type 'Input<string>'/);
    });

    for (const [example, main, expected] of [
      ['multi-region', 'index.ts', ['KeyPair ops-cn-hangzhou', 'KeyPair ops-cn-beijing', 'KeyPair ops-ap-southeast-1']],
      ['ens-edge', 'index.ts', ['EnsKeyPair edge']],
      ['javascript', 'index.js', ['KeyPair deploy']],
      ['multi-account', 'index.ts', ['KeyPair ops-prod', 'KeyPair ops-staging']],
    ] as const) {
      it(`${example} (${main.endsWith('.ts') ? 'TypeScript' : 'JavaScript'}) runs under setMocks and registers ${expected.length} resource(s)`, () => {
        const runner = `
          require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
          const pulumi = require('@pulumi/pulumi');
          const seen = [];
          pulumi.runtime.setMocks({
            newResource: (a) => { seen.push(a.type.split(':').pop() + ' ' + a.name + ' ' + JSON.stringify({ region: a.inputs.region, key: typeof a.inputs.publicKey })); return { id: a.name + '-id', state: a.inputs }; },
            call: (a) => a.inputs,
          }, 'user-project', 'dev', false);
          require('./${example}/${main}');
          setTimeout(() => console.log(JSON.stringify(seen)), 300);
        `;
        const output = execFileSync(process.execPath, ['-e', runner], {
          cwd: project,
          encoding: 'utf8',
          env: { ...process.env, NODE_NO_WARNINGS: '1' },
        });
        const seen = JSON.parse(output.trim().split('\n').pop()!) as string[];
        assert.deepEqual(
          seen.map((line) => line.split(' ').slice(0, 2).join(' ')),
          expected,
        );
        for (const line of seen) assert.match(line, /"key":"string"/);
      });
    }
  });
});
