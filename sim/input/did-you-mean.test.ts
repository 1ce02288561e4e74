// "Did you mean" for flags, subcommands and keys: a near miss gets the closest name, a far one
// nothing, and a hostile name costs nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { didYouMean, nearNote, unknownKey } from './did-you-mean.ts';
import { editDistance } from './edit-distance.ts';

describe('did you mean', () => {
  it('unknownKey names the key, the near one and the keys there are', () => {
    const keys = ['$schema', 'seed', 'horizon', 'workload'];
    expect(unknownKey('horizn', keys)).toBe("unknown key 'horizn' (did you mean 'horizon'?; expected one of: $schema, seed, horizon, workload)");
    expect(unknownKey('zebra', keys)).toBe("unknown key 'zebra' (expected one of: $schema, seed, horizon, workload)");
    expect(unknownKey('schema', keys, keys.slice(1))).toBe("unknown key 'schema' (did you mean '$schema'?; expected one of: seed, horizon, workload)");
    expect(unknownKey('sed', keys, [])).toBe("unknown key 'sed' (did you mean 'seed'?)");
    // A key with control characters is quoted escaped, never raw.
    expect(unknownKey('\u001b[2J', keys)).toMatch(/^unknown key '\\u001b\[2J' \(expected/);
    expect(nearNote('wieght', ['weight', 'dist'])).toBe(" (did you mean 'weight'?)");
    expect(nearNote('x', ['weight'])).toBe('');
  });

  it('didYouMean answers a megabyte-long name at once, with nothing', () => {
    const started = performance.now();
    expect(didYouMean('horizon'.repeat(150_000), ['horizon', 'seed'])).toBeNull();
    // Not a timing test of speed, a guard against the quadratic distance: 1M × 7 cells would take seconds.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('didYouMean suggests only a known name within a third of the given length, at most 3 edits, never the name itself', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.array(fc.string({ maxLength: 12 }), { maxLength: 8 }), (given, known) => {
        const near = didYouMean(given, known);
        if (near === null) {
          // Nothing near: every known name is the name itself or too far.
          for (const k of known) expect(k === given || editDistance(given, k) > Math.min(3, Math.ceil([...given].length / 3))).toBe(true);
          return;
        }
        expect(known).toContain(near);
        const d = editDistance(given, near);
        expect(d).toBeGreaterThan(0);
        expect(d).toBeLessThanOrEqual(Math.min(3, Math.ceil([...given].length / 3)));
        // and the closest there is
        for (const k of known) if (k !== given) expect(editDistance(given, k)).toBeGreaterThanOrEqual(d);
      }),
      { seed: 24, numRuns: 500 },
    );
  });
});
