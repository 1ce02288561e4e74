import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NodeState, progressRate, waterLevel } from '../../sim/model/node-state.ts';
import type { Replica } from '../../sim/model/replica.ts';
import { buildProfile, replicaCpuLimit, replicaInterference, replicaWorkers, sharingFactor } from './build-profile.ts';
import { emptyStage, type Measurements, type StageSamples } from './measurements.ts';

const measured = { source: 'live', date: '2026-11-24' };

/** A stage measured warm at `service` s (CPU-bound) and in rounds of c simultaneous calls. */
function stage(service: number, rounds: Record<number, number[][]>): StageSamples {
  const s = emptyStage();
  s.warm = Array.from({ length: 30 }, (_, i) => service * (1 + ((i % 5) - 2) / 100));
  s.cpu = [...s.warm];
  s.contention = Object.entries(rounds).map(([c, rs]) => ({ concurrency: Number(c), latencies: rs.flat(), rejected: 0, rounds: rs }));
  return s;
}

const profileOf = (stages: Record<string, StageSamples>): ReturnType<typeof buildProfile> => {
  const m: Measurements = { stages, clipsPerVideo: [], framesPerClip: [], gateway: [], s3Get: [], s3Put: [], s3GetBytes: [], s3PutBytes: [] };
  return buildProfile(m, { cores: 2, measured });
};

// One decoder: 8 calls sent together end one after another, 0.7 s apart (deepspeech, measured).
const serial = [[0.7, 1.4, 2.1, 2.8, 3.5, 4.2, 4.9, 5.6]];
// Processor sharing on 2 cores: 8 calls of 0.7 s CPU all end at 2.8 s.
const shared = [[2.8, 2.8, 2.8, 2.8, 2.8, 2.8, 2.8, 2.8]];

describe('buildProfile contention', () => {
  it('buildProfile gives a replica that serves its calls one at a time one worker and a one-core cap, and then no extra slowdown', () => {
    const p = profileOf({ deepspeech: stage(0.7, { 1: [[0.7]], 8: serial }) });
    const s = p.stages.deepspeech!;
    expect(s.workers).toBe(1);
    expect(s.cpuLimit).toBeCloseTo(1, 2);
    // The round lasts 8 turns of 0.7 s, which is what one worker gives: slowdown ≈ 1.
    expect(s.contention!.find((c) => c.concurrency === 8)!.slowdown).toBeCloseTo(1, 1);
    expect(p.measured.notes!.some((n) => n.startsWith('deepspeech: cpuLimit 1 cores'))).toBe(true);
    expect(p.measured.notes!.some((n) => n.startsWith('deepspeech: workers 1: 8 calls sent together ended one after another'))).toBe(true);
  });

  it('buildProfile leaves a replica that uses both cores uncapped, and its slowdown at 1 when sharing explains it', () => {
    const s = profileOf({ ffmpeg: stage(0.7, { 1: [[0.7]], 8: shared }) }).stages.ffmpeg!;
    expect(s.cpuLimit).toBeUndefined();
    expect(s.workers).toBeUndefined();
    expect(s.contention!.find((c) => c.concurrency === 8)!.slowdown).toBeCloseTo(1, 1);
  });
});

describe('buildProfile refused calls', () => {
  it('buildProfile leaves out a level whose calls were partly refused (429) and never all served together', () => {
    const s = stage(0.7, { 1: [[0.7]], 2: [[1.4, 1.4]] });
    // 8 sent, 2 served (faster than 8 at once would be), 6 refused: no complete round.
    s.contention.push({ concurrency: 8, latencies: [0.7, 0.75], rejected: 6, rounds: [] });
    const p = profileOf({ ffmpeg: s });
    expect(p.stages.ffmpeg!.contention!.map((c) => c.concurrency)).toEqual([1, 2]);
    expect(p.measured.notes).toContain('ffmpeg: contention at 8 (6 of 8 calls refused) not fitted: no round had every call served, so those calls did not run that many at once.');
  });

  it('buildProfile keeps a level with refusals when some round had every call served', () => {
    const s = stage(0.7, { 1: [[0.7]] });
    s.contention.push({ concurrency: 2, latencies: [1.4, 1.4, 0.7], rejected: 1, rounds: [[1.4, 1.4]] });
    expect(profileOf({ ffmpeg: s }).stages.ffmpeg!.contention!.map((c) => c.concurrency)).toEqual([1, 2]);
  });
});

describe('buildProfile platform CPU', () => {
  it('buildProfile adds the embedded platform\'s CPU per call to the stage\'s cpu (node demand), not to its replica limits', () => {
    const s = stage(0.7, { 1: [[0.7]], 8: serial });
    s.platformCpu = s.cpu.map(() => 0.07);
    const built = profileOf({ deepspeech: s }).stages.deepspeech!;
    expect(built.cpu!.samples!.every((x, i) => Math.abs(x - (s.cpu[i]! + 0.07)) < 1e-9)).toBe(true);
    // From the stage's own CPU, 8 × 0.7 / 5.6 = 1 core; but a lone call's demand, the
    // platform's share included, is 1.1, and the simulator must not cap the calls the warm
    // times were measured from.
    expect(built.cpuLimit).toBeCloseTo(1.1, 2);
    expect(built.workers).toBe(1);
  });

  it('buildProfile never caps a replica below one call alone: calls sent together that used fewer cores in all slow each other', () => {
    // 1.6 cores alone (x264 threads); two sent together take 2 s each: 2 × 1.12 / 2 = 1.12 cores.
    const s = stage(0.7, { 1: [[0.7]], 2: [[2, 2]] });
    s.cpu = s.warm.map((w) => w * 1.6);
    const p = profileOf({ 'ffmpeg-1': s });
    expect(p.stages['ffmpeg-1']!.cpuLimit).toBeCloseTo(1.6, 2);
    expect(p.measured.notes!.some((n) => /^ffmpeg-1: 2 calls sent together used 1\.12 cores in all, fewer than one call alone \(1\.6\); the cap is raised to that\.$/.test(n))).toBe(true);
  });
});

