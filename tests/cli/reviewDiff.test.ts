/**
 * What a reviewer reads in `pulumi preview --diff` (and `--json`), through the real CLI, for every kind of change —
 * for the dynamic provider and for the plugin. One stack holds one key pair per kind of change, so one preview shows
 * them all: each resource's block must list exactly the properties that change for the user, and never the
 * bookkeeping the state keeps.
 *
 * For the dynamic provider, Pulumi previews a resource's new outputs as its inputs (its host does not support
 * provider previews: sdk/go/common/resource/plugin/provider_plugin.go, Create/Update with `!supportsPreview`), so
 * outputs that are not inputs — creationTime, and resourceGroupId and tags where the program does not set them —
 * show as removed in an update or a replacement. The README says so; everything else is as for the plugin.
 */
import { strict as assert } from 'assert';
import { DEFAULT_ACCOUNT_ID } from '../../emulator';
import { importKeyPair } from '../../emulator/drift';
import { parsePublicKey } from '../../provider/ssh/publicKey';
import { PluginProgram, PluginResource } from '../../tools/pulumi-cli/pluginPrograms';
import { PluginProject } from '../../tools/pulumi-cli/pluginProject';
import { key, TEST_CREDENTIAL } from '../support/fixtures';
import { propertyLines } from './previewLines';
import { CLI_DIR, CliWorld, ProgramResource, emulatorEnv, freshStack, startCliWorld, stopCliWorld } from './world';

const RSA = key('rsa2048.pub').trim();
const RSA_4096 = key('rsa4096.pub').trim();
const ECDSA = key('ecdsa256.pub').trim();
const TARGET = '2000000000000002';
const DEPLOYER = `acs:ram::${TARGET}:role/deployer`;
const md5 = (text: string) => parsePublicKey(text).md5;
const EMULATOR_ACCOUNTS = { accounts: [{ accountId: TARGET, roles: [{ name: 'deployer', trustedAccounts: [DEFAULT_ACCOUNT_ID] }] }] };

/** One key pair per row of the table: how it is declared before and after, and the lines its block must show. */
interface Row {
  name: string;
  before: Omit<PluginResource, 'name' | 'type'>;
  after: Omit<PluginResource, 'name' | 'type'>;
  /** Drift: re-imported outside with this key, then refreshed. */
  driftTo?: string;
  kind: 'replace' | 'update' | 'same';
  /** The property lines of the block (nested tag lines included). */
  lines: string[];
  /** Properties in diffReasons / detailedDiff (plugin). */
  reasons: string[];
}

