/**
 * The main example: one ECS key pair from a public key file, auto-named, tagged.
 * `npm start` runs it against the bundled emulator; copied into your project it runs as is.
 */
import * as fs from 'fs';
import * as path from 'path';
import { KeyPair } from 'pulumi-alicloud-keypair';

export function build(): [KeyPair] {
  const deploy = new KeyPair('deploy', {
    publicKey: fs.readFileSync(path.join(__dirname, 'deploy.pub'), 'utf8'),
    tags: { team: 'platform', managedBy: 'pulumi' },
  });
  return [deploy];
}
