/**
 * Fault injection, so tests can prove retries, deadlines and the ambiguous-write handling. Random faults draw
 * from a seeded generator (a failing run can be replayed with its seed); scripted faults hit the next requests
 * of one action in order, for tests that count attempts exactly.
 */
import { FaultSettings, validateFaultSettings } from './faultSettings';

export { FaultSettings };

/**
 * One scripted fault: throttle (400 Throttling.User), service-unavailable (503), internal-error (500), drop (close
 * the connection unanswered), ambiguous-write (apply a write, then drop), or a throttle with `x-acs-retry-after`,
 * or a delay before answering normally.
 */
export type ScriptedFault =
  | 'throttle'
  | 'service-unavailable'
  | 'internal-error'
  | 'drop'
  | 'ambiguous-write'
  | {
      /** Milliseconds, sent as x-acs-retry-after. */
      throttleRetryAfterMs: number;
    }
  | {
      /** HTTP 429 Too Many Requests with x-acs-retry-after of this many milliseconds (the gateway's own answer). */
      tooManyRequestsRetryAfterMs: number;
    }
  | {
      /** Milliseconds to wait before answering. */
      delayMs: number;
    };

/** @internal What the server does with one request. */
export interface FaultDecision {
  latencyMs: number;
  /** What to do instead of handling the request. */
  before?: 'throttle' | 'throttle-api' | 'too-many-requests' | 'service-unavailable' | 'internal-error' | 'drop';
  retryAfterMs?: number;
  /** Handle the request, then drop the connection (writes only). */
  dropAfterApplying: boolean;
}

/** mulberry32: small, fast, good enough for test faults, and seedable. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The emulator's fault injection: seeded random faults, a rate limit, and scripted faults per action. */
export class Faults {
  private settings: FaultSettings = {};
  private random: () => number = seededRandom(1);
  private readonly scripted = new Map<string, ScriptedFault[]>();
  private readonly windows = new Map<string, number[]>();

  /** Replaces the random fault settings and restarts the seeded sequence. */
  configure(settings: FaultSettings): void {
    // Checked once, here, for every way settings arrive (options, command line, control API).
    this.settings = validateFaultSettings(settings);
    this.random = seededRandom(settings.seed ?? 1);
    this.windows.clear();
  }

  /** The random fault settings in force. */
  current(): FaultSettings {
    return { ...this.settings };
  }

  /** The next requests for `action` meet these faults, one each, in order. */
  script(action: string, faults: ScriptedFault[]): void {
    this.scripted.set(action, [...(this.scripted.get(action) ?? []), ...faults]);
  }

  /** No faults at all: random settings cleared and scripts dropped. */
  reset(): void {
    this.configure({});
    this.scripted.clear();
  }

  /** @internal What happens to the next request for `action`. */
  decide(action: string, isWrite: boolean, region: string | undefined, now: number): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, dropAfterApplying: false };
    const queued = this.scripted.get(action);
    if (queued && queued.length > 0) {
      const fault = queued.shift()!;
      if (fault === 'throttle') decision.before = 'throttle';
      else if (fault === 'service-unavailable') decision.before = 'service-unavailable';
      else if (fault === 'internal-error') decision.before = 'internal-error';
      else if (fault === 'drop') decision.before = 'drop';
      else if (fault === 'ambiguous-write') decision.dropAfterApplying = true;
      else if ('throttleRetryAfterMs' in fault) {
        decision.before = 'throttle-api';
        decision.retryAfterMs = fault.throttleRetryAfterMs;
      } else if ('tooManyRequestsRetryAfterMs' in fault) {
        decision.before = 'too-many-requests';
        decision.retryAfterMs = fault.tooManyRequestsRetryAfterMs;
      } else decision.latencyMs = fault.delayMs;
      return decision;
    }
    const s = this.settings;
    if (s.actions && !s.actions.includes(action)) return decision;
    if (typeof s.latencyMs === 'number') decision.latencyMs = s.latencyMs;
    else if (s.latencyMs) decision.latencyMs = s.latencyMs.min + Math.floor(this.random() * (s.latencyMs.max - s.latencyMs.min + 1));
    if (s.rateLimitPerSecond !== undefined) {
      const key = `${action}/${region ?? ''}`;
      const recent = (this.windows.get(key) ?? []).filter((t) => t > now - 1000);
      if (recent.length >= s.rateLimitPerSecond) {
        decision.before = 'throttle-api';
        decision.retryAfterMs = Math.max(1, recent[0] + 1000 - now);
        this.windows.set(key, recent);
        return decision;
      }
      recent.push(now);
      this.windows.set(key, recent);
    }
    const draw = this.random();
    let edge = 0;
    const pick = (probability: number | undefined) => {
      edge += probability ?? 0;
      return draw < edge;
    };
    if (pick(s.throttleProbability)) decision.before = 'throttle';
    else if (pick(s.serverErrorProbability)) decision.before = this.random() < 0.5 ? 'service-unavailable' : 'internal-error';
    else if (pick(s.dropProbability)) decision.before = 'drop';
    else if (isWrite && pick(s.ambiguousWriteProbability)) decision.dropAfterApplying = true;
    return decision;
  }
}
