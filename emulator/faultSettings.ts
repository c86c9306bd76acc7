/**
 * Fault settings are checked here, once, wherever they come from (`startEmulator`, `alicloud-keypair emulator
 * --faults`, `POST /__emulator/faults`): every field's type and range, and that named actions exist. A bad setting
 * is refused with the field and the rule, never half applied.
 */
import { KNOWN_ACTIONS } from './apis';

/** Random faults to inject, and on which actions; every field is checked (below). */
export interface FaultSettings {
  /** Seed for the random draws; the same seed and request order give the same faults. */
  seed?: number;
  /** Probability of answering 400 Throttling.User. */
  throttleProbability?: number;
  /** At most this many requests per second per action (and region), beyond it 400 Throttling.Api with x-acs-retry-after. */
  rateLimitPerSecond?: number;
  /** Probability of 503 ServiceUnavailable or 500 InternalError (half each). */
  serverErrorProbability?: number;
  /** Probability of closing the connection without an answer, before doing anything. */
  dropProbability?: number;
  /** Probability, for writes, of applying the change and then closing the connection without an answer. */
  ambiguousWriteProbability?: number;
  /** Added delay per request: a fixed number of ms, or uniform in [min, max]. */
  latencyMs?:
    | number
    | {
        /** Fewest ms. */
        min: number;
        /** Most ms. */
        max: number;
      };
  /** Limit the random faults to these actions. */
  actions?: string[];
}

/** A fault setting that breaks a rule; the message names the field. */
export class FaultSettingsError extends Error {
  override name = 'FaultSettingsError';
}

const PROBABILITIES = ['throttleProbability', 'serverErrorProbability', 'dropProbability', 'ambiguousWriteProbability'] as const;
export const FAULT_FIELDS: readonly string[] = ['seed', ...PROBABILITIES, 'rateLimitPerSecond', 'latencyMs', 'actions'];
/** The longest latency that makes sense to inject (a client's whole request timeout is 30 s). */
const MAX_LATENCY_MS = 60_000;

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isLatency = (value: unknown) => isNumber(value) && value >= 0 && value <= MAX_LATENCY_MS;

/** `value` as fault settings, or a FaultSettingsError naming the first field that breaks a rule. */
export function validateFaultSettings(value: unknown): FaultSettings {
  const fail = (message: string): never => {
    throw new FaultSettingsError(message);
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail('faults must be a JSON object');
  const settings = value as Record<string, unknown>;
  const unknown = Object.keys(settings).filter((field) => !FAULT_FIELDS.includes(field));
  if (unknown.length > 0) fail(`unknown field ${unknown[0]}; known: ${FAULT_FIELDS.join(', ')}`);
  const has = (field: string) => Object.hasOwn(settings, field) && settings[field] !== undefined;
  if (has('seed') && !(isNumber(settings.seed) && Number.isInteger(settings.seed))) fail('seed must be a whole number');
  for (const field of PROBABILITIES) {
    const probability = settings[field];
    if (has(field) && !(isNumber(probability) && probability >= 0 && probability <= 1)) fail(`${field} must be a number from 0 to 1`);
  }
  const rate = settings.rateLimitPerSecond;
  if (has('rateLimitPerSecond') && !(isNumber(rate) && Number.isInteger(rate) && rate >= 1)) {
    fail('rateLimitPerSecond must be a whole number, 1 or more');
  }
  const latency = settings.latencyMs as unknown;
  if (has('latencyMs')) {
    const range = latency as { min?: unknown; max?: unknown };
    const ok =
      isLatency(latency) ||
      (latency !== null &&
        typeof latency === 'object' &&
        !Array.isArray(latency) &&
        Object.keys(latency).every((k) => k === 'min' || k === 'max') &&
        isLatency(range.min) &&
        isLatency(range.max) &&
        (range.min as number) <= (range.max as number));
    if (!ok) fail(`latencyMs must be a number of ms from 0 to ${MAX_LATENCY_MS}, or {"min": ms, "max": ms} with min ≤ max`);
  }
  if (has('actions')) {
    const actions = settings.actions;
    if (!Array.isArray(actions) || !actions.every((a) => typeof a === 'string')) fail('actions must be a list of action names');
    const unknownAction = (actions as string[]).find((a) => !KNOWN_ACTIONS.includes(a));
    if (unknownAction !== undefined)
      fail(`actions: unknown action ${JSON.stringify(unknownAction.slice(0, 64))}; known: ${KNOWN_ACTIONS.join(', ')}`);
  }
  return { ...(settings as FaultSettings) };
}
