/** How to start an emulator (every field has a default), and the defaults themselves. */
import type { EmulatorAccountOptions, EmulatorOidcProvider, EmulatorRole } from './accounts';
import type { EmulatorCredential } from './auth';
import type { FaultSettings } from './faultSettings';
import type { CertificateAuthority } from './tls';

/** The access key an emulator accepts when none are configured (also printed by `alicloud-keypair emulator`). */
export const DEFAULT_CREDENTIAL: EmulatorCredential = {
  accessKeyId: 'emulator-access-key-id',
  accessKeySecret: 'emulator-access-key-secret',
};

/** The default account's id (its key pairs are {@link Emulator.store}). */
export const DEFAULT_ACCOUNT_ID = '1000000000000001';

/** How to start an emulator; every field has a default. */
export interface EmulatorOptions {
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port; 0 (the default) picks a free one, see {@link Emulator.url}. */
  port?: number;
  /** Access keys of the default account. Default: {@link DEFAULT_CREDENTIAL}. */
  credentials?: EmulatorCredential[];
  /** The default account's id. Default {@link DEFAULT_ACCOUNT_ID}. */
  accountId?: string;
  /** RAM roles in the default account (for STS AssumeRole). */
  roles?: EmulatorRole[];
  /** OIDC providers in the default account (for STS AssumeRoleWithOIDC). */
  oidcProviders?: EmulatorOidcProvider[];
  /** More accounts, each with its own access keys, roles and key pairs. */
  accounts?: EmulatorAccountOptions[];
  /** ECS key pairs per region before `QuotaExceed.KeyPair`. Default 500, as Alibaba documents. */
  quotaPerRegion?: number;
  /** ECS regions that exist. Default: DEFAULT_REGIONS (regions.ts). */
  regions?: string[];
  /** Resource groups that exist (`rg-…`). Default: any well-formed id. */
  resourceGroups?: string[];
  /** Faults to inject from the start. */
  faults?: FaultSettings;
  /** The emulator's clock (timestamp checks, CreationTime). */
  now?: () => number;
  /**
   * Keep what it holds in this file across restarts: loaded at start (a file that is not an emulator state is refused
   * with StateFileError and left alone), written atomically after every change.
   */
  stateFile?: string;
  /** Told one line per request answered: time, service, action, region, status, code. */
  log?: (line: string) => void;
  /**
   * Serve HTTPS instead of HTTP, on the same port: `true` for a certificate authority made at start (shared by the
   * process's emulators), or the authority to sign the server certificate with (one clients already trust). The
   * authority's certificate is {@link Emulator.caPem}.
   */
  tls?:
    | boolean
    | {
        /** The authority that signs the server certificate (e.g. from `makeCertificateAuthority`). */
        certificateAuthority: CertificateAuthority;
      };
}
