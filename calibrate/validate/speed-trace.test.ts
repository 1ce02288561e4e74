// A run's machine.jsonl to the simulator's platform.speedTrace: the reader's errors by file,
// line and field; the baseline (profile or run median); spikes smoothed away, steps kept;
// clamping; the clock offset; and the replay scenario the simulator accepts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../../sim/scenario/load.ts';
import { resolveScenario } from '../../sim/scenario/resolve.ts';
import type { Scenario } from '../../sim/scenario/types.ts';
import { constant, oneFunction, pipelineProfile, simulate } from '../../sim/test/helpers.ts';
import { InputError } from '../errors.ts';
import { parseMachineJsonl, readMachineLog } from './machine-log.ts';
import type { CalibrationProfile } from '../../sim/profile/types.ts';
import { median } from '../profile/stats.ts';
import { clockOffsetOf, rollingMedian, speedTraceOf, speedTraceOfRun, withSpeedTrace } from './speed-trace.ts';

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'fave-speed-trace-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A machine.jsonl of these probe times, one a second from t = 0. */
const jsonl = (probes: number[], t0 = 0) => probes.map((probe, i) => JSON.stringify({ t: t0 + i, probe, load1: 0.5, steal: i % 2 ? null : 0.01 })).join('\n') + '\n';

/** A run directory with this machine.jsonl, or without one. */
function runDir(name: string, machine?: string): string {
  const dir = mkdtempSync(path.join(work, `${name}-`));
  if (machine !== undefined) writeFileSync(path.join(dir, 'machine.jsonl'), machine);
  return dir;
}

const withBaseline = (baseline: number): CalibrationProfile => ({
  ...pipelineProfile(),
  conditions: { probe: { baseline, p50: baseline, p95: baseline, max: baseline }, load1: { mean: 0, max: 0 }, steal: null, samples: 1, busy: false, forced: false },
});

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('no error');
}

describe('parseMachineJsonl', () => {
  it('parseMachineJsonl reads each sample and lets extra fields and blank lines through', () => {
    const text = '{"t": 0, "probe": 0.004, "load1": 1.5, "steal": null}\n\n{"t": 1.02, "probe": 0.005, "load1": 0, "steal": 0.25, "cpu": "x"}\n';
    expect(parseMachineJsonl(text, 'm.jsonl')).toEqual([{ t: 0, probe: 0.004, load1: 1.5, steal: null }, { t: 1.02, probe: 0.005, load1: 0, steal: 0.25 }]);
  });

  it.each([
    ['{"t": 0, "probe": 0.004, "load1": 1, "steal": null}\n{"t": 1, "probe": ', 'm.jsonl:2: not valid JSON'],
    ['[1, 2]', 'm.jsonl:1: must be a JSON object, got [1,2]'],
    ['{"probe": 0.004, "load1": 1, "steal": null}', "m.jsonl:1: 't' must be a number of seconds in [0, 1000000000], got nothing"],
    ['{"t": -1, "probe": 0.004, "load1": 1, "steal": null}', "m.jsonl:1: 't' must be a number of seconds in [0, 1000000000], got -1"],
    ['{"t": 0, "probe": 0, "load1": 1, "steal": null}', "m.jsonl:1: 'probe' must be a number of seconds > 0, got 0"],
    ['{"t": 0, "probe": "fast", "load1": 1, "steal": null}', "m.jsonl:1: 'probe' must be a number of seconds > 0, got \"fast\""],
    ['{"t": 0, "probe": 0.004, "load1": -0.5, "steal": null}', "m.jsonl:1: 'load1' must be a number >= 0, got -0.5"],
    ['{"t": 0, "probe": 0.004, "load1": 1, "steal": 1.5}', "m.jsonl:1: 'steal' must be a number in [0, 1] or null, got 1.5"],
    ['{"t": 0, "probe": 0.004, "load1": 1}', "m.jsonl:1: 'steal' must be a number in [0, 1] or null, got nothing"],
    ['{"t": 2, "probe": 0.004, "load1": 1, "steal": null}\n{"t": 2, "probe": 0.004, "load1": 1, "steal": null}', "m.jsonl:2: 't' must be later than the line before's (2), got 2"],
  ])('parseMachineJsonl names the file, line and field of %j', (text, message) => {
    expect(errorOf(() => parseMachineJsonl(text, 'm.jsonl'))).toContain(message);
  });

  it('readMachineLog gives null for a run without machine.jsonl and refuses an empty one', () => {
    expect(readMachineLog(runDir('none'))).toBeNull();
    const empty = runDir('empty', '\n');
    expect(errorOf(() => readMachineLog(empty))).toBe(`${path.join(empty, 'machine.jsonl')}: no samples (the machine's speed was not recorded)`);
  });
});

