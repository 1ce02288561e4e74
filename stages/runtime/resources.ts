import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';

/**
 * Linux exposes times in /proc in USER_HZ, which the kernel fixes at 100 for the user ABI
 * on every architecture Node supports.
 */
const USER_HZ = 100;

export interface CpuSnapshot {
  /** This process's user+sys seconds (process.cpuUsage). */
  self: number;
  /** cutime+cstime seconds: CPU of children this process has reaped (ffmpeg, ...). */
  children: number;
}

/**
 * Parses /proc/<pid>/stat. The comm field may contain spaces and ')', so fields are
 * counted from the last ')'; after it come field 3 (state) onwards, so field n is at n-3.
 */
export function parseChildCpuSeconds(stat: string): number {
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cutime = Number(rest[16 - 3]);
  const cstime = Number(rest[17 - 3]);
  if (!Number.isFinite(cutime) || !Number.isFinite(cstime)) {
    throw new Error(`cannot read cutime/cstime from /proc stat line: ${stat.slice(0, 120)}`);
  }
  return (cutime + cstime) / USER_HZ;
}

function readChildCpuSeconds(): number {
  if (process.platform !== 'linux') return 0;
  return parseChildCpuSeconds(readFileSync('/proc/self/stat', 'utf8'));
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

export function rssMB(): number {
  return process.memoryUsage.rss() / 2 ** 20;
}
