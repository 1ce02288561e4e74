// The sweep table: its column titles, and its width with many long-named parameters.
import { describe, expect, it } from 'vitest';
import { formatSweepTable, pointerTitles } from './format-table.ts';
import type { SweepResult } from './types.ts';

describe('format-table', () => {
  it('pointerTitles uses the last part of each pointer when that tells them apart', () => {
    expect(pointerTitles(['/platform/defaults/scaling/min', '/pipeline/fanout'])).toEqual(['min', 'fanout']);
  });

  it('pointerTitles adds parts until the titles differ', () => {
    expect(pointerTitles(['/platform/gateway/timeout', '/platform/provider/timeout', '/client/timeout'])).toEqual(['gateway/timeout', 'provider/timeout', 'client/timeout']);
    expect(pointerTitles([])).toEqual([]);
  });
});

describe('formatSweepTable', () => {
  const estimate = (mean: number) => ({ mean, lo: mean * 0.9, hi: mean * 1.1, n: 5 });
  const POINTERS = ['/platform/gateway/upstreamTimeout', '/platform/provider/timeout', '/platform/defaults/execTimeout', '/client/retries/attempts', '/platform/defaults/scaling/maxReplicasOfTheFunction'];
  const result = (pointers: string[]) => ({
    sweep: { name: 'long' },
    scenario: { name: 'base' },
    seeds: [1, 2, 3, 4, 5],
    objective: { latency: 'p95', cost: 'replicaGBs', slo: 900 },
    pareto: [1],
    points: [0, 1].map((index) => ({
      index,
      pareto: index === 1,
      overrides: Object.fromEntries(pointers.map((k) => [k, 300])),
      metrics: {
        successRate: estimate(0.68), latency: { p50: estimate(87.8), p95: estimate(93), p99: estimate(93) }, sloViolationRate: 0.32,
        cost: { replicaGBs: estimate(64.4) }, coldStarts: estimate(8), failures: { 502: estimate(1.6), 504: estimate(3.4) },
      },
    })),
  }) as unknown as SweepResult;
  const widest = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));

  it('formatSweepTable keeps a sweep of few parameters in one table', () => {
    const text = formatSweepTable(result(POINTERS.slice(0, 1)), { colour: false });
    expect(widest(text)).toBeLessThanOrEqual(100);
    expect(text).toMatch(/^1  \* +300 +68\.0 ±/m);
  });

  it('formatSweepTable gives many long-named parameters a table of their own within 100 columns, and names their pointers in the legend', () => {
    const text = formatSweepTable(result(POINTERS), { colour: false });
    expect(widest(text)).toBeLessThanOrEqual(100);
    expect(text).toMatch(/^1  \* +300 +300 +300 +300 +300$/m);
    expect(text).toMatch(/^1  \* +68\.0 ±/m);
    const flat = text.replace(/\n {4}/g, ' ');
    for (const k of POINTERS) expect(flat).toMatch(new RegExp(`the value the point sets at ${k}[;.]`));
    expect(flat).toContain('#: the point; pareto: * on the Pareto front; upstreamTimeout: ');
    // --wide: one table, every column
    const wide = formatSweepTable(result(POINTERS), { colour: false, wide: true });
    expect(wide).toMatch(/^1  \* +300 +300 +300 +300 +300 +68\.0/m);
  });
});
