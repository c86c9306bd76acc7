/** 4. Local work: RSA-4096 public keys parsed and fingerprinted per second; the serialized provider's size. */
import { parsePublicKey } from '../provider/ssh/publicKey';
import { fmt, quick, Row, RSA_4096 } from './measure';

export function localWork(rows: Row[], providerBytes: number): void {
  const iterations = quick ? 2_000 : 20_000;
  for (let i = 0; i < 500; i++) parsePublicKey(RSA_4096);
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) parsePublicKey(RSA_4096);
  const perSecond = iterations / (Number(process.hrtime.bigint() - started) / 1e9);
  rows.push({
    measure: 'RSA-4096 public keys parsed + fingerprinted (MD5, SHA256) per second',
    ours: fmt(perSecond),
    baseline: '',
    ratio: '',
    target: '',
  });
  rows.push({
    measure: 'serialized __provider per resource (bytes), installed package',
    ours: fmt(providerBytes),
    baseline: '',
    ratio: '',
    target: '',
  });
}
