/**
 * The same public key in several ECS regions, one key pair per region, named after the region. Regions come from
 * stack config (`pulumi config set --path 'regions[0]' cn-hangzhou` …), defaulting to three.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { KeyPair } from 'pulumi-alicloud-keypair';

const config = new pulumi.Config();
const regions = config.getObject<string[]>('regions') ?? ['cn-hangzhou', 'cn-beijing', 'ap-southeast-1'];
const publicKey = fs.readFileSync(path.join(__dirname, 'ops.pub'), 'utf8');

const keyPairs = regions.map(
  (region) =>
    new KeyPair(`ops-${region}`, {
      publicKey,
      region,
      keyPairName: `ops-${region}`,
      tags: { team: 'ops', stack: pulumi.getStack() },
    }),
);

/** region → key-pair name, for instance definitions elsewhere in the program. */
export const keyPairNames = Object.fromEntries(regions.map((region, i) => [region, keyPairs[i].keyPairName]));
export const fingerprint = keyPairs[0].fingerprint;
