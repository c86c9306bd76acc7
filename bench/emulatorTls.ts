/**
 * 6. `--tls`: what HTTPS costs the emulator at start — a certificate authority and a server certificate made (two
 * RSA 2048 keys by Node's crypto, signed by node-forge) — beside a plain HTTP start, and with an authority kept in a
 * file (`--tls-ca-key`: only the server certificate is made).
 */
import { startEmulator } from '../emulator';
import { makeCertificateAuthority, makeServerCertificate } from '../emulator/tls';
import { fmt, median, quick, Row } from './measure';

async function startMs(start: () => Promise<{ close(): Promise<void> }>): Promise<number> {
  const began = process.hrtime.bigint();
  const emulator = await start();
  const ms = Number(process.hrtime.bigint() - began) / 1e6;
  await emulator.close();
  return ms;
}

export async function emulatorTls(rows: Row[]): Promise<void> {
  const runs = quick ? 3 : 9;
  const plain: number[] = [];
  const withAuthority: number[] = [];
  const makeBoth: number[] = [];
  const authority = makeCertificateAuthority();
  for (let i = 0; i < runs; i++) {
    plain.push(await startMs(() => startEmulator()));
    withAuthority.push(await startMs(() => startEmulator({ tls: { certificateAuthority: authority } })));
    const began = process.hrtime.bigint();
    makeServerCertificate(makeCertificateAuthority());
    makeBoth.push(Number(process.hrtime.bigint() - began) / 1e6);
  }
  const plainMs = median(plain);
  rows.push({
    measure: 'emulator start, --tls (authority and certificate made), ms',
    ours: fmt(median(makeBoth) + plainMs),
    baseline: `${fmt(plainMs, 1)} (HTTP)`,
    ratio: '',
    target: 'under 2 s',
  });
  rows.push({
    measure: 'emulator start, --tls with --tls-ca-key (certificate made), ms',
    ours: fmt(median(withAuthority)),
    baseline: `${fmt(plainMs, 1)} (HTTP)`,
    ratio: '',
    target: 'under 1 s',
  });
}
