/** createKeyPair.ts: import, or carry on with a key pair this create can show is its own — over a fake adapter. */
import { strict as assert } from 'assert';
import { ApiError, NetworkError } from '../../provider/alibaba';
import { KeyPairServiceAdapter } from '../../provider/adapters/adapter';
import { createKeyPair } from '../../provider/createKeyPair';
import { SERVICES } from '../../provider/serviceFacts';
import type { CloudKeyPair, KeyPairInputs, KeyPairLocation } from '../../provider/types';
import { withoutNetwork } from './noNetwork';

const OURS = 'a'.repeat(32);
const OTHER = 'b'.repeat(32);
const INPUTS: KeyPairInputs = {
  publicKey: 'ssh-rsa AAAA',
  fingerprint: OURS,
  keyPairName: 'deploy-key',
  autoNamed: false,
  region: 'cn-hangzhou',
  owner: 'owner-token-1',
  tags: { env: 'prod' },
};

/** A cloud of one region, with the calls it saw. */
class FakeCloud implements KeyPairServiceAdapter {
  readonly service = 'ecs' as const;
  readonly errorCodes = SERVICES.ecs.errorCodes;
  readonly calls: string[] = [];
  held: CloudKeyPair | undefined;
  /** Thrown by the next import (after applying it, when `applied`). */
  importFailure?: { error: Error; applied: boolean };

  idOf(): string {
    return this.held?.keyPairName ?? '';
  }
  locateById() {
    return {};
  }
  createdFields() {
    return {};
  }
  cloudFields() {
    return {};
  }
  async importKeyPair(inputs: KeyPairInputs): Promise<CloudKeyPair> {
    this.calls.push('import');
    const imported = { keyPairName: inputs.keyPairName, fingerprint: inputs.fingerprint, owner: inputs.owner, tags: inputs.tags };
    const failure = this.importFailure;
    this.importFailure = undefined;
    if (failure?.applied) this.held = imported;
    if (failure) throw failure.error;
    if (this.held) throw new ApiError({ action: 'ImportKeyPair', code: 'KeyPair.AlreadyExist', httpStatus: 400, message: 'exists' });
    this.held = imported;
    return imported;
  }
  async find(location: KeyPairLocation): Promise<CloudKeyPair | undefined> {
    this.calls.push(`find ${location.keyPairName}`);
    return this.held;
  }
  async delete(): Promise<void> {
    this.calls.push('delete');
    this.held = undefined;
  }
  async setTags(_location: KeyPairLocation, _current: Record<string, string>, desired: Record<string, string>) {
    this.calls.push('setTags');
    return desired;
  }
}

describe('createKeyPair (over a fake adapter)', () => {
  withoutNetwork();

  it('a free name: looked up, then imported', async () => {
    const cloud = new FakeCloud();
    const created = await createKeyPair(cloud, INPUTS);
    assert.equal(created.fingerprint, OURS);
    assert.deepEqual(cloud.calls, ['find deploy-key', 'import']);
  });

  it('our own key pair from an interrupted run (our owner tag, our key): carried on with, tags set, nothing imported', async () => {
    const cloud = new FakeCloud();
    cloud.held = { keyPairName: 'deploy-key', fingerprint: OURS, owner: 'owner-token-1', tags: {} };
    const created = await createKeyPair(cloud, INPUTS);
    assert.deepEqual(created.tags, { env: 'prod' });
    assert.deepEqual(cloud.calls, ['find deploy-key', 'setTags']);
  });

  it("someone else's key pair with our key: refused unless adoptExisting, which takes it over", async () => {
    const cloud = new FakeCloud();
    cloud.held = { keyPairName: 'deploy-key', fingerprint: OURS, owner: 'another-stack', tags: {} };
    await assert.rejects(createKeyPair(cloud, INPUTS), /adoptExisting/);
    assert.deepEqual(cloud.calls, ['find deploy-key']);
    const adopted = await createKeyPair(cloud, { ...INPUTS, adoptExisting: true });
    assert.equal(adopted.fingerprint, OURS);
  });

  it('a key pair of the name holding another key: refused even with adoptExisting, and left alone', async () => {
    const cloud = new FakeCloud();
    cloud.held = { keyPairName: 'deploy-key', fingerprint: OTHER, tags: {} };
    await assert.rejects(createKeyPair(cloud, { ...INPUTS, adoptExisting: true }), new RegExp(OTHER));
    assert.equal(cloud.held?.fingerprint, OTHER);
    assert.equal(cloud.calls.includes('delete'), false);
  });

  it('an import applied but unanswered, then "already exists" on the retry: ours (our tag), adopted — one key pair', async () => {
    const cloud = new FakeCloud();
    const exists = new ApiError({
      action: 'ImportKeyPair',
      code: 'KeyPair.AlreadyExist',
      httpStatus: 400,
      message: 'exists',
      afterAmbiguousAttempt: true,
    });
    cloud.importFailure = { error: exists, applied: true };
    const created = await createKeyPair(cloud, INPUTS);
    assert.equal(created.owner, 'owner-token-1');
    assert.deepEqual(cloud.calls, ['find deploy-key', 'import', 'find deploy-key', 'setTags']);
  });

  it('an import that may have been applied, then failed: what it made is deleted (nothing left behind); a clear failure is not followed up', async () => {
    const cloud = new FakeCloud();
    cloud.importFailure = { error: new NetworkError('ImportKeyPair', 'ECONNRESET', 'socket hang up', true), applied: true };
    await assert.rejects(createKeyPair(cloud, INPUTS), /ECONNRESET/);
    assert.equal(cloud.held, undefined);
    assert.deepEqual(cloud.calls, ['find deploy-key', 'import', 'find deploy-key', 'delete']);

    const refused = new FakeCloud();
    refused.importFailure = {
      error: new ApiError({ action: 'ImportKeyPair', code: 'InvalidPublicKeyBody.Malformed', httpStatus: 400, message: 'bad' }),
      applied: false,
    };
    await assert.rejects(createKeyPair(refused, INPUTS), /InvalidPublicKeyBody\.Malformed/);
    assert.deepEqual(refused.calls, ['find deploy-key', 'import']);
  });
});
