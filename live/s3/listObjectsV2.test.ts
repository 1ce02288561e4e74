import { describe, expect, it } from 'vitest';
import { listObjectsV2, type ListObjectsV2Request } from './listObjectsV2.ts';
import type { ObjectMeta } from './objectMeta.ts';

const keys = ['a/1', 'a/2', 'a/b/3', 'b', 'c/1', 'c/2', 'd'];
const lookup = (key: string) => ({ key }) as ObjectMeta;
const base: ListObjectsV2Request = { prefix: '', delimiter: '', maxKeys: 1000, startAfter: '', continuationToken: undefined };

/** Follows continuation tokens to the end, collecting keys and prefixes in order. */
function listAll(request: ListObjectsV2Request): string[] {
  const seen: string[] = [];
  let token: string | undefined;
  do {
    const page = listObjectsV2(keys, lookup, { ...request, continuationToken: token });
    seen.push(...page.contents.map((m) => m.key), ...page.commonPrefixes.map((p) => `${p}*`));
    token = page.nextContinuationToken;
  } while (token);
  return seen;
}

describe('listObjectsV2', () => {
  it('listObjectsV2 groups keys under the delimiter into common prefixes', () => {
    const page = listObjectsV2(keys, lookup, { ...base, delimiter: '/' });
    expect(page.contents.map((m) => m.key)).toEqual(['b', 'd']);
    expect(page.commonPrefixes).toEqual(['a/', 'c/']);
    expect(page.isTruncated).toBe(false);
  });

  it('listObjectsV2 pages through every key exactly once at any page size', () => {
    for (let maxKeys = 1; maxKeys <= keys.length; maxKeys++) {
      expect(listAll({ ...base, maxKeys })).toEqual(keys);
    }
  });

  it('listObjectsV2 pages through prefixes without repeating one across pages', () => {
    expect(listAll({ ...base, delimiter: '/', maxKeys: 1 }).sort()).toEqual(['a/*', 'b', 'c/*', 'd']);
  });

  it('listObjectsV2 honours prefix with a nested delimiter', () => {
    const page = listObjectsV2(keys, lookup, { ...base, prefix: 'a/', delimiter: '/' });
    expect(page.contents.map((m) => m.key)).toEqual(['a/1', 'a/2']);
    expect(page.commonPrefixes).toEqual(['a/b/']);
  });

  it('listObjectsV2 starts strictly after start-after', () => {
    expect(listObjectsV2(keys, lookup, { ...base, startAfter: 'b' }).contents.map((m) => m.key)).toEqual([
      'c/1',
      'c/2',
      'd',
    ]);
  });

  it('listObjectsV2 rejects a forged continuation token', () => {
    expect(() => listObjectsV2(keys, lookup, { ...base, continuationToken: 'not-a-token' })).toThrow(
      'continuation token',
    );
  });
});
