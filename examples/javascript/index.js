// The same as ecs-basic, in plain JavaScript (runtime: nodejs, no TypeScript).
'use strict';
const fs = require('fs');
const path = require('path');
const { KeyPair } = require('pulumi-alicloud-keypair');

const deploy = new KeyPair('deploy', {
  publicKey: fs.readFileSync(path.join(__dirname, 'deploy.pub'), 'utf8'),
  keyPairName: 'deploy-js',
});

exports.keyPairName = deploy.keyPairName;
exports.fingerprint = deploy.fingerprint;
