import { strict as assert } from 'assert';
import fc from 'fast-check';
import { autoKeyPairName, keyPairNameProblems } from '../../provider/naming';
import { withoutNetwork } from './noNetwork';

/** The messages alone, in order. */
const messagesOf = (name: unknown) => keyPairNameProblems(name).map((problem) => problem.message);

describe('key-pair names', () => {
  withoutNetwork();
  it('accepts valid names', () => {
    for (const name of ['ab', 'deploy-key', 'Team:web_01', 'a'.repeat(128)]) assert.deepEqual(keyPairNameProblems(name), []);
  });

  it('gives one reason per broken rule', () => {
    assert.deepEqual(messagesOf('a'), ['keyPairName must be 2 to 128 characters long; it has 1']);
    assert.deepEqual(messagesOf('a'.repeat(129)), ['keyPairName must be 2 to 128 characters long; it has 129']);
    assert.deepEqual(messagesOf('1abc'), ['keyPairName must start with a letter (a-z or A-Z)']);
    assert.deepEqual(messagesOf('https://x'), [
      'keyPairName must not start with http:// or https://',
      "keyPairName may contain only letters, digits, ':', '_' and '-'; it contains '/', '.'".replace(", '.'", ''),
    ]);
    assert.deepEqual(messagesOf('9 bad name!'), [
      'keyPairName must start with a letter (a-z or A-Z)',
      "keyPairName may contain only letters, digits, ':', '_' and '-'; it contains U+0020, '!'",
    ]);
    assert.deepEqual(
      messagesOf('名字'),
      [
        "keyPairName may contain only letters, digits, ':', '_' and '-'; it contains U+540D, U+5B57",
        'keyPairName must start with a letter (a-z or A-Z)',
      ].reverse(),
    );
    assert.deepEqual(messagesOf(7), ['keyPairName must be text']);
  });

  it('names each broken rule by its id, the ids `validate --json` reports', () => {
    const rules = (name: unknown) => keyPairNameProblems(name).map((problem) => problem.rule);
    assert.deepEqual(rules('a'), ['length']);
    assert.deepEqual(rules('https://x'), ['no-url', 'characters']);
    assert.deepEqual(rules('9 bad name!'), ['starts-with-letter', 'characters']);
    assert.deepEqual(rules(7), ['text']);
  });

  it('auto-names are valid, stable for the same seed, different for another', () => {
    assert.equal(autoKeyPairName('web', 'p/s/web/fp1'), autoKeyPairName('web', 'p/s/web/fp1'));
    assert.notEqual(autoKeyPairName('web', 'p/s/web/fp1'), autoKeyPairName('web', 'p/s/web/fp2'));
    assert.match(autoKeyPairName('web', 'x'), /^web-[0-9a-f]{8}$/);
    assert.match(autoKeyPairName('9 lives/prod', 'x'), /^lives-prod-[0-9a-f]{8}$/);
    assert.match(autoKeyPairName('123', 'x'), /^keypair-[0-9a-f]{8}$/);
  });

  it('property: every generated name passes the rules; the rules never throw', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string(), (resourceName, seed) => {
        assert.deepEqual(keyPairNameProblems(autoKeyPairName(resourceName, seed)), []);
        const problems = keyPairNameProblems(resourceName);
        assert.ok(Array.isArray(problems));
      }),
      { numRuns: 3000 },
    );
  });
});
