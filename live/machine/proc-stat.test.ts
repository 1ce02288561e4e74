import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProcStat, stealFraction } from './proc-stat.ts';

// Captured on the 2-core VM two seconds apart (2026-12), whole files.
const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');

describe('parseProcStat', () => {
  it('parseProcStat() reads steal and the total (without guest time) from the aggregate cpu line', () => {
    // cpu  867286 17684 146298 764323 3813 0 2239 474 0 0
    expect(parseProcStat(fixture('proc-stat-a.txt'))).toEqual({ steal: 474, total: 867286 + 17684 + 146298 + 764323 + 3813 + 0 + 2239 + 474 });
    // guest (9th) and guest_nice (10th) are inside user and nice already: not added again.
    expect(parseProcStat('cpu  100 0 50 800 0 0 0 50 30 20\n')).toEqual({ steal: 50, total: 1000 });
  });

  it('parseProcStat() gives undefined without a cpu line or a steal column (kernels before 2.6.11)', () => {
    expect(parseProcStat('cpu0 1 2 3 4 5 6 7 8\nintr 1\n')).toBeUndefined();
    expect(parseProcStat('cpu  100 0 50 800\n')).toBeUndefined();
    expect(parseProcStat('cpu  100 0 x 800 0 0 0 5\n')).toBeUndefined();
    expect(parseProcStat('')).toBeUndefined();
  });
});

describe('stealFraction', () => {
  it('stealFraction() is the stolen share of the jiffies between two readings', () => {
    const a = parseProcStat(fixture('proc-stat-a.txt'));
    const b = parseProcStat(fixture('proc-stat-b.txt'));
    expect(stealFraction(a, b)).toBe(0); // nothing stolen in those two seconds
    expect(stealFraction({ steal: 10, total: 1000 }, { steal: 40, total: 1200 })).toBeCloseTo(30 / 200, 12);
  });

  it('stealFraction() is null when a reading is missing, no tick passed, or the counters went back', () => {
    expect(stealFraction(undefined, { steal: 1, total: 2 })).toBeNull();
    expect(stealFraction({ steal: 1, total: 2 }, undefined)).toBeNull();
    expect(stealFraction({ steal: 1, total: 2 }, { steal: 1, total: 2 })).toBeNull();
    expect(stealFraction({ steal: 5, total: 200 }, { steal: 1, total: 100 })).toBeNull();
  });
});
