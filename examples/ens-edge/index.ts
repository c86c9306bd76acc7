/**
 * An ENS (Edge Node Service) key pair. ENS key pairs are global (no region) and ENS accepts ssh-rsa keys only:
 * an ECDSA key here fails at preview, before any API call, naming the rule.
 */
import * as fs from 'fs';
import * as path from 'path';
import { EnsKeyPair, fingerprint } from 'pulumi-alicloud-keypair';

const publicKey = fs.readFileSync(path.join(__dirname, 'edge.pub'), 'utf8');

const edge = new EnsKeyPair('edge', {
  publicKey,
  keyPairName: 'edge-nodes',
  // Take over a key pair someone created in the console, if it holds exactly this key.
  adoptExisting: true,
});

export const keyPairName = edge.keyPairName;
export const keyPairId = edge.keyPairId;
export const cloudFingerprint = edge.fingerprint;
// Computed locally, the same way: compare it with what ENS reports without deploying anything.
export const localFingerprint = fingerprint(publicKey).md5;
