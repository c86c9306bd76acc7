/**
 * Hostile input through `check` on the real provider host: generated names, mutated valid keys, private keys,
 * certificates, huge and binary input, odd tags and regions. Whatever comes in, check answers (no exception
 * escapes the host), every failure names the rule it broke, nothing that looks secret is echoed back, and no API
 * call is made.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { KeyPair } from '../../sdk';
import { programOf, startWorld, stopWorld, World } from './helpers';
import { FIXTURES, key } from '../support/fixtures';

const PRIVATE_KEYS = fs.readdirSync(path.join(FIXTURES, 'private')).map((f) => fs.readFileSync(path.join(FIXTURES, 'private', f), 'utf8'));
const REFUSED = fs.readdirSync(path.join(FIXTURES, 'refused')).map((f) => fs.readFileSync(path.join(FIXTURES, 'refused', f), 'utf8'));
const VALID = ['rsa2048.pub', 'ecdsa256.pub', 'rsa4096.rfc4716', 'ecdsa384.pem', 'dsa.pub'].map(key);
/** Every failure reason starts with the property it is about, so a user can tell which rule broke. */
const NAMES_A_RULE = /^(publicKey:? |keyPairName |region |resourceGroupId |tags |tag key |tag |adoptExisting )/;
const URN = 'urn:pulumi:test::test::pulumi-alicloud-keypair:index:KeyPair::hostile';

/** A valid key with one character replaced, some removed, or junk inserted. */
const mutatedKey = fc
  .tuple(fc.constantFrom(...VALID), fc.nat(), fc.constantFrom('replace', 'truncate', 'insert'), fc.string({ minLength: 1, maxLength: 8 }))
  .map(([text, at, how, junk]) => {
    const i = at % text.length;
    if (how === 'replace') return text.slice(0, i) + junk[0] + text.slice(i + 1);
    if (how === 'truncate') return text.slice(0, i);
    return text.slice(0, i) + junk + text.slice(i);
  });

const hostileKey = fc.oneof(
  mutatedKey,
  fc.constantFrom(...PRIVATE_KEYS, ...REFUSED),
  fc.constantFrom(...PRIVATE_KEYS).map((pem) => `${key('rsa2048.pub')}\n${pem}`),
  fc.uint8Array({ minLength: 1, maxLength: 2048 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.constant('ssh-rsa ' + 'A'.repeat(40_000)),
  fc.constantFrom(42, true, null, { publicKey: 'nested' }, ['ssh-rsa AAAA']),
);

const hostileName = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.constantFrom('', ' ', 'http://x', 'a'.repeat(129), '1starts-with-digit', 'has space', '中文名称', 'x'.repeat(5000), 42),
);
const hostileTags = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 140 }), fc.string({ maxLength: 140 }), { maxKeys: 25 }),
  fc.constantFrom({ aliyun: 'x' }, { 'acs:x': 'y' }, { k: 'http://x' }, { k: 7 }, 'not-an-object', ['a']),
);
const hostileRegion = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('CN-HANGZHOU', 'cn_hangzhou', 'cn-hangzhou\n', '../etc', 1));

