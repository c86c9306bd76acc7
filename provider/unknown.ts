/**
 * During preview, values not yet known (an output of a resource not created yet) reach a dynamic provider as
 * this sentinel string, also inside objects. Validation must accept it; diff must treat it as "may change".
 */
export const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9' as const;

/**
 * Values as a preview may hold them: each one as declared, or the sentinel in its place. The sentinel is a string,
 * so for text fields the type cannot tell them apart: `isUnknown` does, and diff asks it before comparing.
 */
export type Previewed<T> = { [K in keyof T]: T[K] | typeof UNKNOWN };

/** No input of ours is nested deeper than this; check refuses deeper ones (see `nestingDepthExceeds`). */
export const MAX_INPUT_DEPTH = 32;

/** True when `value` is, or holds within MAX_INPUT_DEPTH levels, the unknown sentinel. */
export function isUnknown(value: unknown, depth = 0): boolean {
  if (value === UNKNOWN) return true;
  if (depth >= MAX_INPUT_DEPTH || value === null || typeof value !== 'object') return false;
  return Object.values(value).some((inner) => isUnknown(inner, depth + 1));
}

/** True when `value` nests objects or arrays more than `limit` levels deep. Iterative: any depth is safe. */
export function nestingDepthExceeds(value: unknown, limit = MAX_INPUT_DEPTH): boolean {
  let level: unknown[] = [value];
  for (let depth = 0; level.length > 0; depth++) {
    if (depth > limit) return true;
    level = level.flatMap((v) => (v !== null && typeof v === 'object' ? Object.values(v) : []));
  }
  return false;
}
