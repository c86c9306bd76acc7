/**
 * One public key in several Alibaba Cloud accounts: one key pair per account, each created through a RAM role of
 * that account (`assumeRole`), assumed with the stack's own credentials. Accounts come from stack config:
 *
 *   pulumi config set --path 'accounts.prod' acs:ram::1111111111111111:role/pulumi-deployer
 *   pulumi config set --path 'accounts.staging' acs:ram::2222222222222222:role/pulumi-deployer
 *
 * Each role's trust policy must let the stack's identity assume it. Changing an account's role ARN replaces that
 * key pair (it moves to the other account); nothing secret is stored.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { KeyPair } from 'pulumi-alicloud-keypair';

const config = new pulumi.Config();
const accounts = config.getObject<Record<string, string>>('accounts') ?? {
  prod: 'acs:ram::1111111111111111:role/pulumi-deployer',
  staging: 'acs:ram::2222222222222222:role/pulumi-deployer',
};
const publicKey = fs.readFileSync(path.join(__dirname, 'ops.pub'), 'utf8');

const keyPairs = Object.entries(accounts).map(
  ([account, roleArn]) =>
    new KeyPair(`ops-${account}`, {
      publicKey,
      keyPairName: 'ops',
      assumeRole: { roleArn, sessionName: `pulumi-${pulumi.getStack()}-${account}`.slice(0, 64) },
      tags: { team: 'ops', account },
    }),
);

/** account → the key pair's fingerprint in that account. */
export const fingerprints = Object.fromEntries(Object.keys(accounts).map((account, i) => [account, keyPairs[i].fingerprint]));