const ROWS: Row[] = [
  {
    name: 'keyfixed',
    before: { publicKey: RSA, keyPairName: 'fixed-key' },
    after: { publicKey: RSA_4096, keyPairName: 'fixed-key' },
    kind: 'replace',
    lines: ['~ fingerprint', '~ fingerprintSha256', '~ keyBits', '~ publicKey'],
    reasons: ['fingerprint', 'fingerprintSha256', 'keyBits', 'publicKey'],
  },
  {
    name: 'keygenerated',
    before: { publicKey: RSA },
    after: { publicKey: RSA_4096 },
    kind: 'replace',
    lines: ['~ fingerprint', '~ fingerprintSha256', '~ keyBits', '~ keyPairName', '~ publicKey'],
    reasons: ['fingerprint', 'fingerprintSha256', 'keyBits', 'keyPairName', 'publicKey'],
  },
  {
    name: 'comment',
    before: { publicKey: RSA, keyPairName: 'comment-key' },
    after: { publicKey: RSA.replace(/\S+$/, 'another-comment'), keyPairName: 'comment-key' },
    kind: 'same',
    lines: [],
    reasons: [],
  },
  {
    name: 'tagged',
    before: { publicKey: RSA, keyPairName: 'tagged-key', tags: { env: 'dev' } },
    after: { publicKey: RSA, keyPairName: 'tagged-key', tags: { env: 'prod', team: 'a' } },
    kind: 'update',
    lines: ['~ tags', '~ env', '+ team'],
    reasons: ['tags.env', 'tags.team'],
  },
  {
    name: 'grouped',
    before: { publicKey: RSA, keyPairName: 'grouped-key', resourceGroupId: 'rg-aaaa1111' },
    after: { publicKey: RSA, keyPairName: 'grouped-key', resourceGroupId: 'rg-bbbb2222' },
    kind: 'update',
    lines: ['~ resourceGroupId'],
    reasons: ['resourceGroupId'],
  },
  {
    name: 'drifted',
    before: { publicKey: RSA, keyPairName: 'drifted-key' },
    after: { publicKey: RSA, keyPairName: 'drifted-key' },
    driftTo: ECDSA,
    kind: 'replace',
    lines: ['~ fingerprint', '~ fingerprintSha256', '~ keyBits', '~ keyType', '~ publicKey'],
    reasons: ['fingerprint', 'fingerprintSha256', 'keyBits', 'keyType', 'publicKey'],
  },
  {
    name: 'renamed',
    before: { publicKey: RSA, keyPairName: 'old-name' },
    after: { publicKey: RSA, keyPairName: 'new-name' },
    kind: 'replace',
    lines: ['~ keyPairName'],
    reasons: ['keyPairName'],
  },
  {
    name: 'moved',
    before: { publicKey: RSA, keyPairName: 'moved-key' },
    after: { publicKey: RSA, keyPairName: 'moved-key', region: 'cn-shanghai' },
    kind: 'replace',
    lines: ['~ region'],
    reasons: ['region'],
  },
  {
    name: 'account',
    before: { publicKey: RSA, keyPairName: 'account-key' },
    after: { publicKey: RSA, keyPairName: 'account-key', roleArn: DEPLOYER },
    kind: 'replace',
    lines: ['~ accountId', '+ assumeRole', '+ roleArn'],
    reasons: ['accountId', 'assumeRole'],
  },
  {
    name: 'untouched',
    before: { publicKey: RSA, keyPairName: 'untouched-key' },
    after: { publicKey: RSA, keyPairName: 'untouched-key' },
    kind: 'same',
    lines: [],
    reasons: [],
  },
];

/** What the dynamic provider cannot hide in an update or a replacement (see the header). */
function unavoidable(row: Row, side: Row['after']): string[] {
  if (row.kind === 'same') return [];
  return ['- creationTime', ...(side.resourceGroupId ? [] : ['- resourceGroupId']), ...(side.tags ? [] : ['- tags'])];
}

type Step = { urn: string; op: string; diffReasons?: string[]; detailedDiff?: Record<string, unknown> } | undefined;

/** The step's kind; a resource the preview does not list is unchanged. */
function kindOf(step: Step): Row['kind'] {
  return step?.op === 'replace' ? 'replace' : step?.op === 'update' ? 'update' : 'same';
}

function stepOf(json: { steps: Array<NonNullable<Step>> }, name: string): Step {
  return json.steps.find((s) => s.urn.endsWith(`::${name}`));
}