describe('speedTraceOf', () => {
  it('median and rollingMedian: the middle value, the mean of the two middle ones, fewer at the ends', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(rollingMedian([1, 9, 1, 1, 1, 1], 5)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(rollingMedian([1, 2, 3, 4, 5, 6], 5)).toEqual([2, 2.5, 3, 4, 4.5, 5]);
  });

  it('speedTraceOf drops a single slow sample (one preempted probe) and even two in a row', () => {
    const probes = [0.01, 0.01, 0.01, 0.01, 0.08, 0.01, 0.01, 0.01, 0.05, 0.05, 0.01, 0.01, 0.01];
    const r = speedTraceOf(parseMachineJsonl(jsonl(probes), 'm.jsonl'), null, 'm.jsonl');
    expect(r).toMatchObject({ speedTrace: { at: [0], speed: [1] }, baseline: 0.01, baselineSource: 'run-median', samples: 13, clamped: 0 });
  });

  // Probes of 10 ms for t = 0..5, then 20 ms for t = 6..11. The median of 5 centred on
  // t = 5 holds three 10 ms samples, on t = 6 three 20 ms ones: the step is between them, at
  // 5.5 (each sample's speed holds to halfway to the next).
  const step = parseMachineJsonl(jsonl([...Array(6).fill(0.01), ...Array(6).fill(0.02)]), 'm.jsonl');

  it('speedTraceOf keeps a step, halfway between its samples, against the profile\'s baseline', () => {
    expect(speedTraceOf(step, 0.01, 'm.jsonl')).toMatchObject({ speedTrace: { at: [0, 5.5], speed: [1, 0.5] }, baseline: 0.01, baselineSource: 'profile' });
  });

  it('speedTraceOf without a profile baseline measures against the run\'s own median probe', () => {
    // median of six 0.01 and six 0.02: 0.015
    const r = speedTraceOf(step, null, 'm.jsonl');
    expect(r.baseline).toBeCloseTo(0.015, 15);
    expect(r.speedTrace.at).toEqual([0, 5.5]);
    expect(r.speedTrace.speed).toEqual([expect.closeTo(1.5, 12), expect.closeTo(0.75, 12)]);
    expect(r.baselineSource).toBe('run-median');
  });

  it('speedTraceOf clamps speeds to the scenario\'s bounds and counts the samples clamped', () => {
    const samples = parseMachineJsonl(jsonl([0.01, 0.01, 0.01, 50, 50, 50, 50, 0.01, 0.01, 0.01]), 'm.jsonl');
    const r = speedTraceOf(samples, 0.01, 'm.jsonl');
    expect(r.speedTrace).toEqual({ at: [0, 2.5, 6.5], speed: [1, 0.05, 1] });
    expect(r.clamped).toBe(4);
    expect(speedTraceOf(samples, 1000, 'm.jsonl').speedTrace).toEqual({ at: [0], speed: [20] }); // all at 20 or clamped to it: one point
  });

  it('speedTraceOf moves the trace onto the arrival clock by clockOffset: samples before its 0 give the speed at 0', () => {
    const samples = parseMachineJsonl(jsonl([...Array(6).fill(0.01), ...Array(6).fill(0.02)]), 'm.jsonl');
    expect(speedTraceOf(samples, 0.01, 'm.jsonl', 2).speedTrace).toEqual({ at: [0, 3.5], speed: [1, 0.5] });
    expect(speedTraceOf(samples, 0.01, 'm.jsonl', 7).speedTrace).toEqual({ at: [0], speed: [0.5] });
  });

  it('speedTraceOfRun aligns the trace by the samples\' run clock: t - run of the first that has it', () => {
    // The recorder ran 2 s before the arrivals' clock started (platform start, warm-up).
    const lines = [...Array(6).fill(0.01), ...Array(6).fill(0.02)].map((probe, i) => JSON.stringify({ t: i, probe, load1: 0, steal: null, ...(i >= 2 ? { run: i - 2 } : {}) }));
    const dir = runDir('clock', `${lines.join('\n')}\n`);
    expect(clockOffsetOf(parseMachineJsonl(lines.join('\n'), 'm.jsonl'))).toBe(2);
    expect(speedTraceOfRun(dir, withBaseline(0.01))!.speedTrace).toEqual({ at: [0, 3.5], speed: [1, 0.5] });
    expect(clockOffsetOf(parseMachineJsonl(jsonl([0.01, 0.01]), 'm.jsonl'))).toBe(0);
    expect(() => parseMachineJsonl('{"t": 1, "probe": 0.01, "load1": 0, "steal": null, "run": 3}', 'm.jsonl')).toThrow("m.jsonl:1: 'run' must be absent, or a number of seconds in [0, t = 1], got 3");
  });

  it('speedTraceOfRun reads the run directory and takes the profile\'s baseline when it has one', () => {
    const dir = runDir('step', jsonl([...Array(6).fill(0.01), ...Array(6).fill(0.02)]));
    expect(speedTraceOfRun(dir, withBaseline(0.02))).toMatchObject({ speedTrace: { at: [0, 5.5], speed: [2, 1] }, baselineSource: 'profile', file: path.join(dir, 'machine.jsonl') });
    expect(speedTraceOfRun(dir, pipelineProfile())!.baselineSource).toBe('run-median');
    expect(speedTraceOfRun(dir, null)!.baselineSource).toBe('run-median');
    expect(speedTraceOfRun(runDir('no-log'), withBaseline(0.02))).toBeNull();
    expect(errorOf(() => speedTraceOfRun(dir, withBaseline(-1), { profilePath: 'p.json' }))).toBe('p.json: $.conditions.probe.baseline must be a number of seconds > 0, got -1');
    const broken = runDir('broken', '{"t": 0, "probe": 0.01, "load1": 0, "steal": null}\n{"t": 1, "probe": null, "load1": 0, "steal": null}\n');
    expect(errorOf(() => speedTraceOfRun(broken, null))).toBe(`${path.join(broken, 'machine.jsonl')}:2: 'probe' must be a number of seconds > 0, got null`);
  });
});

