import { describe, expect, it } from 'vitest';
import { parseProcessStat, readProcessStat, stillRunning } from './process-stat.ts';

describe('parseProcessStat', () => {
  it('parseProcessStat() reads state, ppid, pgid and start time past a comm with spaces and parentheses', () => {
    const line = '4242 (a (b) c) S 17 4240 3926 0 -1 4194304 101 0 0 0 0 0 0 0 20 0 1 0 32585 3133440 361';
    expect(parseProcessStat(line)).toEqual({ pid: 4242, comm: 'a (b) c', state: 'S', ppid: 17, pgid: 4240, startTime: '32585' });
  });

  it('parseProcessStat() gives undefined for a line that is not a stat line', () => {
    expect(parseProcessStat('')).toBeUndefined();
    expect(parseProcessStat('12 (x) S 1')).toBeUndefined();
  });
});

describe('readProcessStat and stillRunning', () => {
  it('readProcessStat() reads this process, and stillRunning() tells it from a reused pid', () => {
    const self = readProcessStat(process.pid)!;
    expect(self).toMatchObject({ pid: process.pid, ppid: process.ppid });
    expect(stillRunning(self)).toBe(true);
    expect(stillRunning({ pid: process.pid, startTime: `${self.startTime}0` })).toBe(false);
  });
});
