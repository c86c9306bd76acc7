/**
 * Examples run as their READMEs say, copied out of the repository into a project of their own (the package
 * installed packed, as users get it), through the real CLI against the emulator set up as the README says.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { startEmulator } from '../support/emulatorUnderTest';
import { PulumiProject } from '../../tools/pulumi-cli/project';
import { CLI_DIR } from './world';

const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');
/** The emulator's default access key, which the READMEs export. */
const EMULATOR_KEY = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'emulator-access-key-id',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'emulator-access-key-secret',
};

if (CLI_DIR) {
  describe('examples as their READMEs say, through the real CLI', function () {
    this.timeout(300_000);

    for (const [example, expected] of [
      ['ecs-basic', 1],
      ['ens-edge', 1],
      ['multi-region', 3],
      ['javascript', 1],
    ] as const) {
      it(`${example}: copied out of the repository, pulumi up and destroy against the emulator`, async () => {
        const emulator = await startEmulator();
        const source = path.join(EXAMPLES, example);
        const files = Object.fromEntries(
          fs
            .readdirSync(source)
            .filter((file) => file !== 'README.md')
            .map((file) => [file, fs.readFileSync(path.join(source, file), 'utf8')]),
        );
        assert.ok(files['Pulumi.yaml'], `${example} is a complete project: it has a Pulumi.yaml`);
        const project = PulumiProject.create({
          cliDir: CLI_DIR!,
          files,
          install: 'packed',
          env: { ALIBABA_CLOUD_ENDPOINT_ECS: emulator.url, ALIBABA_CLOUD_ENDPOINT_ENS: emulator.url, ...EMULATOR_KEY },
        });
        try {
          await project.ok(['stack', 'init', 'dev']);
          await project.ok(['config', 'set', 'alicloud:region', 'cn-hangzhou']);
          const up = await project.ok(['up', '--yes', '--skip-preview']);
          assert.doesNotMatch(up.stdout + up.stderr, /warning/i, 'no warning (an entry point, a missing file)');
          assert.equal(emulator.snapshot().length, expected);
          await project.ok(['destroy', '--yes', '--skip-preview']);
          assert.deepEqual(emulator.snapshot(), []);
        } finally {
          project.remove();
          await emulator.close();
        }
      });
    }

    it('multi-account: the emulator command of its README, then pulumi up puts one key pair in each account', async () => {
      const readme = fs.readFileSync(path.join(EXAMPLES, 'multi-account', 'README.md'), 'utf8');
      const accounts = JSON.parse(/--accounts '([^']+)'/.exec(readme)![1]);
      const emulator = await startEmulator({ accounts });
      const files = Object.fromEntries(
        ['index.ts', 'ops.pub'].map((file) => [file, fs.readFileSync(path.join(EXAMPLES, 'multi-account', file), 'utf8')]),
      );
      const project = PulumiProject.create({
        cliDir: CLI_DIR!,
        files,
        install: 'packed',
        env: { ALIBABA_CLOUD_ENDPOINT_ECS: emulator.url, ALIBABA_CLOUD_ENDPOINT_STS: emulator.url, ...EMULATOR_KEY },
      });
      try {
        await project.ok(['stack', 'init', 'dev']);
        await project.ok(['config', 'set', 'alicloud:region', 'cn-hangzhou']);
        await project.ok(['up', '--yes', '--skip-preview']);
        for (const account of ['1111111111111111', '2222222222222222']) {
          assert.deepEqual(
            emulator.snapshot(account).map((k) => k.keyPairName),
            ['ops'],
            account,
          );
        }
        await project.ok(['destroy', '--yes', '--skip-preview']);
        assert.deepEqual([...emulator.snapshot('1111111111111111'), ...emulator.snapshot('2222222222222222')], []);
      } finally {
        project.remove();
        await emulator.close();
      }
    });
  });
}
