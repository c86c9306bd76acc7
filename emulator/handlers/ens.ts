/** ENS 2017-11-10 key-pair actions. ENS has no regions on these calls and identifies key pairs by id too. */
import { errors } from '../errors';
import { generateKeyPair, readPublicKeyBody } from '../publicKeyBody';
import { creationTimeWithSeconds } from '../store';
import { Handler, HandlerContext, isValidKeyPairName, paging, required } from './context';

/** A new name: valid and not taken (ENS names are unique across ENS). */
function newName(context: HandlerContext): string {
  const name = required(context.params, 'KeyPairName');
  if (!isValidKeyPairName(name)) throw errors.ensInvalidParameter('KeyPairName');
  if (context.store.findEnsByName(name)) throw errors.ensPubKeyNameExisted();
  return name;
}

/** Keeps a new key pair under a fresh `ssh-…` id and returns that id. */
function keep(context: HandlerContext, name: string, key: { fingerprint: string; publicKey: string }): string {
  const keyPairId = context.store.nextEnsKeyPairId();
  context.store.ens.set(keyPairId, {
    keyPairId,
    keyPairName: name,
    fingerprint: key.fingerprint,
    publicKey: key.publicKey,
    creationTime: creationTimeWithSeconds(context.now),
    attachedInstances: [],
  });
  return keyPairId;
}

const importKeyPair: Handler = (context) => {
  const name = newName(context);
  const parsed = readPublicKeyBody(required(context.params, 'PublicKeyBody'), 'ens');
  if (!parsed) throw errors.ensInvalidParameter('PublicKeyBody');
  keep(context, name, parsed);
  return { KeyPairName: name, KeyPairFingerPrint: parsed.fingerprint };
};

/** ENS makes the key: an RSA key pair, its private key returned this once, its id like every ENS key pair's. */
const createKeyPair: Handler = (context) => {
  const name = newName(context);
  const generated = generateKeyPair();
  const keyPairId = keep(context, name, generated);
  return { KeyPairId: keyPairId, KeyPairName: name, KeyPairFingerPrint: generated.fingerprint, PrivateKeyBody: generated.privateKeyPem };
};

const describeKeyPairs: Handler = (context) => {
  const { pageNumber, pageSize } = paging(context.params);
  const { KeyPairName: name, KeyPairId: id } = context.params;
  const matching = [...context.store.ens.values()]
    .filter((r) => !name || r.keyPairName === name)
    .filter((r) => !id || r.keyPairId === id)
    .sort((a, b) => a.keyPairName.localeCompare(b.keyPairName));
  return {
    PageNumber: pageNumber,
    PageSize: pageSize,
    TotalCount: matching.length,
    KeyPairs: {
      KeyPair: matching.slice((pageNumber - 1) * pageSize, pageNumber * pageSize).map((r) => ({
        KeyPairId: r.keyPairId,
        KeyPairName: r.keyPairName,
        KeyPairFingerPrint: r.fingerprint,
        CreationTime: r.creationTime,
      })),
    },
  };
};

const deleteKeyPairs: Handler = (context) => {
  const { KeyPairName: name, KeyPairId: id } = context.params;
  if (!name && !id) throw errors.missingParameter('KeyPairName');
  const record = id ? context.store.ens.get(id) : context.store.findEnsByName(name!);
  if (record && name && id && record.keyPairName !== name) return {};
  if (record && record.attachedInstances.length > 0) throw errors.ensPubKeyAttached();
  if (record) context.store.ens.delete(record.keyPairId);
  return {};
};

export const ENS_VERSION = '2017-11-10';

export const ensHandlers: Readonly<Record<string, Handler>> = {
  ImportKeyPair: importKeyPair,
  CreateKeyPair: createKeyPair,
  DescribeKeyPairs: describeKeyPairs,
  DeleteKeyPairs: deleteKeyPairs,
};

export const ENS_WRITE_ACTIONS = new Set(['ImportKeyPair', 'CreateKeyPair', 'DeleteKeyPairs']);
