import { S3Error } from './s3Error.ts';

/**
 * The one owner every listing names: the server has a single user, and S3 clients
 * expect an Owner / Initiator element where S3 sends one.
 */
export const OWNER = { ID: 'fave', DisplayName: 'fave' } as const;

/**
 * An integer query parameter of a listing (max-keys, max-parts, part-number-marker…):
 * `fallback` when absent, at most `max`, and 400 InvalidArgument for anything but digits
 * (S3 refuses `max-keys=blah` and `max-keys=-1` the same way).
 */
export function queryInt(query: URLSearchParams, name: string, fallback: number, max: number): number {
  const text = query.get(name);
  if (text === null) return fallback;
  if (!/^\d+$/.test(text)) throw new S3Error('InvalidArgument', `Provided ${name} not an integer or within integer range`);
  return Math.min(Number(text), max);
}
