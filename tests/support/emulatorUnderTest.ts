/**
 * The emulator the provider's tests run against: plain HTTP, or HTTPS when KEYPAIR_TEST_TLS_CA_KEY names a
 * certificate authority (`tests/support/writeTestCa.ts` makes one; CI's Node 22 pass sets it, with NODE_EXTRA_CA_CERTS
 * naming the same authority's certificate, which Node reads only at start). So the whole suite of the provider also
 * runs over TLS, the way a user's `alicloud-keypair emulator --tls` is reached.
 */
import { Emulator, EmulatorOptions, startEmulator as startPlainEmulator } from '../../emulator';
import { CertificateAuthority, certificateAuthorityFile } from '../../emulator/tls';

let authority: CertificateAuthority | undefined;

/** The authority of this run's TLS pass, or undefined for plain HTTP. */
function testCertificateAuthority(): CertificateAuthority | undefined {
  const file = process.env.KEYPAIR_TEST_TLS_CA_KEY;
  if (!file) return undefined;
  authority ??= certificateAuthorityFile(file);
  return authority;
}

/** Starts an emulator as the tests of the provider want it: over TLS in the TLS pass, unless options say otherwise. */
export function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const certificateAuthority = testCertificateAuthority();
  return startPlainEmulator({ ...(certificateAuthority ? { tls: { certificateAuthority } } : {}), ...options });
}
