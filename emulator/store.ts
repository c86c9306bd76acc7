/**
 * The emulator's state: key pairs per ECS region and for ENS, in memory. Tests read and change it directly to
 * simulate drift (a key pair deleted, or re-imported with another key, outside Pulumi).
 */
export interface EcsKeyPairRecord {
  keyPairName: string;
  fingerprint: string;
  publicKey: string;
  creationTime: string;
  resourceGroupId: string;
  tags: Map<string, string>;
  /** Instance ids this key pair is bound to; delete is refused while non-empty. */
  attachedInstances: string[];
}

export interface EnsKeyPairRecord {
  keyPairId: string;
  keyPairName: string;
  fingerprint: string;
  publicKey: string;
  creationTime: string;
  attachedInstances: string[];
}

/** A key pair as tests see it: plain JSON. */
export interface KeyPairSnapshot {
  service: 'ecs' | 'ens';
  region?: string;
  keyPairName: string;
  keyPairId?: string;
  fingerprint: string;
  publicKey: string;
  resourceGroupId?: string;
  tags?: Record<string, string>;
  attachedInstances: string[];
}

export class EmulatorStore {
  readonly ecs = new Map<string, Map<string, EcsKeyPairRecord>>();
  readonly ens = new Map<string, EnsKeyPairRecord>();
  private ensSequence = 0;

  ecsRegion(region: string): Map<string, EcsKeyPairRecord> {
    let pairs = this.ecs.get(region);
    if (!pairs) {
      pairs = new Map();
      this.ecs.set(region, pairs);
    }
    return pairs;
  }

  nextEnsKeyPairId(): string {
    this.ensSequence += 1;
    return `ssh-${(0x5e000000 + this.ensSequence).toString(16)}`;
  }

  findEnsByName(name: string): EnsKeyPairRecord | undefined {
    for (const record of this.ens.values()) if (record.keyPairName === name) return record;
    return undefined;
  }

  /** Everything, as JSON, sorted: for assertions. */
  snapshot(): KeyPairSnapshot[] {
    const out: KeyPairSnapshot[] = [];
    for (const [region, pairs] of [...this.ecs.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      for (const r of [...pairs.values()].sort((a, b) => a.keyPairName.localeCompare(b.keyPairName))) {
        out.push({
          service: 'ecs',
          region,
          keyPairName: r.keyPairName,
          fingerprint: r.fingerprint,
          publicKey: r.publicKey,
          resourceGroupId: r.resourceGroupId,
          tags: Object.fromEntries(r.tags),
          attachedInstances: [...r.attachedInstances],
        });
      }
    }
    for (const r of [...this.ens.values()].sort((a, b) => a.keyPairName.localeCompare(b.keyPairName))) {
      out.push({
        service: 'ens',
        keyPairName: r.keyPairName,
        keyPairId: r.keyPairId,
        fingerprint: r.fingerprint,
        publicKey: r.publicKey,
        attachedInstances: [...r.attachedInstances],
      });
    }
    return out;
  }

  clear(): void {
    this.ecs.clear();
    this.ens.clear();
  }
}

/** Alibaba's CreationTime: UTC with minute precision, e.g. 2023-09-04T08:33Z. */
export function creationTime(now: Date): string {
  return now.toISOString().slice(0, 16) + 'Z';
}