describe('replicaCpuLimit and sharingFactor', () => {
  it('replicaCpuLimit takes the level where the replica used the most cores, and nothing without rounds', () => {
    const levels = [{ concurrency: 2, rounds: [[1.4, 1.4]] }, { concurrency: 4, rounds: [[2, 2, 2, 2], [2.2, 2.2, 2.2, 2.2]] }];
    // c=2: 2 × 0.5 / 1.4 = 0.71 cores; c=4: 4 × 0.5 / 2.1 (median of 2 and 2.2) = 0.95 cores.
    expect(replicaCpuLimit(levels, 0.5, 2)).toEqual({ cores: 0.95, concurrency: 4, makespan: 2.1 });
    expect(replicaCpuLimit([{ concurrency: 4 }], 0.5, 2)).toBeNull();
    expect(replicaCpuLimit([{ concurrency: 4, rounds: [[1, 1, 1, 1]] }], 0.5, 2)).toBeNull(); // 2 cores: the node's own bound
  });

  it('replicaWorkers reads w from how far apart calls sent together end: 2 workers end 8 calls in 4 turns', () => {
    expect(replicaWorkers([{ concurrency: 8, rounds: [[1, 1, 2, 2, 3, 3, 4, 4]] }])).toEqual({ workers: 2, concurrency: 8, ratio: 0.25 });
    expect(replicaWorkers([{ concurrency: 8, rounds: [[0.9, 1, 1, 1, 1, 1, 1, 1]] }])).toBeNull();
    expect(replicaWorkers([{ concurrency: 8 }])).toBeNull();
  });

  it('sharingFactor is the simulator\'s processor-sharing stretch: none under the cores, c·f/cores above, the cap below both', () => {
    expect(sharingFactor(1, 1, 2, Infinity)).toBe(1);
    expect(sharingFactor(8, 1, 2, Infinity)).toBe(4);
    expect(sharingFactor(8, 1, 2, 1)).toBe(8);
    expect(sharingFactor(8, 0.5, 2, Infinity)).toBe(0.5 + 0.5 * 2);
    // A threaded call keeping 2 cores busy: two of them on 2 cores take twice as long.
    expect(sharingFactor(1, 2, 2, Infinity)).toBe(1);
    expect(sharingFactor(2, 2, 2, Infinity)).toBe(2);
  });
});

describe('replicaInterference', () => {
  const pairs = (ratio: number, neighbours = 1) => ({ alone: [1, 2, 1.5], busy: [ratio, 2 * ratio, 1.5 * ratio], neighbours });

  it('replicaInterference is the slowdown beyond sharing: a single-threaded call with a core to itself, 10% slower', () => {
    expect(replicaInterference(pairs(1.1), 1, 2, Infinity)?.interference).toBeCloseTo(0.1, 3);
  });

  it('replicaInterference takes out what sharing explains for a threaded call (1.6 cores beside 1 on 2) and is never negative', () => {
    // share 2 / 2.6: sharing alone gives 1.3×.
    expect(replicaInterference(pairs(1.3 * 1.1), 1.6, 2, Infinity)?.interference).toBeCloseTo(0.1, 3);
    expect(replicaInterference(pairs(1.2), 1.6, 2, Infinity)?.interference).toBe(0);
    expect(replicaInterference(undefined, 1, 2, Infinity)).toBeNull();
  });

  it('replicaInterference gives back, through the simulator’s progressRate, the slowdown it was measured from', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 3, noNaN: true }), // cpuFraction
        fc.integer({ min: 2, max: 8 }), // cores
        fc.double({ min: 1, max: 3, noNaN: true }), // measured busy / alone
        (f, cores, ratio) => {
          const measured = replicaInterference(pairs(ratio, cores - 1), f, cores, Infinity)!;
          fc.pre(measured.interference > 0.01); // below what sharing alone gives, it is 0
          const node = new NodeState({ name: 'n', cores, memoryMB: Infinity }, 0);
          const cfg = { cpuLimit: Infinity, slowdown: new Float64Array([1, 1]), interference: measured.interference };
          const r = { jobCount: 1, f, node, fn: { cfg } } as unknown as Replica;
          // The node's share level: cores / demand while over-subscribed (no cap binds here).
          const level = () => (node.demand > cores ? waterLevel(node) : 1);
          const alone = (node.demand = f, progressRate(r, level()));
          const busy = (node.demand = f + cores - 1, progressRate(r, level()));
          // Up to the 3 decimals interference is rounded to.
          expect(Math.abs(alone / busy - ratio)).toBeLessThan(0.002 * (f + cores));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
