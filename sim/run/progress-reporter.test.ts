// Progress lines for a run whose stderr is not a terminal: nothing for a short run, then a
// line every interval with the share done and an ETA at the pace so far.
import { describe, expect, it } from 'vitest';
import { eta, progressReporter } from './progress-reporter.ts';

describe('progressReporter', () => {
  it('progressReporter writes nothing before the delay, then a line per interval with an ETA', () => {
    const lines: string[] = [];
    let t = 0;
    const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
    const p = progressReporter({ verb: 'simulating', unit: 'runs', stream, delayMs: 1500, everyMs: 10_000, now: () => t });
    t = 1000;
    p.update(0.1, 2, 'replication 1/2 (seed 1)');
    expect(lines).toEqual([]);
    t = 2000;
    p.update(0.2, 2, 'replication 1/2 (seed 1)');
    t = 5000;
    p.update(0.5, 2, 'replication 1/2 (seed 1)'); // within the interval: no line
    t = 12_000;
    p.update(1.5, 2, 'replication 2/2 (seed 2)');
    p.stop();
    expect(lines).toEqual(['simulating: 10% (0/2 runs), ETA 18s, replication 1/2 (seed 1)\n', 'simulating: 75% (1/2 runs), ETA 4s, replication 2/2 (seed 2)\n']);
  });

  it('progressReporter draws a bar on a terminal (cli-progress, loaded on first use)', () => {
    let drawn = '';
    let t = 0;
    const noop = () => true;
    const stream = { isTTY: true, columns: 100, write: (s: string) => ((drawn += s), true), cursorTo: noop, clearLine: noop, moveCursor: noop } as unknown as NodeJS.WriteStream;
    const p = progressReporter({ verb: 'simulating', unit: 'runs', stream, delayMs: 0, now: () => t });
    t = 10;
    p.update(1, 4, 'replication 2/4 (seed 2)');
    p.stop();
    expect(drawn).toMatch(/simulating \[.*\] 25% \| 1\/4 runs \| ETA .* \| replication 2\/4 \(seed 2\)/);
  });

  it('eta is unknown before 1% and counts hours past an hour', () => {
    expect(eta(1000, 0.001)).toBe('unknown');
    expect(eta(60_000, 0.5)).toBe('1m 0s');
    expect(eta(3_600_000, 0.25)).toBe('3h 0m');
  });
});
