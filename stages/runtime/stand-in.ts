/**
 * What a stage ran in place of the original pipeline's model, as a sentence saying so, or
 * null when it ran the real thing. One field, one type, in every stage answer that runs a
 * model: a boolean beside a note let a caller test `=== true` against a note and report a
 * stand-in as the real thing.
 */
export type StandIn = string | null;

export function isStandIn(value: unknown): value is StandIn {
  return value === null || (typeof value === 'string' && value.trim() !== '');
}