describe('withSpeedTrace', () => {
  const base = () => oneFunction({ scaling: { mode: 'fixed', min: 1, max: 1 }, warm: constant(3) }, {
    horizon: 20, workload: { executor: 'trace', arrivals: [1] }, platform: { speed: { sigma: 0.1, tau: 20 } },
  });

  it('withSpeedTrace sets platform.speedTrace, removes platform.speed and leaves the scenario given alone', () => {
    const s = base();
    const before = JSON.stringify(s);
    const replay = withSpeedTrace(s, { at: [0, 2], speed: [1, 0.5] });
    expect(JSON.stringify(s)).toBe(before);
    expect(replay.platform!.speed).toBeUndefined();
    expect('speed' in replay.platform!).toBe(false);
    expect(replay.platform!.speedTrace).toEqual({ at: [0, 2], speed: [1, 0.5] });
    expect(replay.platform!.functions).toEqual(s.platform!.functions);
    // Without a platform of its own, one is made.
    const bare = { ...s } as Scenario;
    delete bare.platform;
    expect(withSpeedTrace(bare, { at: [0], speed: [2] }).platform).toEqual({ speedTrace: { at: [0], speed: [2] } });
  });

  it('withSpeedTrace on a trace from machine.jsonl gives a scenario the simulator runs at the measured speed', () => {
    // Half speed from 5.5 s on: a call of 3 s of work started at 1 ends at 4, before it.
    const trace = speedTraceOf(step(), 0.01, 'm.jsonl').speedTrace;
    const replay = parseScenario(JSON.parse(JSON.stringify(withSpeedTrace(base(), trace))), 'replay.json');
    expect(resolveScenario(replay, null, 'replay.json').speed).toBeNull();
    const span = simulate(replay).variants[0]!.spans.find((x) => x.fn === 'fn')!;
    expect([span.start, span.end]).toEqual([1, expect.closeTo(4, 9)]);
    // Started at 4: 1.5 s at full speed, the other 1.5 s of work at half, 3 s: ends at 8.5.
    const later = withSpeedTrace({ ...base(), workload: { executor: 'trace', arrivals: [4] } }, trace);
    expect(simulate(parseScenario(later, 'replay.json')).variants[0]!.spans.find((x) => x.fn === 'fn')!.end).toBeCloseTo(8.5, 9);
  });
});

function step() {
  return parseMachineJsonl(jsonl([...Array(6).fill(0.01), ...Array(6).fill(0.02)]), 'm.jsonl');
}
