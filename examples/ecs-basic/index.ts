import { build } from './program';

const [deploy] = build();

export const keyPairName = deploy.keyPairName;
export const fingerprint = deploy.fingerprint;
export const fingerprintSha256 = deploy.fingerprintSha256;
export const region = deploy.region;
