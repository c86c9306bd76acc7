/**
 * How the emulated services read PublicKeyBody: an OpenSSH line `type base64 [comment]`, fingerprinted as
 * Alibaba does (MD5 of the key blob, plain lowercase hex). Deliberately independent of the provider's parser, so
 * that tests comparing the two are not comparing a function with itself.
 */
import type { Service } from '../provider/serviceFacts';
import * as crypto from 'crypto';
import sshpk from 'sshpk';

const ECS_TYPES = new Set(['ssh-rsa', 'ssh-dss', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521']);
const ENS_TYPES = new Set(['ssh-rsa']);

export interface ParsedBody {
  type: string;
  fingerprint: string;
  /** `type base64` as stored. */
  publicKey: string;
}

export function readPublicKeyBody(body: string, service: Service): ParsedBody | undefined {
  const fields = body.trim().split(/\s+/);
  if (fields.length < 2 || body.length > 16384) return undefined;
  const [type, data] = fields;
  if (!(service === 'ecs' ? ECS_TYPES : ENS_TYPES).has(type)) return undefined;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(data)) return undefined;
  const blob = Buffer.from(data, 'base64');
  try {
    const key = sshpk.parseKey(blob, 'rfc4253');
    if (key.type === 'rsa' && key.size < 1024) return undefined;
  } catch {
    return undefined;
  }
  if (blob.readUInt32BE(0) !== type.length || blob.subarray(4, 4 + type.length).toString() !== type) return undefined;
  return { type, fingerprint: crypto.createHash('md5').update(blob).digest('hex'), publicKey: `${type} ${data}` };
}

/** CreateKeyPair: a new RSA 2048 key pair, the private key returned once as Alibaba does. */
export function generateKeyPair(): { publicKey: string; privateKeyPem: string; fingerprint: string } {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  const key = sshpk.parseKey(publicKey, 'pem');
  const blob = key.toBuffer('rfc4253', {});
  return {
    publicKey: `ssh-rsa ${blob.toString('base64')}`,
    privateKeyPem: privateKey,
    fingerprint: crypto.createHash('md5').update(blob).digest('hex'),
  };
}
