// The sweep and scorecard shape checks against files the real code wrote (sweep: runSweep;
// scorecard: validate's score on a synthetic run), then each broken at one field.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeScorecard, makeSweepResult } from '../test/more-fixtures.ts';
import { classify } from './classify.ts';
import { sweepProblem, validationProblem } from './shapes.ts';

let dir: string;
let sweep: Record<string, any>;
let card: Record<string, any>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fave-shapes-'));
  await makeSweepResult(join(dir, 'sweep.json'));
  await makeScorecard(join(dir, 'validation.json'));
  sweep = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8'));
  card = JSON.parse(readFileSync(join(dir, 'validation.json'), 'utf8'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sweepProblem', () => {
  it('sweepProblem(a sweep result as written) is null, and it classifies as a sweep of its points', () => {
    expect(sweepProblem(sweep)).toBeNull();
    expect(classify(sweep)).toEqual({ kind: 'sweep', title: 'notebook-fixture (warm-burst)', variants: ['4 points'] });
  });

  it('sweepProblem accepts null where NaN was written (a point without successful requests)', () => {
    const s = structuredClone(sweep);
    s.points[0].objectives.service = null;
    s.points[0].metrics.latency.p95 = { mean: null, lo: null, hi: null, n: 0 };
    expect(sweepProblem(s)).toBeNull();
  });

  const cases: [string, (s: Record<string, any>) => void, string][] = [
    ['no points', (s) => (s.points = []), '$.points: must not be empty'],
    ['a point without latency', (s) => delete s.points[1].metrics.latency, "$.points[1].metrics: missing required key 'latency'"],
    ['a p99 mean as text', (s) => (s.points[2].metrics.latency.p99.mean = 'slow'), '$.points[2].metrics.latency.p99.mean: must be number or null, got "slow"'],
    ['pareto as a string', (s) => (s.points[0].pareto = 'yes'), '$.points[0].pareto: must be boolean, got "yes"'],
    ['a front naming no point', (s) => s.pareto.push(42), `$.pareto[1]: 42 is not the index of a point`],
    ['no objective', (s) => delete s.objective, "$: missing required key 'objective'"],
  ];
  it.each(cases)('sweepProblem(a sweep result with %s) names the field', (_label, patch, message) => {
    const s = structuredClone(sweep);
    patch(s);
    expect(sweepProblem(s)).toBe(message);
  });
});

describe('validationProblem', () => {
  it('validationProblem(a scorecard as written) is null', () => {
    expect(validationProblem(card)).toBeNull();
    expect(classify(card)).toEqual({ kind: 'validation', title: 'validate-synthetic' });
  });

  const cases: [string, (c: Record<string, any>) => void, string][] = [
    ['checks not a list', (c) => (c.replays.withoutTrace.checks = 'all good'), '$.replays.withoutTrace.checks: must be an array'],
    ['a check without pass', (c) => delete c.replays.withoutTrace.checks[2].pass, "$.replays.withoutTrace.checks[2]: missing required key 'pass'"],
    ['no simulated e2e', (c) => delete c.replays.withoutTrace.e2e.sim, "$.replays.withoutTrace.e2e: missing required key 'sim'"],
    ['a function without its distances', (c) => delete c.replays.withoutTrace.functions['ffmpeg-1'].distances, "$.replays.withoutTrace.functions.ffmpeg-1: missing required key 'distances'"],
    ['a floor as text', (c) => (c.replays.withoutTrace.e2e.distances.ks.floor = 'wide'), '$.replays.withoutTrace.e2e.distances.ks.floor: must be number or null, got "wide"'],
    ['an outcome count as text', (c) => (c.replays.withoutTrace.outcomes[0].live.ok = 'many'), '$.replays.withoutTrace.outcomes[0].live.ok: must be number or null, got "many"'],
    ['a malformed second replay', (c) => (c.replays.withTrace = { match: true }), "$.replays.withTrace: missing required key 'checks'"],
    ['the old version', (c) => (c.format = 'fave.validation/v1'), '$.format: this viewer reads "fave.validation/v2", got "fave.validation/v1"'],
  ];
  it.each(cases)('validationProblem(a scorecard with %s) names the field', (_label, patch, message) => {
    const c = structuredClone(card);
    patch(c);
    expect(validationProblem(c)).toBe(message);
  });
});
