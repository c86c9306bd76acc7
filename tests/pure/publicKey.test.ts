import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { parsePublicKey, PublicKeyError } from '../../provider/ssh/publicKey';
import { KeyFingerprint, normalizeFingerprint, sshKeygenLine } from '../../provider/ssh/fingerprint';
import { parsePublicKeyFor } from '../../provider/ssh/serviceRules';
import { fingerprint } from '../../sdk';
import fingerprints from '../fixtures/fingerprints.json';
import { withoutNetwork } from './noNetwork';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const read = (...parts: string[]) => fs.readFileSync(path.join(FIXTURES, ...parts), 'utf8');

function refusal(text: unknown): PublicKeyError {
  try {
    parsePublicKey(text);
  } catch (error) {
    assert.ok(error instanceof PublicKeyError, `expected PublicKeyError, got ${error}`);
    return error;
  }
  throw new Error('expected a refusal');
}

describe('public keys', () => {
  withoutNetwork();
  describe('fingerprints pinned to ssh-keygen output, in every encoding ssh-keygen exports', () => {
    for (const [name, expected] of Object.entries(fingerprints.keys)) {
      for (const encoding of ['pub', 'rfc4716', 'pem', 'pkcs8']) {
        const file = path.join(FIXTURES, 'keys', `${name}.${encoding}`);
        if (!fs.existsSync(file)) continue;
        it(`${name}.${encoding}`, () => {
          const info = parsePublicKey(fs.readFileSync(file, 'utf8'));
          assert.equal('MD5:' + info.md5.replace(/(..)(?!$)/g, '$1:'), expected.md5);
          assert.equal(info.sha256, expected.sha256);
          assert.equal(info.bits, expected.bits);
          assert.equal(info.publicKey, read('keys', `${name}.pub`).split(' ').slice(0, 2).join(' '));
        });
      }
    }
  });

  it('reports the SSH key types', () => {
    assert.deepEqual(
      ['rsa2048', 'dsa', 'ecdsa256', 'ecdsa384', 'ecdsa521', 'ed25519'].map((k) => parsePublicKey(read('keys', `${k}.pub`)).type),
      ['ssh-rsa', 'ssh-dss', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'ssh-ed25519'],
    );
  });

  it('fingerprint() is exported from the package entry and agrees', () => {
    assert.deepEqual(fingerprint(read('keys', 'rsa1024.rfc4716')), {
      md5: '338f7c6dcfb5d54666dfbcb66be5bad3',
      sha256: 'SHA256:JubAmbM/7oAcI7K4QEw70ReXpuOyA2Q9SN5GNQvHG3g',
      type: 'ssh-rsa',
      bits: 1024,
      publicKey: read('keys', 'rsa1024.pub').split(' ').slice(0, 2).join(' '),
    });
  });

  it('normalizes fingerprints in every printed form', () => {
    assert.equal(normalizeFingerprint('MD5:BE:D4:d8:7e:19:63:5b:2f:66:50:6f:5f:f6:1c:bc:f8'), 'bed4d87e19635b2f66506f5ff61cbcf8');
  });

  describe('refusals: exact reasons', () => {
    const FORMATS =
      'give one public key as an OpenSSH line (ssh-rsa AAAA… comment, the contents of a .pub file), an RFC 4716 block (---- BEGIN SSH2 PUBLIC KEY ----) or a PEM public key (-----BEGIN PUBLIC KEY-----)';
    const cases: Array<[string, unknown, string, string]> = [
      ['empty', '  \n ', 'empty', `the public key is empty; ${FORMATS}`],
      ['not text', 42, 'not-a-string', `the public key must be text; ${FORMATS}`],
      [
        'megabytes',
        'ssh-rsa ' + 'A'.repeat(3_000_000),
        'too-large',
        `the public key text is 3000008 bytes, more than the 16384 any public key needs; ${FORMATS}`,
      ],
      [
        'two keys',
        read('keys', 'rsa2048.pub') + read('keys', 'ecdsa256.pub'),
        'multiple-keys',
        'the text holds 2 keys; give exactly one public key',
      ],
      [
        'truncated base64',
        read('keys', 'rsa2048.pub').slice(0, 200),
        'corrupt',
        'the RSA key data is truncated or corrupt; copy the whole key again from the .pub file',
      ],
      [
        'base64 cut mid-quantum',
        read('keys', 'rsa2048.pub').slice(0, 201),
        'corrupt',
        'the key data is not valid base64 (truncated or altered); copy the whole key again from the .pub file',
      ],
      ['garbage', 'hello world', 'unrecognised-format', `the text is not a public key; ${FORMATS}`],
      [
        'an OpenSSH certificate',
        read('refused', 'rsa2048-cert.pub'),
        'certificate',
        'this is an OpenSSH certificate, not a public key; give the plain public key it certifies (the .pub file without -cert)',
      ],
      [
        'RSA 512',
        read('refused', 'rsa512.pub'),
        'rsa-too-small',
        'RSA keys must have at least 1024 bits and this one has 512; generate a new key with `ssh-keygen -t rsa -b 4096`',
      ],
      [
        'RSA 512 as PEM',
        read('refused', 'rsa512.pkcs8'),
        'rsa-too-small',
        'RSA keys must have at least 1024 bits and this one has 512; generate a new key with `ssh-keygen -t rsa -b 4096`',
      ],
      [
        'type mismatch',
        'ssh-dss ' + read('keys', 'rsa2048.pub').split(' ')[1],
        'type-mismatch',
        'the line says ssh-dss but its key data is ssh-rsa; copy the line again from the .pub file',
      ],
      [
        'X.509 certificate',
        '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
        'certificate',
        'this is an X.509 certificate, not an SSH public key; give the public key (`ssh-keygen -y -f <private key>`)',
      ],
      [
        'unterminated RFC 4716',
        read('keys', 'rsa2048.rfc4716').replace('---- END SSH2 PUBLIC KEY ----', ''),
        'corrupt',
        'the RFC 4716 block has no "---- END SSH2 PUBLIC KEY ----" line; copy the whole block',
      ],
      [
        'extra bytes in the blob',
        'ssh-rsa ' +
          Buffer.concat([Buffer.from(read('keys', 'rsa2048.pub').split(' ')[1], 'base64'), Buffer.from([0, 0, 0, 0])]).toString('base64'),
        'corrupt',
        'the RSA key data is truncated or corrupt; copy the whole key again from the .pub file',
      ],
    ];
    for (const [title, input, rule, message] of cases) {
      it(title, () => {
        const error = refusal(input);
        assert.equal(error.rule, rule);
        assert.equal(error.message, message);
      });
    }

    for (const file of fs.readdirSync(path.join(FIXTURES, 'private'))) {
      it(`private key ${file}: refused, the message holds none of it`, () => {
        const text = read('private', file);
        const error = refusal(text);
        assert.equal(error.rule, 'private-key');
        assert.equal(
          error.message,
          'this is a private key, which must never leave your machine; give the public key instead (`ssh-keygen -y -f <private key file>` prints it). The value is not shown',
        );
        for (const line of text.split('\n').filter((l) => l.length > 20)) assert.equal(error.message.includes(line), false);
      });
    }

    it('ECS refuses Ed25519 naming what it accepts; ENS refuses all but ssh-rsa', () => {
      assert.throws(() => parsePublicKeyFor('ecs', read('keys', 'ed25519.pub')), {
        message:
          'ECS accepts RSA, DSA and ECDSA keys (ssh-rsa, ssh-dss, ecdsa-sha2-nistp256/384/521); this is an Ed25519 key (ssh-ed25519). Use an RSA key: `ssh-keygen -t rsa -b 4096`',
      });
      assert.throws(() => parsePublicKeyFor('ens', read('keys', 'dsa.pub')), {
        message: 'ENS accepts RSA keys only (ssh-rsa); this is an DSA key (ssh-dss). Use an RSA key: `ssh-keygen -t rsa -b 4096`',
      });
      assert.equal(parsePublicKeyFor('ens', read('keys', 'rsa2048.pem')).type, 'ssh-rsa');
      assert.equal(parsePublicKeyFor('ecs', read('keys', 'ecdsa521.rfc4716')).bits, 521);
    });
  });

  describe('property-based: nothing escapes, nothing hangs, nothing echoed', () => {
    const valid = ['rsa2048.pub', 'ecdsa256.pub', 'dsa.rfc4716', 'rsa1024.pem'].map((f) => read('keys', f));

    it('random strings: a PublicKeyError or a result, never anything else', () => {
      fc.assert(
        fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), (text) => {
          try {
            parsePublicKey(text);
          } catch (error) {
            assert.ok(error instanceof PublicKeyError);
            if (text.length > 12) assert.equal(error.message.includes(text), false);
          }
        }),
        { numRuns: 3000 },
      );
    });

    it('mutated valid keys: a PublicKeyError or a result whose fingerprint matches its canonical form', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...valid),
          fc.nat(),
          fc.nat(255),
          fc.constantFrom('replace', 'delete', 'insert', 'truncate'),
          (text, at, code, how) => {
            const i = at % text.length;
            const c = String.fromCharCode(code);
            const mutated =
              how === 'replace'
                ? text.slice(0, i) + c + text.slice(i + 1)
                : how === 'delete'
                  ? text.slice(0, i) + text.slice(i + 1)
                  : how === 'insert'
                    ? text.slice(0, i) + c + text.slice(i)
                    : text.slice(0, i);
            try {
              const info = parsePublicKey(mutated);
              assert.equal(parsePublicKey(info.publicKey).md5, info.md5);
            } catch (error) {
              assert.ok(error instanceof PublicKeyError, String(error));
            }
          },
        ),
        { numRuns: 3000 },
      );
    });
  });
});