describe('hostile input through check on the real provider host', function () {
  this.timeout(120_000);
  let world: World;
  let providerInput: unknown;

  before(async () => {
    world = await startWorld();
    const program = await programOf(() => [new KeyPair('hostile', { publicKey: key('rsa2048.pub') })]);
    providerInput = [...program.values()][0].__provider;
  });
  after(async () => stopWorld(world));

  /** Runs check and returns what the user would see; asserts the invariants that hold for every input. */
  async function checkSafely(news: Record<string, unknown>, secrets: string[] = []): Promise<Array<{ property: string; reason: string }>> {
    const result = await world.host.check(URN, {}, { ...news, __provider: providerInput });
    for (const failure of result.failures) {
      assert.match(failure.reason, NAMES_A_RULE);
      assert.ok(failure.reason.length < 1_000, 'reasons are short');
      for (const secret of secrets) assert.equal(failure.reason.includes(secret), false, 'a secret was echoed');
    }
    const shown = JSON.stringify(result);
    for (const secret of secrets) assert.equal(shown.includes(secret), false, 'a secret came back in the inputs');
    return result.failures;
  }

  /** Lines of private key bodies: what must never be echoed. */
  const secretLinesOf = (text: unknown): string[] =>
    typeof text === 'string' && /PRIVATE KEY/.test(text)
      ? text.split('\n').filter((line) => line.length >= 20 && !line.startsWith('-----'))
      : [];

  it('public keys: every hostile value gets a failure naming the rule, never the key text', async () => {
    await fc.assert(
      fc.asyncProperty(hostileKey, async (publicKey) => {
        const failures = await checkSafely({ publicKey }, secretLinesOf(publicKey));
        // A key failure never carries the property: the engine would print the value (maybe private, maybe huge).
        // (Only "publicKey is required" names it: then there is no value to print.)
        for (const failure of failures) assert.equal(failure.property, publicKey === null || publicKey === '' ? 'publicKey' : '');
      }),
      { numRuns: 150, seed: 424242 },
    );
    // Specific ones, with their exact rules.
    for (const pem of PRIVATE_KEYS) {
      const [failure] = await checkSafely({ publicKey: pem }, secretLinesOf(pem));
      assert.match(failure.reason, /^publicKey: this is a private key/);
      assert.equal(failure.property, '');
    }
    const [huge] = await checkSafely({ publicKey: 'ssh-rsa ' + 'A'.repeat(40_000) });
    assert.match(huge.reason, /^publicKey: the public key text is 40008 bytes, more than the 16384 any public key needs/);
  });

  it('names, tags and regions: failures name the rule; values are echoed only when short and harmless', async () => {
    await fc.assert(
      fc.asyncProperty(hostileName, hostileTags, hostileRegion, async (keyPairName, tags, region) => {
        const failures = await checkSafely({ publicKey: key('rsa2048.pub'), keyPairName, tags, region });
        for (const failure of failures) {
          // The engine prints the value beside a failure that has a property: only short scalars may have one.
          if (failure.property === 'keyPairName') assert.ok(typeof keyPairName !== 'object' && String(keyPairName).length <= 256);
        }
      }),
      { numRuns: 200, seed: 777 },
    );
  });

  it('a mutated key is never accepted as a different key without saying so', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedKey, async (publicKey) => {
        const result = await world.host.check(URN, {}, { publicKey, __provider: providerInput });
        if (result.failures.length === 0) {
          // Accepted: then it parsed to a real key and the fingerprint in the inputs is that key's own.
          assert.match(String(result.inputs.fingerprint), /^[0-9a-f]{32}$/);
          assert.match(String(result.inputs.publicKey), /^(ssh-rsa|ssh-dss|ecdsa-sha2-nistp\d+) [A-Za-z0-9+/]+=*$/);
        }
      }),
      { numRuns: 150, seed: 99 },
    );
  });

  it('no key-pair API call was made by any of it, and an up with invalid input stops before the API', async () => {
    // Valid inputs have their account looked up (STS, once per identity); nothing reached ECS or ENS.
    assert.equal(world.emulator.count() - world.emulator.count('GetCallerIdentity'), 0);
    assert.ok(world.emulator.count('GetCallerIdentity') <= 1);
    world.emulator.requests.length = 0;
    const program = await programOf(() => [new KeyPair('bad', { publicKey: PRIVATE_KEYS[0], keyPairName: 'has space' })]);
    const [result] = await world.engine.up(program);
    assert.match(result.error ?? '', /publicKey: this is a private key/);
    assert.equal(world.emulator.count(), 0);
    assert.deepEqual(world.emulator.snapshot(), []);
  });
  it('tags nested 1,000 levels deep (as deep as gRPC carries) get a failure, not a RangeError', async () => {
    let deep: Record<string, unknown> = { leaf: 'x' };
    for (let i = 0; i < 1_000; i++) deep = { nested: deep };
    const failures = await checkSafely({ publicKey: key('rsa2048.pub'), keyPairName: 'deep', tags: deep });
    assert.deepEqual(failures, [
      { property: '', reason: 'tags are nested more than 32 levels deep; tags must be a flat object of string keys to string values' },
    ]);
  });

  it('a key type named after an object property (constructor, toString, __proto__) is refused by name, quoting no function', async () => {
    for (const type of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const blob = Buffer.concat([Buffer.from([0, 0, 0, type.length]), Buffer.from(type), Buffer.alloc(40, 1)]);
      const failures = await checkSafely({ publicKey: `${type} ${blob.toString('base64')}` });
      assert.equal(failures.length, 1, type);
      assert.match(
        failures[0].reason,
        /^publicKey: (the key type is not recognised; use an RSA key|the text is not a public key; give one)/,
      );
      assert.doesNotMatch(failures[0].reason, /function|native code|\[object/);
    }
  });
});
