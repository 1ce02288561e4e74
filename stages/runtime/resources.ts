import { readFileSync, readdirSync } from 'node:fs';
import { totalmem } from 'node:os';

/**
 * Linux exposes times in /proc in USER_HZ, which the kernel fixes at 100 for the user ABI
 * on every architecture Node supports.
 */
const USER_HZ = 100;

export interface CpuSnapshot {
  /** This process's user+sys seconds (process.cpuUsage). */
  self: number;
  /**
   * CPU of child processes: cutime+cstime of those this process has reaped (ffmpeg, ...)
   * plus utime+stime+cutime+cstime of those still running (a long-lived decoder). When a
   * live child exits and is reaped its time moves from one term to the other, so the sum
   * stays continuous.
   */
  children: number;
}

/**
 * Fields 14–17 (utime, stime, cutime, cstime) of a /proc/<pid>/stat line. The comm field may
 * contain spaces and ')', so fields are counted from the last ')'; after it come field 3
 * (state) onwards, so field n is at n-3.
 */
function statTimes(stat: string): [number, number, number, number] {
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const times = [14, 15, 16, 17].map((n) => Number(rest[n - 3])) as [number, number, number, number];
  if (!times.every(Number.isFinite)) {
    throw new Error(`cannot read utime/stime/cutime/cstime from /proc stat line: ${stat.slice(0, 120)}`);
  }
  return times;
}

/** cutime+cstime seconds of a /proc/<pid>/stat line: the process's reaped children. */
export function parseChildCpuSeconds(stat: string): number {
  const [, , cutime, cstime] = statTimes(stat);
  return (cutime + cstime) / USER_HZ;
}

/** utime+stime+cutime+cstime seconds: a process and the children it has reaped. */
export function parseTreeCpuSeconds(stat: string): number {
  const [utime, stime, cutime, cstime] = statTimes(stat);
  return (utime + stime + cutime + cstime) / USER_HZ;
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the thread or child ended between listing and reading
  }
}

/** Pids of this process's running children, from every thread's children list. */
function liveChildPids(): string[] {
  let tasks: string[];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return [];
  }
  const pids: string[] = [];
  for (const tid of tasks) {
    const list = readIfExists(`/proc/self/task/${tid}/children`);
    if (list) for (const pid of list.trim().split(' ')) if (pid) pids.push(pid);
  }
  return pids;
}

function readChildCpuSeconds(): number {
  if (process.platform !== 'linux') return 0;
  let seconds = parseChildCpuSeconds(readFileSync('/proc/self/stat', 'utf8'));
  for (const pid of liveChildPids()) {
    const stat = readIfExists(`/proc/${pid}/stat`);
    if (stat) seconds += parseTreeCpuSeconds(stat);
  }
  return seconds;
}

export function cpuSnapshot(): CpuSnapshot {
  const { user, system } = process.cpuUsage();
  return { self: (user + system) / 1e6, children: readChildCpuSeconds() };
}

/** CPU seconds between two snapshots, children included. */
export function cpuSecondsBetween(before: CpuSnapshot, after: CpuSnapshot): number {
  return Math.max(0, after.self - before.self + (after.children - before.children));
}

export interface MemoryLimit {
  mb: number;
  source: 'env' | 'cgroup' | 'host';
}

type FileReader = (path: string) => string | undefined;

const readIfPresent: FileReader = (path) => {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
};

/**
 * The memory a replica may use: the configured `memory_limit_mb`, else the cgroup limit
 * (v2 then v1), else the host's memory — with no limit the host really is the bound.
 */
export function resolveMemoryLimit(
  configuredMB: number | undefined,
  readFile: FileReader = readIfPresent,
  hostBytes: number = totalmem(),
): MemoryLimit {
  if (configuredMB !== undefined) return { mb: configuredMB, source: 'env' };
  for (const path of ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes']) {
    const text = readFile(path);
    if (text === undefined || !/^\d+$/.test(text)) continue; // "max" = unlimited
    const bytes = Number(text);
    // cgroup v1 reports "unlimited" as a page-rounded huge number.
    if (bytes > 0 && bytes < hostBytes) return { mb: bytes / 2 ** 20, source: 'cgroup' };
  }
  return { mb: hostBytes / 2 ** 20, source: 'host' };
}

/** VmRSS of a /proc/<pid>/status text, MB; 0 when absent (a zombie has none). */
export function parseVmRssMB(status: string): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return m ? Number(m[1]) / 1024 : 0;
}

/**
 * Resident memory of this process and its running children, MB: what the container's
 * cgroup holds against its limit (deepspeech's decoder alone is ~100 MB).
 */
export function rssMB(): number {
  let mb = process.memoryUsage.rss() / 2 ** 20;
  if (process.platform === 'linux') {
    for (const pid of liveChildPids()) {
      const status = readIfExists(`/proc/${pid}/status`);
      if (status) mb += parseVmRssMB(status);
    }
  }
  return mb;
}