describe('KeyFingerprint: one value, every form', () => {
  const keys = fingerprints.keys as Record<string, { md5: string; sha256: string }>;
  const parsed = (name: string) => parsePublicKey(fs.readFileSync(path.join(FIXTURES, 'keys', `${name}.pub`), 'utf8'));

  it('prints Alibaba’s hex and ssh-keygen’s MD5 and SHA256 forms exactly as ssh-keygen did for the fixtures', () => {
    for (const name of ['rsa2048', 'ecdsa256', 'dsa']) {
      const fingerprint = KeyFingerprint.of(parsed(name));
      assert.equal(fingerprint.toString('md5'), keys[name].md5, name);
      assert.equal(fingerprint.toString('sha256'), keys[name].sha256, name);
      assert.equal(fingerprint.toString(), keys[name].md5.replace(/^MD5:/, '').replace(/:/g, ''), name);
    }
  });

  it('the ssh-keygen -l line: bits, fingerprint, comment, (type)', () => {
    assert.equal(sshKeygenLine(parsed('rsa2048'), 'md5', 'me@host'), `2048 ${keys.rsa2048.md5} me@host (RSA)`);
    assert.equal(sshKeygenLine(parsed('ecdsa256'), 'sha256', 'me@host'), `256 ${keys.ecdsa256.sha256} me@host (ECDSA)`);
  });
});
