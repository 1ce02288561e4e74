import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeHost, type HostInfo, hostDifferences, hostWarnings, parseCpuFlags } from './host.ts';

// /proc/cpuinfo of the 2-core VM the shipped profiles were measured on, captured 2026-12.
const cpuinfo = readFileSync(path.join(import.meta.dirname, 'fixtures', 'cpuinfo-xeon-vm.txt'), 'utf8');

const host = (over: Partial<HostInfo> = {}): HostInfo => ({
  cpuModel: 'Intel(R) Xeon(R) Processor', cpuFlags: ['avx2', 'avx512f', 'sse4_2'], cores: 2, memoryMB: 24105, kernel: '6.18.44', platform: 'linux-x64', ...over,
});

describe('parseCpuFlags', () => {
  it('parseCpuFlags() takes the first processor\'s flags, sorted and without repeats', () => {
    const flags = parseCpuFlags(cpuinfo);
    expect(flags).toContain('avx2');
    expect(flags).toContain('sse4_2');
    expect(flags).toEqual([...flags].sort());
    expect(new Set(flags).size).toBe(flags.length);
    expect(parseCpuFlags('processor\t: 0\nflags\t\t: sse2 fpu sse2 avx\n')).toEqual(['avx', 'fpu', 'sse2']);
    expect(parseCpuFlags('processor\t: 0\nmodel name\t: Apple M2\n')).toEqual([]);
  });

  it('describeHost() describes this machine with the given cpuinfo\'s flags', () => {
    const h = describeHost('flags : b a\n');
    expect(h.cpuFlags).toEqual(['a', 'b']);
    expect(h.cores).toBeGreaterThan(0);
    expect(h.memoryMB).toBeGreaterThan(0);
    expect(h.platform).toMatch(/^\w+-\w+$/);
  });
});

describe('hostDifferences', () => {
  it('hostDifferences() is empty for the same host, and for memory within 10%', () => {
    expect(hostDifferences(host(), host())).toEqual([]);
    expect(hostDifferences(host(), host({ memoryMB: 23000 }))).toEqual([]);
  });

  it('hostDifferences() names each difference, the profile\'s host first', () => {
    expect(hostDifferences(host(), host({ cores: 8, cpuModel: 'AMD EPYC', cpuFlags: ['avx2', 'sse4_2', 'sha_ni'], memoryMB: 64000, kernel: '5.15.0', platform: 'linux-arm64' }))).toEqual([
      'platform linux-x64 vs linux-arm64',
      'CPU model Intel(R) Xeon(R) Processor vs AMD EPYC',
      'cores 2 vs 8',
      'CPU flags differ: avx512f missing; sha_ni added',
      'memory 24105 MB vs 64000 MB',
      'kernel 6.18.44 vs 5.15.0',
    ]);
  });

  it('hostDifferences() does not compare flags when one host lists none (not Linux)', () => {
    expect(hostDifferences(host(), host({ cpuFlags: [] }))).toEqual([]);
  });

  it('hostDifferences() shortens a long list of missing flags', () => {
    const many = Array.from({ length: 12 }, (_, i) => `f${String(i).padStart(2, '0')}`);
    expect(hostDifferences(host({ cpuFlags: ['avx2', ...many] }), host({ cpuFlags: ['avx2'] }))).toEqual(['CPU flags differ: f00 f01 f02 f03 f04 f05 f06 f07 and 4 more missing']);
  });
});

describe('hostWarnings', () => {
  it('hostWarnings() gives one warning line per difference, none for the same host or a profile without one', () => {
    expect(hostWarnings({ host: host({ cores: 8 }) }, 'p.json', host())).toEqual(['warning: p.json was measured on another host: cores 8 vs 2']);
    expect(hostWarnings({ host: host() }, 'p.json', host())).toEqual([]);
    expect(hostWarnings({}, 'p.json', host())).toEqual([]);
  });
});
