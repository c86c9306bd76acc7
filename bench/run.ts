/**
 * `npm run bench`: the performance claims, measured side by side on loopback against the bundled emulator, one file
 * per measurement:
 *
 *   1. throughput.ts, clientCpu.ts, transportFloor.ts: our API client against the official one, and what axios costs.
 *   2. coldStart.ts: provider-host cold start against a trivial dynamic provider.
 *   3. bulk.ts: 500 key pairs through the host and the engine stand-in, beside a provider that only sleeps.
 *   4. localWork.ts: parsing and fingerprinting; the serialized provider's size.
 *   5. realCli.ts: up, preview, refresh, destroy through the real Pulumi CLI, beside a provider that only sleeps.
 *   6. emulatorTls.ts: what `--tls` costs the emulator at start.
 *
 * Prints a table and writes bench/results.md (not with --quick). Timings are medians of several runs; nothing here
 * is a test.
 */
import * as fs from 'fs';
import * as path from 'path';
import { startEmulator } from '../emulator';
import { bulk } from './bulk';
import { clientCpu } from './clientCpu';
import { coldStart } from './coldStart';
import { emulatorTls } from './emulatorTls';
import { localWork } from './localWork';
import { CREDENTIAL, machine, quick, Row, table } from './measure';
import { locatePulumiCli } from '../tools/pulumi-cli/locate';
import { pluginCliRows } from './pluginCli';
import { realCliRows } from './realCli';
import { throughput } from './throughput';
import { transportFloor } from './transportFloor';

process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
const rows: Row[] = [];

async function main(): Promise<void> {
  const emulator = await startEmulator({ credentials: [CREDENTIAL] });
  try {
    console.error('throughput…');
    await throughput(rows, emulator);
    console.error('transport floor…');
    await transportFloor(rows);
    console.error('client CPU…');
    await clientCpu(rows);
    console.error('cold start…');
    const providerBytes = await coldStart(rows, emulator);
    console.error('bulk…');
    await bulk(rows, emulator);
    console.error('local work…');
    localWork(rows, providerBytes);
    console.error('emulator TLS…');
    await emulatorTls(rows);
    rows.push(...(await realCliRows(emulator, CREDENTIAL, quick)));
    const cliDir = locatePulumiCli();
    if (cliDir) rows.push(...(await pluginCliRows(cliDir, emulator, CREDENTIAL, quick)));
  } finally {
    await emulator.close();
  }
  const report = table(rows);
  console.log(report);
  if (!quick) {
    const text = [
      '# Benchmark results',
      '',
      `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${machine()}.`,
      'Loopback against the bundled emulator; medians of several runs. See bench/run.ts for which file measures each row.',
      '',
      report,
      '',
    ].join('\n');
    fs.writeFileSync(path.join(__dirname, 'results.md'), text);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
