import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BusyMachineError, startMachineWatch } from './watch.ts';
import type { Judge } from './busy.ts';

// Busyness is injected: never the test machine's real load.
const busy: Judge = () => ({ busy: true, reasons: ['load average 9.00 on 2 cores (over 0.75 × cores = 1.50)'] });
const quiet: Judge = () => ({ busy: false, reasons: [] });
const dir = () => mkdtempSync(path.join(tmpdir(), 'fave-watch-'));

describe('startMachineWatch', () => {
  it('startMachineWatch() refuses a busy machine, saying what it saw and to re-run with --force', async () => {
    const warnings: string[] = [];
    const d = dir();
    const started = startMachineWatch({ dir: d, cores: 2, force: false, warn: (l) => warnings.push(l), judgeIdle: busy, precheckSeconds: 0.5 });
    await expect(started).rejects.toThrow(BusyMachineError);
    await expect(started).rejects.toThrow(/^THE MACHINE IS BUSY, calibration not started: load average 9\.00 on 2 cores .*re-run with --force to calibrate anyway\.$/);
    // The pre-check's samples were recorded all the same.
    expect(readFileSync(path.join(d, 'machine.jsonl'), 'utf8').trim().split('\n').length).toBeGreaterThanOrEqual(1);
  }, 20_000);

  it('startMachineWatch() with force goes on and records busy and forced', async () => {
    const warnings: string[] = [];
    const w = await startMachineWatch({ dir: dir(), cores: 2, force: true, warn: (l) => warnings.push(l), judgeIdle: busy, precheckSeconds: 0.5 });
    await w.stop();
    expect(w.precheck.busy).toBe(true);
    expect(w.precheck.baseline).toBeGreaterThan(0);
    expect(warnings.join('\n')).toMatch(/WARNING: the machine is busy \(load average 9\.00.*calibrating anyway \(--force\)/);
    expect(w.conditions()).toMatchObject({ busy: true, forced: true });
  }, 20_000);

  it('startMachineWatch() warns once when the machine turns busy during the run and once when it is quiet again', async () => {
    const warnings: string[] = [];
    // Busy for the 2nd to 4th samples after the pre-check, quiet before and after.
    let calls = 0;
    const spell: Judge = () => (++calls >= 2 && calls <= 4 ? { busy: true, reasons: ['steal 9.0% of CPU time (over 5.0%)'] } : { busy: false, reasons: [] });
    const d = dir();
    const w = await startMachineWatch({ dir: d, cores: 2, force: false, warn: (l) => warnings.push(l), judgeIdle: quiet, judgeDuringRun: spell, precheckSeconds: 0.3, runPeriod: 0.1 });
    const deadline = Date.now() + 15_000;
    while (calls < 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await w.stop();
    expect(warnings.filter((l) => l.includes('turned busy'))).toHaveLength(1);
    expect(warnings.filter((l) => l.includes('quiet again'))).toHaveLength(1);
    expect(warnings[0]).toMatch(/^warning: the machine turned busy \d+ s into the calibration: steal 9\.0% of CPU time/);
    const c = w.conditions()!;
    expect(c.busy).toBe(true);
    expect(c.forced).toBe(false);
    expect(c.episodes).toHaveLength(1);
    expect(c.episodes![0]!.end).toBeGreaterThan(c.episodes![0]!.start);
    expect(existsSync(path.join(d, 'host.json'))).toBe(true);
  }, 20_000);

  it('startMachineWatch() keeps an earlier run\'s machine.jsonl aside (a resumed calibration)', async () => {
    const d = dir();
    const first = await startMachineWatch({ dir: d, cores: 2, force: false, warn: () => undefined, judgeIdle: quiet, precheckSeconds: 0.2 });
    await first.stop();
    const second = await startMachineWatch({ dir: d, cores: 2, force: false, warn: () => undefined, judgeIdle: quiet, precheckSeconds: 0.2 });
    await second.stop();
    expect(readdirSync(d).filter((f) => /^machine-.*\.jsonl$/.test(f))).toHaveLength(1);
  }, 20_000);
});
