/**
 * Programs for throwaway projects (tests/cli, bench/realCli.ts): the text of an index.js that declares one KeyPair
 * or EnsKeyPair per entry of a resources.json beside it (or looks one up with `get`), with its args and resource options, and exports each one's
 * name, fingerprint and key; a publicKey can come from secret stack config.
 */
export const GENERIC_PROGRAM = `// Declares what resources.json lists, so one project serves every situation.
const fs = require('fs');
const path = require('path');
const pulumi = require('@pulumi/pulumi');
const { KeyPair, EnsKeyPair } = require('pulumi-alicloud-keypair');

const spec = JSON.parse(fs.readFileSync(path.join(__dirname, 'resources.json'), 'utf8'));
const config = new pulumi.Config();
for (const entry of spec) {
  const args = { ...entry.args };
  if (entry.secretPublicKey) args.publicKey = config.requireSecret(entry.secretPublicKey);
  const Resource = entry.service === 'ens' ? EnsKeyPair : KeyPair;
  // "get": look an existing key pair up by its id instead of managing one.
  const resource = entry.get
    ? entry.service === 'ens'
      ? EnsKeyPair.get(entry.name, entry.get, args, entry.options)
      : KeyPair.get(entry.name, entry.get, args, entry.options)
    : new Resource(entry.name, args, entry.options);
  exports[entry.name] = { keyPairName: resource.keyPairName, fingerprint: resource.fingerprint, publicKey: resource.publicKey };
}
`;
