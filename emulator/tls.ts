/**
 * HTTPS for the emulator: a certificate authority and a server certificate for `127.0.0.1`, `localhost` and `::1`,
 * made at start. Clients trust the authority's certificate (NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, a client's CA
 * option); its key never leaves the process unless a caller asks to keep it (to trust one authority across restarts).
 *
 * node-forge builds the certificates: Node can make keys but not X.509 certificates, and forge is the well-kept,
 * dependency-free library for that (its RSA keys are made by Node's own crypto here, which is ~10× faster).
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import forge from 'node-forge';

/** A certificate authority, as PEM: the certificate clients trust and the key that signs server certificates. */
export interface CertificateAuthority {
  /** Its certificate (PEM): what clients trust. */
  certificatePem: string;
  /** Its private key (PEM): signs server certificates; never printed. */
  keyPem: string;
}

/** What an HTTPS emulator serves with, and the authority clients trust. */
export interface TlsMaterial {
  /** The certificate authority's certificate (PEM): what clients must trust. */
  caPem: string;
  /** The server's certificate (PEM), signed by that authority. */
  certificatePem: string;
  /** The server's private key (PEM, PKCS #8). */
  keyPem: string;
}

/** Thrown when a CA file given to reuse is not one. */
export class TlsError extends Error {}

/** The names every emulator certificate covers: the loopback addresses clients use. */
export const CERTIFICATE_NAMES = { dns: ['localhost'], ip: ['127.0.0.1', '::1'] } as const;

/** Certificates are valid from an hour ago (clock skew) for 30 days: an emulator is not meant to run longer. */
const VALIDITY_MS = { before: 60 * 60 * 1000, after: 30 * 24 * 60 * 60 * 1000 };

function rsaKeys(): { pem: string; forgeKey: forge.pki.rsa.PrivateKey; forgePublicKey: forge.pki.rsa.PublicKey } {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const forgeKey = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()) as forge.pki.rsa.PrivateKey;
  return {
    pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    forgeKey,
    forgePublicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e),
  };
}

function newCertificate(publicKey: forge.pki.rsa.PublicKey, now: number): forge.pki.Certificate {
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = publicKey;
  // Positive (leading 01) and unique: clients cache by issuer and serial.
  certificate.serialNumber = '01' + crypto.randomBytes(15).toString('hex');
  certificate.validity.notBefore = new Date(now - VALIDITY_MS.before);
  certificate.validity.notAfter = new Date(now + VALIDITY_MS.after);
  return certificate;
}

/**
 * RFC 5280 name constraints: the authority may vouch only for `localhost`, 127.0.0.0/8 and ::1 (OpenSSL, Go and
 * Node's TLS enforce them), so trusting it — even system-wide, even with its key kept in a file — lets it speak for
 * no real site.
 */
function loopbackNameConstraints(): forge.asn1.Asn1 {
  const { asn1 } = forge;
  const subtree = (tag: number, value: string) =>
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, false, value)]);
  const bytes = (...octets: number[]) => String.fromCharCode(...octets);
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [
      subtree(2, 'localhost'),
      // iPAddress: the address, then the mask.
      subtree(7, bytes(127, 0, 0, 0, 255, 0, 0, 0)),
      subtree(7, bytes(...new Array(15).fill(0), 1, ...new Array(16).fill(255))),
    ]),
  ]);
}

/** A new certificate authority that may sign server certificates only (path length 0), for loopback names only. */
export function makeCertificateAuthority(now = Date.now()): CertificateAuthority {
  const keys = rsaKeys();
  const certificate = newCertificate(keys.forgePublicKey, now);
  const name = [
    { name: 'commonName', value: `alicloud-keypair emulator CA ${crypto.randomBytes(4).toString('hex')}` },
    { name: 'organizationName', value: 'pulumi-alicloud-keypair (local emulator, not a public CA)' },
  ];
  certificate.setSubject(name);
  certificate.setIssuer(name);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
    { id: '2.5.29.30', critical: true, value: loopbackNameConstraints() },
  ]);
  certificate.sign(keys.forgeKey, forge.md.sha256.create());
  return { certificatePem: forge.pki.certificateToPem(certificate), keyPem: keys.pem };
}

/** A server certificate for `names` (default: the loopback names), signed by `authority`. */
export function makeServerCertificate(
  authority: CertificateAuthority,
  now = Date.now(),
  names: { dns: readonly string[]; ip: readonly string[] } = CERTIFICATE_NAMES,
): TlsMaterial {
  let caCertificate: forge.pki.Certificate;
  let caKey: forge.pki.rsa.PrivateKey;
  try {
    caCertificate = forge.pki.certificateFromPem(authority.certificatePem);
    caKey = forge.pki.privateKeyFromPem(authority.keyPem) as forge.pki.rsa.PrivateKey;
  } catch {
    throw new TlsError('not an RSA certificate authority in PEM (a CERTIFICATE and its PRIVATE KEY)');
  }
  const keys = rsaKeys();
  const certificate = newCertificate(keys.forgePublicKey, now);
  certificate.setSubject([{ name: 'commonName', value: names.dns[0] ?? names.ip[0] }]);
  certificate.setIssuer(caCertificate.subject.attributes);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [...names.dns.map((value) => ({ type: 2, value })), ...names.ip.map((ip) => ({ type: 7, ip }))],
    },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCertificate.generateSubjectKeyIdentifier().getBytes() },
  ]);
  certificate.sign(caKey, forge.md.sha256.create());
  return { caPem: authority.certificatePem, certificatePem: forge.pki.certificateToPem(certificate), keyPem: keys.pem };
}

/** One authority and server certificate per process: emulators started with `tls: true` share them (keys take time). */
let shared: TlsMaterial | undefined;

/** The process's shared TLS material, made on first use. */
export function sharedTlsMaterial(): TlsMaterial {
  shared ??= makeServerCertificate(makeCertificateAuthority());
  return shared;
}

/**
 * The authority kept in `file` (certificate and key, PEM), made and written there (mode 0600) when the file does not
 * exist: so clients that trusted it once keep trusting the emulator across restarts.
 */
export function certificateAuthorityFile(file: string): CertificateAuthority {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new TlsError(`cannot read ${file}: ${(error as Error).message}`);
    const authority = makeCertificateAuthority();
    // `wx`: never through a file or link someone else placed there in the meantime.
    fs.writeFileSync(file, authority.certificatePem + authority.keyPem, { mode: 0o600, flag: 'wx' });
    return authority;
  }
  const certificatePem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\r?\n?/.exec(text)?.[0];
  const keyPem = /-----BEGIN (?:RSA )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA )?PRIVATE KEY-----\r?\n?/.exec(text)?.[0];
  if (!certificatePem || !keyPem) throw new TlsError(`${file} holds no certificate authority (a CERTIFICATE and a PRIVATE KEY, PEM)`);
  return { certificatePem, keyPem };
}

/** What an emulator serves HTTPS with, for its `tls` option (see EmulatorOptions), or undefined for plain HTTP. */
export function tlsMaterial(setting: boolean | { certificateAuthority: CertificateAuthority } | undefined): TlsMaterial | undefined {
  if (!setting) return undefined;
  return setting === true ? sharedTlsMaterial() : makeServerCertificate(setting.certificateAuthority);
}
