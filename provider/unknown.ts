/**
 * During preview, values not yet known (an output of a resource not created yet) reach a dynamic provider as
 * this sentinel string, also inside objects. Validation must accept it; diff must treat it as "may change".
 */
export const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

export function isUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(isUnknown);
  if (value !== null && typeof value === 'object') return Object.values(value).some(isUnknown);
  return false;
}
