/**
 * The main example: one ECS key pair from a public key file, auto-named, tagged.
 * In your own project, import from "pulumi-alicloud-keypair" instead of "../../sdk".
 */
import * as fs from 'fs';
import * as path from 'path';
import { KeyPair } from '../../sdk';

export function build(): [KeyPair] {
  const deploy = new KeyPair('deploy', {
    publicKey: fs.readFileSync(path.join(__dirname, 'deploy.pub'), 'utf8'),
    tags: { team: 'platform', managedBy: 'pulumi' },
  });
  return [deploy];
}
