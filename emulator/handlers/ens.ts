/** ENS 2017-11-10 key-pair actions. ENS has no regions on these calls and identifies key pairs by id too. */
import { errors } from '../errors';
import { readPublicKeyBody } from '../publicKeyBody';
import { creationTimeWithSeconds } from '../store';
import { Handler, isValidKeyPairName, paging, required } from './context';

const importKeyPair: Handler = (context) => {
  const name = required(context.params, 'KeyPairName');
  if (!isValidKeyPairName(name)) throw errors.ensInvalidParameter('KeyPairName');
  const parsed = readPublicKeyBody(required(context.params, 'PublicKeyBody'), 'ens');
  if (!parsed) throw errors.ensInvalidParameter('PublicKeyBody');
  if (context.store.findEnsByName(name)) throw errors.ensPubKeyNameExisted();
  const keyPairId = context.store.nextEnsKeyPairId();
  context.store.ens.set(keyPairId, {
    keyPairId,
    keyPairName: name,
    fingerprint: parsed.fingerprint,
    publicKey: parsed.publicKey,
    creationTime: creationTimeWithSeconds(context.now),
    attachedInstances: [],
  });
  return { KeyPairName: name, KeyPairFingerPrint: parsed.fingerprint };
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
  DescribeKeyPairs: describeKeyPairs,
  DeleteKeyPairs: deleteKeyPairs,
};

export const ENS_WRITE_ACTIONS = new Set(['ImportKeyPair', 'DeleteKeyPairs']);
