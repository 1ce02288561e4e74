import { readFileSync } from 'node:fs';

// What the CLIs need to know about another process, read from /proc/<pid>/stat (Linux).
// A pid alone names a process only while it lives: pids are reused, so a process is
// identified by pid and start time together.

export interface ProcessStat {
  pid: number;
  /** The process's name, cut at 15 characters (npm sets its own: `npm run live up`). */
  comm: string;
  /** One letter: R running, S sleeping, Z zombie (exited, not yet reaped), X dead, ... */
  state: string;
  ppid: number;
  /** Process group: the job a shell with job control started (`npm run …` and its children). */
  pgid: number;
  /** Clock ticks after boot: with pid, names the process across pid reuse. */
  startTime: string;
}

/**
 * Fields of a /proc/<pid>/stat line. The comm field may contain spaces and ')', so fields
 * are counted from the last ')': field n (1-based, as in proc(5)) is at n - 3 after it.
 */
export function parseProcessStat(line: string): ProcessStat | undefined {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number.parseInt(line, 10);
  const comm = line.slice(open + 1, close);
  const rest = line.slice(close + 2).split(' ');
  const [state, ppid, pgid, startTime] = [rest[0], Number(rest[1]), Number(rest[2]), rest[19]];
  if (!Number.isInteger(pid) || !state || !Number.isInteger(ppid) || !Number.isInteger(pgid) || !startTime) return undefined;
  return { pid, comm, state, ppid, pgid, startTime };
}

/** The process's stat, or undefined when it is gone (or there is no /proc: not Linux). */
export function readProcessStat(pid: number): ProcessStat | undefined {
  try {
    return parseProcessStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Whether the process `seen` was is still running: same pid and start time, not a zombie. */
export function stillRunning(seen: Pick<ProcessStat, 'pid' | 'startTime'>): boolean {
  const now = readProcessStat(seen.pid);
  return now !== undefined && now.startTime === seen.startTime && now.state !== 'Z' && now.state !== 'X';
}
