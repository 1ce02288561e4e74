// The sweep benchmark's table: within 100 columns with the largest numbers, every column in the legend.
import { describe, expect, it } from 'vitest';
import { sweepBenchTable } from './bench-table.ts';

const widest = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));

describe('sweep bench table', () => {
  it('sweepBenchTable fits 100 columns with large numbers and explains every column', () => {
    const row = { workers: 128, runs: 1_000_000, wallSeconds: 123456.78, firstRunSeconds: 9999.99, steadyRate: 12345.6, loadBefore: '123.45 234.56 345.67' };
    const text = sweepBenchTable([row, { ...row, workers: 1 }]);
    expect(widest(text)).toBeLessThanOrEqual(100);
    expect(text).toMatch(/^ +128 +1000000 +123456\.78 +8\.1 +9999\.99 +12345\.6 +123\.45 234\.56 345\.67$/m);
    const flat = text.replace(/\n\s*/g, ' ');
    for (const head of ['workers', 'runs', 'wall s', 'runs/s', 'first run done s', 'runs/s after it', 'load avg before']) expect(flat).toContain(`${head}:`);
  });
});
