/**
 * The one home of the two Alibaba Cloud services this package manages key pairs in: what each is called, which API
 * version it speaks, where its endpoint override lives and which of its error codes the provider reacts to. The
 * client, the retry rules, the adapters and the emulator all read their service facts from here.
 */

/** ECS (regional; key pairs named) or ENS (Edge Node Service: global; key pairs also have an id). */
export type Service = 'ecs' | 'ens';

export interface ServiceFacts {
  /** As written in messages. */
  label: string;
  /** The RPC API version. */
  apiVersion: string;
  /** Environment variables that override the endpoint, first found wins. */
  endpointVariables: readonly string[];
  /** Codes the provider reacts to; none is worth retrying. */
  errorCodes: {
    /** The name is taken. */
    alreadyExists: string;
    /** Delete refused: the key pair is bound to instances. */
    attached: string;
  };
}

export const SERVICES: Readonly<Record<Service, ServiceFacts>> = {
  ecs: {
    label: 'ECS',
    apiVersion: '2014-05-26',
    endpointVariables: ['ALIBABA_CLOUD_ENDPOINT_ECS', 'ECS_ENDPOINT'],
    errorCodes: { alreadyExists: 'KeyPair.AlreadyExist', attached: 'InvalidParameter.KeypairAlreadyAttachedInstance' },
  },
  ens: {
    label: 'ENS',
    apiVersion: '2017-11-10',
    endpointVariables: ['ALIBABA_CLOUD_ENDPOINT_ENS', 'ENS_ENDPOINT'],
    errorCodes: { alreadyExists: 'PubKeyNameExisted', attached: 'PubKeyAttachedWithInstance' },
  },
};

/** Every service's key-pair error codes: answers about the request itself, never retried. */
export const SERVICE_ERROR_CODES: readonly string[] = Object.values(SERVICES).flatMap((facts) => Object.values(facts.errorCodes));
