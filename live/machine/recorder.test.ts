import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readProcessStat } from '../../sim/process/process-stat.ts';
import { startMachineRecorder } from './recorder.ts';

/** Running, not a zombie left for a reaper (Linux /proc, as the tests' machines are). */
const alive = (pid: number) => {
  const s = readProcessStat(pid);
  return s !== undefined && s.state !== 'Z' && s.state !== 'X';
};

describe('startMachineRecorder', () => {
  it('startMachineRecorder() writes machine.jsonl lines of finite numbers and host.json, and its probe ends with stop()', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fave-machine-'));
    // Fake CPU times: 100 jiffies a reading, 5 of them stolen, so every steal after the first reading is 0.05.
    let reading = 0;
    const r = startMachineRecorder({ dir, period: 0.1, cpuTimes: () => ({ steal: 5 * reading, total: 100 * reading++ }) });
    expect(alive(r.pid)).toBe(true);
    await r.waitForSamples(4, 20_000);
    await r.stop();
    expect(r.failure()).toBeUndefined();
    expect(alive(r.pid)).toBe(false);
    const lines = readFileSync(path.join(dir, 'machine.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines).toEqual(r.samples);
    for (const s of lines) {
      expect(Object.keys(s)).toEqual(['t', 'probe', 'load1', 'steal']);
      expect(Number.isFinite(s.t) && s.t >= 0).toBe(true);
      expect(Number.isFinite(s.probe) && s.probe > 0).toBe(true);
      expect(Number.isFinite(s.load1) && s.load1 >= 0).toBe(true);
      expect(s.steal).toBeCloseTo(0.05, 12);
    }
    for (let i = 1; i < lines.length; i++) expect(lines[i].t).toBeGreaterThanOrEqual(lines[i - 1].t);
    const host = JSON.parse(readFileSync(path.join(dir, 'host.json'), 'utf8'));
    expect(Object.keys(host).sort()).toEqual(['cores', 'cpuFlags', 'cpuModel', 'kernel', 'memoryMB', 'platform']);
    expect(host.cores).toBeGreaterThan(0);
    const count = r.samples.length;
    await r.stop(); // twice is fine, and nothing comes after
    expect(r.samples.length).toBe(count);
  }, 30_000);

  it('the probe exits by itself when the process that started it dies (its stdin closes)', async () => {
    const { spawn } = await import('node:child_process');
    const dir = mkdtempSync(path.join(tmpdir(), 'fave-machine-'));
    // A parent that starts a recorder, prints the probe's pid, then is SIGKILLed: no stop() runs.
    const script = `import { startMachineRecorder } from ${JSON.stringify(path.join(import.meta.dirname, 'recorder.ts'))};
      const r = startMachineRecorder({ dir: ${JSON.stringify(dir)}, period: 0.2 });
      await r.waitForSamples(1, 20000);
      console.log(r.pid);
      setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = await new Promise<number>((resolve) => parent.stdout!.once('data', (d) => resolve(Number(String(d).trim()))));
    expect(alive(pid)).toBe(true);
    parent.kill('SIGKILL');
    const deadline = Date.now() + 10_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(alive(pid)).toBe(false);
  }, 30_000);
});