if (CLI_DIR) {
  describe('the review diff through the real Pulumi CLI: only what changes for the user', function () {
    this.timeout(600_000);

    it('dynamic provider: one preview, one key pair per kind of change', async () => {
      const world: CliWorld = await startCliWorld(undefined, EMULATOR_ACCOUNTS);
      try {
        await freshStack(world, 'review');
        const declared = (side: 'before' | 'after'): ProgramResource[] =>
          ROWS.map((row) => {
            const { publicKey, roleArn, ...rest } = row[side];
            return { name: row.name, args: { publicKey, ...rest, ...(roleArn ? { assumeRole: { roleArn } } : {}) } };
          });
        world.declare(declared('before'));
        await world.project.ok(['up', '--yes', '--skip-preview']);
        // Re-imported outside Pulumi with another key (its owner tag gone, as on a real re-import).
        for (const row of ROWS.filter((r) => r.driftTo))
          importKeyPair(world.emulator.store, { keyPairName: `${row.name}-key`, publicKey: row.driftTo });
        await world.project.ok(['refresh', '--yes', '--skip-preview']);
        world.declare(declared('after'));
        const preview = await world.project.ok(['preview', '--diff']);
        const json = JSON.parse((await world.project.ok(['preview', '--json'])).stdout);
        for (const row of ROWS) {
          // Every line the user needs, and nothing else but what Pulumi shows of a dynamic resource's outputs.
          const lines = propertyLines(preview.stdout, row.name);
          const allowed = new Set([...row.lines, ...unavoidable(row, row.after)]);
          assert.deepEqual(
            row.lines.filter((line) => !lines.includes(line)),
            [],
            `${row.name} misses lines:\n${preview.stdout}`,
          );
          assert.deepEqual(
            lines.filter((line) => !allowed.has(line)),
            [],
            `${row.name} shows more:\n${preview.stdout}`,
          );
          assert.equal(kindOf(stepOf(json, row.name)), row.kind, row.name);
        }
        const swap = blockOf(preview.stdout, 'keyfixed');
        console.log(`      dynamic provider, key swap: ${swap.length} lines in its block`);
        // The reason a drifted key pair is replaced: the cloud's fingerprint → the program's.
        assert.match(preview.stdout, new RegExp(`~ fingerprint\\s*: "${md5(ECDSA)}" => "${md5(RSA)}"`));
        await world.project.ok(['destroy', '--yes', '--skip-preview']);
      } finally {
        await stopCliWorld(world);
      }
    });

    it('plugin (YAML): one preview, one key pair per kind of change; diffReasons and detailedDiff name exactly those properties', async () => {
      const { startEmulator } = await import('../support/emulatorUnderTest');
      const emulator = await startEmulator({ credentials: [TEST_CREDENTIAL], ...EMULATOR_ACCOUNTS });
      const program = (side: 'before' | 'after'): PluginProgram => ({
        resources: ROWS.map((row) => ({ name: row.name, type: 'KeyPair', ...row[side] })),
      });
      const project = PluginProject.create({
        cliDir: CLI_DIR!,
        language: 'yaml',
        program: program('before'),
        env: emulatorEnv(emulator),
      });
      try {
        const cli = project.project;
        await cli.ok(['stack', 'init', 'review']);
        await cli.ok(['config', 'set', 'alicloud-keypair:region', 'cn-hangzhou']);
        await cli.ok(['config', 'set', 'publicKey', RSA]);
        await cli.ok(['up', '--yes', '--skip-preview']);
        for (const row of ROWS.filter((r) => r.driftTo))
          importKeyPair(emulator.store, { keyPairName: `${row.name}-key`, publicKey: row.driftTo });
        await cli.ok(['refresh', '--yes', '--skip-preview']);
        project.write(program('after'));
        const preview = await cli.ok(['preview', '--diff']);
        const json = JSON.parse((await cli.ok(['preview', '--json'])).stdout);
        for (const row of ROWS) {
          assert.deepEqual(propertyLines(preview.stdout, row.name).sort(), [...row.lines].sort(), `${row.name}:\n${preview.stdout}`);
          const step = stepOf(json, row.name);
          assert.equal(kindOf(step), row.kind, row.name);
          assert.deepEqual([...(step?.diffReasons ?? [])].sort(), [...row.reasons].sort(), `${row.name} diffReasons`);
          assert.deepEqual(Object.keys(step?.detailedDiff ?? {}).sort(), [...row.reasons].sort(), `${row.name} detailedDiff`);
        }
        // A reviewer's PR comment: the block of a key swap, header lines included, at most 10 lines.
        const swap = blockOf(preview.stdout, 'keyfixed');
        assert.ok(swap.length <= 10, swap.join('\n'));
        await cli.ok(['destroy', '--yes', '--skip-preview']);
      } finally {
        project.remove();
        await emulator.close();
      }
    });
  });
}

/** The lines of one resource's block in `pulumi preview --diff`: from its type line to the next resource's. */
function blockOf(output: string, name: string): string[] {
  const lines = output.split('\n');
  const urnLine = lines.findIndex((line) => line.includes(`::${name}]`));
  let start = urnLine;
  const resourceLine = /^\s*[+~-]*\s*[a-z-]+:[a-zA-Z/:-]+: \(/;
  while (start > 0 && !resourceLine.test(lines[start])) start--;
  let end = urnLine + 1;
  while (end < lines.length && !resourceLine.test(lines[end]) && !/^\s*--outputs:--|^Resources:/.test(lines[end])) end++;
  return lines.slice(start, end);
}
