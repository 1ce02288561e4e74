// The host a profile was measured on (`host` in a profile, `host.json` in a run or
// calibration directory), and what differs between two hosts. It lives in sim/ because the
// simulator, calibrate/ and live/ all need it and sim/ imports nothing else. describeHost()
// reads os and /proc/cpuinfo: that is I/O, which the simulator's model never does; it is
// only called from command-line edges (sim/cli.ts, calibrate/, live/), never from the model.
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface HostInfo {
  cpuModel: string;
  /** /proc/cpuinfo's `flags` of the first CPU, sorted; [] where there is none. */
  cpuFlags: string[];
  cores: number;
  memoryMB: number;
  /** os.release() */
  kernel: string;
  /** os.platform() + '-' + os.arch() */
  platform: string;
}

/** The sorted, de-duplicated `flags` of the first processor in /proc/cpuinfo text ([] if none). */
export function parseCpuFlags(cpuinfo: string): string[] {
  const line = cpuinfo.split('\n').find((l) => /^flags\s*:/.test(l));
  if (!line) return [];
  return [...new Set(line.slice(line.indexOf(':') + 1).trim().split(/\s+/).filter(Boolean))].sort();
}

function readCpuinfo(): string {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return ''; // not Linux: no flags to compare
  }
}

export function describeHost(cpuinfo: string = os.platform() === 'linux' ? readCpuinfo() : ''): HostInfo {
  return {
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    cpuFlags: parseCpuFlags(cpuinfo),
    cores: os.availableParallelism(),
    memoryMB: Math.round(os.totalmem() / 2 ** 20),
    kernel: os.release(),
    platform: `${os.platform()}-${os.arch()}`,
  };
}

/** Memory differing by more than this fraction of the larger is worth a line: a few MB of
 * firmware reservation differ between otherwise identical VMs. */
const MEMORY_TOLERANCE = 0.1;
/** Flags named in a difference line before "and N more". */
const FLAGS_SHOWN = 8;

function listFlags(flags: string[]): string {
  return flags.length <= FLAGS_SHOWN ? flags.join(' ') : `${flags.slice(0, FLAGS_SHOWN).join(' ')} and ${flags.length - FLAGS_SHOWN} more`;
}

/**
 * What differs between host `a` (the profile's) and host `b` (this one), one readable line
 * each, in the order `a vs b`: "cores 2 vs 8", "CPU model X vs Y", "CPU flags differ:
 * avx512f missing", ... [] when they match. Flags are compared only when both hosts list
 * some (a non-Linux host lists none, which says nothing about its CPU).
 */
export function hostDifferences(a: HostInfo, b: HostInfo): string[] {
  const out: string[] = [];
  if (a.platform !== b.platform) out.push(`platform ${a.platform} vs ${b.platform}`);
  if (a.cpuModel !== b.cpuModel) out.push(`CPU model ${a.cpuModel} vs ${b.cpuModel}`);
  if (a.cores !== b.cores) out.push(`cores ${a.cores} vs ${b.cores}`);
  if (a.cpuFlags.length > 0 && b.cpuFlags.length > 0) {
    const have = new Set(b.cpuFlags);
    const had = new Set(a.cpuFlags);
    const missing = a.cpuFlags.filter((f) => !have.has(f));
    const extra = b.cpuFlags.filter((f) => !had.has(f));
    const parts = [...(missing.length ? [`${listFlags(missing)} missing`] : []), ...(extra.length ? [`${listFlags(extra)} added`] : [])];
    if (parts.length) out.push(`CPU flags differ: ${parts.join('; ')}`);
  }
  if (Math.abs(a.memoryMB - b.memoryMB) > MEMORY_TOLERANCE * Math.max(a.memoryMB, b.memoryMB)) out.push(`memory ${a.memoryMB} MB vs ${b.memoryMB} MB`);
  if (a.kernel !== b.kernel) out.push(`kernel ${a.kernel} vs ${b.kernel}`);
  return out;
}

/** The warning lines a command prints when the profile was measured on another host than
 * this one (`sim`, `sweep`, `recommend`): its times hold for the machine they came from. */
export function hostWarnings(profile: { host?: HostInfo }, profilePath: string, here: HostInfo = describeHost()): string[] {
  return profile.host ? hostDifferences(profile.host, here).map((d) => `warning: ${profilePath} was measured on another host: ${d}`) : [];
}
