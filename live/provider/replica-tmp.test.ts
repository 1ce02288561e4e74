import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { readProcessStat } from '../../sim/process/process-stat.ts';
import { openReplicaTmp, sweepStaleReplicaTmp } from './replica-tmp.ts';

/** The folder name a provider running as `pid` (started at `start`) gives itself. */
const folder = (pid: number, start: string) => `${pid}-${start}-0a1b2c3d`;

/** pid and start time of a process that has run and ended. */
async function endedProcess(): Promise<{ pid: number; start: string }> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  await once(child, 'spawn');
  const stat = readProcessStat(child.pid!)!;
  child.kill('SIGKILL');
  await once(child, 'exit');
  return { pid: stat.pid, start: stat.startTime };
}

describe('sweepStaleReplicaTmp', () => {
  it('sweepStaleReplicaTmp() removes the folders of providers no longer running, whatever is in them, and nothing else', async () => {
    const state = mkdtempSync(path.join(tmpdir(), 'fave-provider-state-'));
    const ended = await endedProcess();
    const self = readProcessStat(process.pid)!;
    const dead = folder(ended.pid, ended.start);
    const reusedPid = folder(process.pid, `${self.startTime}7`); // same pid, another process
    const running = folder(process.pid, self.startTime);
    for (const name of [dead, reusedPid, running, 'not-a-provider']) mkdirSync(path.join(state, 'tmp', name, 'replica-x-1-abc'), { recursive: true });
    writeFileSync(path.join(state, 'tmp', dead, 'replica-x-1-abc', 'frame.jpg'), 'x');

    expect(sweepStaleReplicaTmp(state).sort()).toEqual([dead, reusedPid].sort());
    expect(readdirSync(path.join(state, 'tmp')).sort()).toEqual(['not-a-provider', running].sort());
  });

  it('sweepStaleReplicaTmp() finds nothing to do in a state folder without tmp/', () => {
    expect(sweepStaleReplicaTmp(mkdtempSync(path.join(tmpdir(), 'fave-provider-state-')))).toEqual([]);
  });
});

describe('openReplicaTmp', () => {
  it('openReplicaTmp() names its folder after this process, makes replica TMPDIRs in it or under a given parent, and close() removes it', async () => {
    const state = mkdtempSync(path.join(tmpdir(), 'fave-provider-state-'));
    const tmp = openReplicaTmp(state, () => undefined);
    expect(path.basename(tmp.dir)).toMatch(new RegExp(`^${process.pid}-${readProcessStat(process.pid)!.startTime}-[0-9a-f]{8}$`));
    const own = await tmp.make('echo-1');
    expect(path.dirname(own)).toBe(tmp.dir);
    expect(path.basename(own)).toMatch(/^replica-echo-1-/);
    const parent = mkdtempSync(path.join(tmpdir(), 'fave-deployment-tmp-'));
    expect(path.dirname(await tmp.make('echo-2', parent))).toBe(parent);
    // A second provider on the same state folder leaves a running one's folder alone.
    openReplicaTmp(state, () => undefined);
    expect(existsSync(own)).toBe(true);
    tmp.close();
    expect(existsSync(tmp.dir)).toBe(false);
  });

  it('openReplicaTmp() logs each stale folder it removes', async () => {
    const state = mkdtempSync(path.join(tmpdir(), 'fave-provider-state-'));
    const ended = await endedProcess();
    mkdirSync(path.join(state, 'tmp', folder(ended.pid, ended.start)), { recursive: true });
    const lines: string[] = [];
    openReplicaTmp(state, (line) => lines.push(line));
    expect(lines).toEqual([`removed replica TMPDIRs left by a provider no longer running: ${path.join(state, 'tmp', folder(ended.pid, ended.start))}`]);
  });
});
