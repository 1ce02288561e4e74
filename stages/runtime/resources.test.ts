import { describe, expect, it } from 'vitest';
import { cpuSecondsBetween, cpuSnapshot, parseChildCpuSeconds, parseTreeCpuSeconds, parseVmRssMB, resolveMemoryLimit, rssMB } from './resources.ts';

describe('parseChildCpuSeconds', () => {
  it('parseChildCpuSeconds reads cutime+cstime even when the command name has spaces and parentheses', () => {
    const fields = Array.from({ length: 50 }, (_, i) => String(i));
    fields[16 - 3] = '250'; // cutime
    fields[17 - 3] = '50'; // cstime
    const line = `1234 (node (a) b) ${fields.join(' ')}`;
    expect(parseChildCpuSeconds(line)).toBe(3);
    fields[14 - 3] = '100'; // utime
    fields[15 - 3] = '0'; // stime
    expect(parseTreeCpuSeconds(`1234 (node (a) b) ${fields.join(' ')}`)).toBe(4);
  });

  it('parseChildCpuSeconds rejects a truncated line', () => {
    expect(() => parseChildCpuSeconds('1 (x) R 0')).toThrow(/cutime/);
  });
});

describe('cpuSnapshot', () => {
  it('cpuSnapshot counts the CPU of a reaped child process', async () => {
    const { spawnSync } = await import('node:child_process');
    const before = cpuSnapshot();
    // A child that burns CPU for a while, then is reaped by spawnSync.
    spawnSync(process.execPath, ['-e', 'let x=0; const t=Date.now(); while (Date.now()-t < 400) x++;']);
    const after = cpuSnapshot();
    expect(after.children).toBeGreaterThan(before.children);
    expect(cpuSecondsBetween(before, after)).toBeGreaterThan(0);
  });

  it('cpuSnapshot counts the CPU of a child that is still running', async () => {
    const { spawn } = await import('node:child_process');
    // Burns 300 ms of its own CPU (however long a loaded machine takes to give it), then says
    // so and idles until killed: never reaped while measured.
    const child = spawn(process.execPath, ['-e', 'const u=()=>{const c=process.cpuUsage();return (c.user+c.system)/1000;}; while (u() < 300); console.log("done"); setInterval(() => {}, 1000);']);
    try {
      const before = cpuSnapshot();
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      const after = cpuSnapshot();
      expect(after.children - before.children).toBeGreaterThan(0.1);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('rssMB', () => {
  it('parseVmRssMB reads VmRSS in kB as MB, and 0 for a process without one', () => {
    expect(parseVmRssMB('Name:\tnode\nVmPeak:\t  9 kB\nVmRSS:\t  102400 kB\nThreads: 7\n')).toBe(100);
    expect(parseVmRssMB('Name:\tzombie\nState:\tZ (zombie)\n')).toBe(0);
  });

  it('rssMB counts a running child\'s resident memory, as the container\'s cgroup does', async () => {
    const { spawn } = await import('node:child_process');
    const alone = rssMB();
    // A child holding ~200 MB of touched memory, until killed.
    const child = spawn(process.execPath, ['-e', 'const b = Buffer.alloc(200 * 2 ** 20, 1); console.log("ready"); setInterval(() => b[0]++, 1000);']);
    try {
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      expect(rssMB() - alone).toBeGreaterThan(150);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('resolveMemoryLimit', () => {
  const gib = 2 ** 30;

  it('resolveMemoryLimit prefers the configured value', () => {
    expect(resolveMemoryLimit(128, () => '1000', 8 * gib)).toEqual({ mb: 128, source: 'env' });
  });

  it('resolveMemoryLimit reads a cgroup v2 limit', () => {
    const files: Record<string, string> = { '/sys/fs/cgroup/memory.max': String(512 * 2 ** 20) };
    expect(resolveMemoryLimit(undefined, (p) => files[p], 8 * gib)).toEqual({ mb: 512, source: 'cgroup' });
  });

  it('resolveMemoryLimit treats "max" and huge v1 values as unlimited and uses host memory', () => {
    const files: Record<string, string> = {
      '/sys/fs/cgroup/memory.max': 'max',
      '/sys/fs/cgroup/memory/memory.limit_in_bytes': '9223372036854771712',
    };
    expect(resolveMemoryLimit(undefined, (p) => files[p], 8 * gib)).toEqual({ mb: 8192, source: 'host' });
  });
});
