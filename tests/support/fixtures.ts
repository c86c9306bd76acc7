/** The test fixtures (keys ssh-keygen made, private keys that must never leak) and the recognisable test credential. */
import * as fs from 'fs';
import * as path from 'path';

export const FIXTURES = path.join(__dirname, '..', 'fixtures');
export const key = (name: string): string => fs.readFileSync(path.join(FIXTURES, 'keys', name), 'utf8');
export const privateKey = (name: string): string => fs.readFileSync(path.join(FIXTURES, 'private', name), 'utf8');

/** Recognisable credentials: tests assert they never show up anywhere. */
export const TEST_CREDENTIAL = {
  accessKeyId: 'LTAI5tTestAccessKeyId01',
  accessKeySecret: 'TestSecret-7f3a9c1e5b2d4f6a8c0e-DO-NOT-LEAK',
};
