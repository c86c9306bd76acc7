/**
 * The emulator's state: key pairs per ECS region and for ENS, in memory. Tests read and change it directly to
 * simulate drift (a key pair deleted, or re-imported with another key, outside Pulumi).
 */
import type { Service } from '../provider/serviceFacts';
/** An ECS key pair as the emulator keeps it (one region's map holds them by name). */
export interface EcsKeyPairRecord {
  /** Unique within its region. */
  keyPairName: string;
  /** Alibaba's form: 32 lowercase hex, MD5 of the key blob. */
  fingerprint: string;
  /** Canonical `type base64`, as DescribeKeyPairs returns it with IncludePublicKey. */
  publicKey: string;
  /** `YYYY-MM-DDTHH:mmZ`, as ECS prints it. */
  creationTime: string;
  /** The resource group (`rg-…`); imports without one land in the default group. */
  resourceGroupId: string;
  /** Tag key → value. */
  tags: Map<string, string>;
  /** Instance ids this key pair is bound to; delete is refused while non-empty. */
  attachedInstances: string[];
}

/** An ENS key pair as the emulator keeps it (ENS is global: one map, by key-pair id). */
export interface EnsKeyPairRecord {
  /** `ssh-…`, assigned on import. */
  keyPairId: string;
  /** Unique across ENS. */
  keyPairName: string;
  /** 32 lowercase hex, MD5 of the key blob. */
  fingerprint: string;
  /** Canonical `ssh-rsa base64`. */
  publicKey: string;
  /** `YYYY-MM-DDTHH:mm:ssZ`, as ENS prints it. */
  creationTime: string;
  /** Instance ids this key pair is bound to; delete is refused while non-empty. */
  attachedInstances: string[];
}

/** An instance, as far as key pairs care (see instances.ts). Which key pair is bound lives on the key pair. */
export interface InstanceRecord {
  /** `i-…`. */
  instanceId: string;
  /** Which service runs it. */
  service: Service;
  /** ECS: its region; ENS: `ens`. */
  regionId: string;
  /** Its name (default: its id). */
  instanceName: string;
  /** `Running` or `Stopped`. */
  status: 'Running' | 'Stopped';
  /** `linux` or `windows` (ECS binds no key pair to a Windows instance). */
  osType: 'linux' | 'windows';
  /** `YYYY-MM-DDTHH:mmZ`. */
  creationTime: string;
}

/** An instance as tests and the control API see it. */
export interface InstanceSnapshot extends InstanceRecord {
  /** The key pair bound to it, if any. */
  keyPairName?: string;
}

/** A key pair as tests see it: plain JSON. */
export interface KeyPairSnapshot {
  /** Which service holds it. */
  service: Service;
  /** ECS only. */
  region?: string;
  /** The key pair's name. */
  keyPairName: string;
  /** ENS only. */
  keyPairId?: string;
  /** 32 lowercase hex, MD5 of the key blob. */
  fingerprint: string;
  /** Canonical `type base64`. */
  publicKey: string;
  /** ECS only. */
  resourceGroupId?: string;
  /** ECS only: tag key → value. */
  tags?: Record<string, string>;
  /** Instance ids the key pair is bound to. */
  attachedInstances: string[];
}

/** The resource group a key pair imported without one lands in (each account's default group). */
export const DEFAULT_RESOURCE_GROUP = 'rg-acfmdefault0001';

/** Everything the emulator holds. Change it directly to simulate changes made outside Pulumi. */
export class EmulatorStore {
  /** ECS key pairs: region → name → record. */
  readonly ecs = new Map<string, Map<string, EcsKeyPairRecord>>();
  /** ENS key pairs: key-pair id → record. */
  readonly ens = new Map<string, EnsKeyPairRecord>();
  /** Instances, by id (ECS and ENS ids never collide: both are random). */
  readonly instances = new Map<string, InstanceRecord>();
  /** How many ENS ids were handed out (kept in a state file, so ids never repeat after a restart). */
  sequence = 0;

  /** One region's ECS key pairs (created empty on first use): `store.ecsRegion('cn-hangzhou').delete(name)`. */
  ecsRegion(region: string): Map<string, EcsKeyPairRecord> {
    let pairs = this.ecs.get(region);
    if (!pairs) {
      pairs = new Map();
      this.ecs.set(region, pairs);
    }
    return pairs;
  }

  /** A fresh ENS key-pair id, as ImportKeyPair assigns one. */
  nextEnsKeyPairId(): string {
    this.sequence += 1;
    return `ssh-${(0x5e000000 + this.sequence).toString(16)}`;
  }

  /** The ENS key pair with this name, if any. */
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

  /** The key pair bound to the instance, if any (of its region, for ECS). */
  boundKeyPair(instance: InstanceRecord): EcsKeyPairRecord | EnsKeyPairRecord | undefined {
    const pairs: Iterable<EcsKeyPairRecord | EnsKeyPairRecord> =
      instance.service === 'ecs' ? (this.ecs.get(instance.regionId)?.values() ?? []) : this.ens.values();
    for (const pair of pairs) if (pair.attachedInstances.includes(instance.instanceId)) return pair;
    return undefined;
  }

  /** Every instance with the key pair bound to it, sorted by id. */
  instanceSnapshot(): InstanceSnapshot[] {
    return [...this.instances.values()]
      .sort((a, b) => a.instanceId.localeCompare(b.instanceId))
      .map((instance) => {
        const bound = this.boundKeyPair(instance);
        return { ...instance, ...(bound ? { keyPairName: bound.keyPairName } : {}) };
      });
  }

  /** Forgets every key pair and instance. */
  clear(): void {
    this.ecs.clear();
    this.ens.clear();
    this.instances.clear();
  }
}

/** ENS's CreationTime: UTC with seconds, e.g. 2020-04-26T15:38:27Z. */
export function creationTimeWithSeconds(now: Date): string {
  return now.toISOString().slice(0, 19) + 'Z';
}

/** ECS's CreationTime: UTC with minute precision, e.g. 2023-09-04T08:33Z. */
export function creationTime(now: Date): string {
  return now.toISOString().slice(0, 16) + 'Z';
}
