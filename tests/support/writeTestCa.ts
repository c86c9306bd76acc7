/**
 * Writes a certificate authority for the suite's TLS pass into DIR: `ca-key.pem` (certificate and key, for the
 * emulators: KEYPAIR_TEST_TLS_CA_KEY) and `ca.pem` (the certificate, for clients: NODE_EXTRA_CA_CERTS).
 * Usage: ts-node tests/support/writeTestCa.ts DIR
 */
import * as fs from 'fs';
import * as path from 'path';
import { certificateAuthorityFile } from '../../emulator/tls';

const dir = process.argv[2];
if (!dir) throw new Error('usage: writeTestCa.ts DIR');
// The command's own --tls-ca-key file: made there (0600), in the form emulators read back.
const authority = certificateAuthorityFile(path.join(dir, 'ca-key.pem'));
fs.writeFileSync(path.join(dir, 'ca.pem'), authority.certificatePem);
