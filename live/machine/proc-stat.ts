// CPU time from /proc/stat (Linux), for the steal fraction: the share of time the hypervisor
// ran someone else on this VM's virtual CPUs. proc(5): the first line is
//   cpu  user nice system idle iowait irq softirq steal guest guest_nice
// in clock ticks since boot; guest and guest_nice are already counted in user and nice, so
// they are left out of the total. Kernels before 2.6.11 have no steal column: null then.
import { readFileSync } from 'node:fs';

export interface CpuTimes {
  /** Jiffies stolen since boot. */
  steal: number;
  /** Every jiffy since boot: user + nice + system + idle + iowait + irq + softirq + steal. */
  total: number;
}

/** The aggregate `cpu` line of /proc/stat text; undefined when there is none or it has no steal column. */
export function parseProcStat(text: string): CpuTimes | undefined {
  const line = text.split('\n').find((l) => /^cpu\s/.test(l));
  if (!line) return undefined;
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  if (fields.length < 8 || fields.slice(0, 8).some((n) => !Number.isFinite(n) || n < 0)) return undefined;
  return { steal: fields[7]!, total: fields.slice(0, 8).reduce((a, b) => a + b, 0) };
}

/**
 * Stolen share of the CPU time between two readings, 0..1; null when either reading is
 * missing or no time passed (two readings within one clock tick) or the counters went
 * backwards (a different boot).
 */
export function stealFraction(before: CpuTimes | undefined, after: CpuTimes | undefined): number | null {
  if (!before || !after) return null;
  const total = after.total - before.total;
  const steal = after.steal - before.steal;
  if (!(total > 0) || steal < 0) return null;
  return Math.min(1, steal / total);
}

/** This machine's CPU times now; undefined off Linux or where /proc/stat cannot be read. */
export function readCpuTimes(file = '/proc/stat'): CpuTimes | undefined {
  try {
    return parseProcStat(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
