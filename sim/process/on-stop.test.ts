import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProcessStat } from './process-stat.ts';
import { readProcessStat } from './process-stat.ts';
import type { StopRequest } from './on-stop.ts';

// Real process chains: sh → sh → node, the shape of npm → sh → tsx → node, started as a job
// of its own (detached: a process group, as a shell with job control makes one).

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURE = path.join(import.meta.dirname, 'stop-fixture.ts');
const started: ChildProcess[] = [];

interface Started {
  outer: ChildProcess;
  lines: AsyncIterator<string>;
  first: { pid: number; chain: ProcessStat[] };
}

async function startChain(): Promise<Started> {
  // `; true` keeps each sh waiting on its child instead of exec'ing it.
  const inner = `${process.execPath} --import tsx ${FIXTURE}; true`;
  const outer = spawn('sh', ['-c', `sh -c '${inner}'; true`], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  started.push(outer);
  const lines = createInterface({ input: outer.stdout! })[Symbol.asyncIterator]();
  const first = JSON.parse((await lines.next()).value as string) as Started['first'];
  return { outer, lines, first };
}

const next = async (s: Started): Promise<StopRequest> => JSON.parse((await s.lines.next()).value as string) as StopRequest;

afterEach(() => {
  for (const child of started.splice(0)) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // The whole group is gone already.
    }
  }
});

describe('launcherChain and onStop', () => {
  it('launcherChain() walks up through the process group and stops at its edge', async () => {
    const s = await startChain();
    const [innerSh, outerSh] = s.first.chain;
    expect(s.first.chain).toHaveLength(2);
    expect(outerSh!.pid).toBe(s.outer.pid);
    expect(innerSh!.ppid).toBe(s.outer.pid);
    expect(s.first.chain.every((p) => p.pgid === s.outer.pid)).toBe(true);
    // The test runner (outside the group) is not part of it.
    expect(s.first.chain.map((p) => p.pid)).not.toContain(process.pid);
  });

  it('onStop() reports a launcher above the parent killed with SIGKILL, and the process exits', async () => {
    const s = await startChain();
    const fixturePid = s.first.pid;
    process.kill(s.outer.pid!, 'SIGKILL');
    const request = await next(s);
    expect(request).toMatchObject({ cause: 'launcher gone', count: 1, detail: `launcher sh (pid ${s.outer.pid}) is gone` });
    await expect.poll(() => readProcessStat(fixturePid), { timeout: 10_000 }).toBeUndefined();
  });

  it('onStop() passes SIGHUP and SIGTERM to the handler, counting them', async () => {
    const s = await startChain();
    process.kill(s.first.pid, 'SIGHUP');
    expect(await next(s)).toEqual({ cause: 'SIGHUP', count: 1, detail: 'SIGHUP' });
    process.kill(s.first.pid, 'SIGTERM');
    expect(await next(s)).toEqual({ cause: 'SIGTERM', count: 2, detail: 'SIGTERM' });
  });
});
