import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classify, resultProblem } from './classify.ts';
import { oneFunction, simulate } from '../../sim/test/helpers.ts';

const profile = JSON.parse(readFileSync(new URL('../../profiles/default.json', import.meta.url), 'utf8'));

// A real simulator result (as readers see it after JSON), so the fixture cannot drift from
// what `npm run sim` writes.
const simulated = JSON.parse(
  JSON.stringify(
    simulate(oneFunction({ scaling: { mode: 'fixed', min: 1, max: 1 }, warm: { type: 'constant', value: 1 } }, { name: 'tiny', horizon: 5, workload: { executor: 'burst', count: 2 } })),
  ),
);
const result = (): Record<string, any> => structuredClone(simulated);

const EXPECTED = '$.format: expected one of "fave.result/v1", "fave.calibration/v1", "fave.sweep-result/v1", "fave.validation/v2"';

describe('classify', () => {
  it('classify(a result) names its scenario and variants', () => {
    expect(classify(result())).toEqual({ kind: 'simulation', title: 'tiny', variants: ['base'] });
  });

  it('classify(a live result) is a live result', () => {
    expect(classify({ ...result(), kind: 'live' })).toEqual({ kind: 'live', title: 'tiny', variants: ['base'] });
  });

  it('classify(the default profile) is a profile titled by its source and date, listing its stages', () => {
    const c = classify(profile);
    expect(c.kind).toBe('profile');
    expect(c.error).toBeUndefined();
    expect(c.title).toBe(`${profile.measured.source} ${profile.measured.date}`);
    expect(c.variants).toEqual(Object.keys(profile.stages));
  });

  it('classify(an interrupted calibration\'s profile) says it is incomplete in its title', () => {
    const c = classify({ ...profile, status: 'incomplete' });
    expect(c.error).toBeUndefined();
    expect(c.title).toBe(`${profile.measured.source} ${profile.measured.date} (incomplete)`);
  });

  it('classify(a profile with a bad distribution) reports the JSON path', () => {
    const bad = structuredClone(profile);
    bad.stages['librosa'].warm.dist = { type: 'lognormal', mu: 0 };
    const c = classify(bad);
    expect(c.kind).toBe('profile');
    expect(c.error).toMatch(/librosa/);
  });

  it.each([
    ['an array', [], '$: must be a JSON object'],
    ['no format', { kind: 'simulation' }, `${EXPECTED}, got undefined`],
    ['a scenario file', { format: 'fave.scenario/v1' }, `${EXPECTED}, got "fave.scenario/v1"`],
  ])('classify(%s) is unknown with the reason', (_label, json, error) => {
    expect(classify(json)).toEqual({ kind: 'unknown', error });
  });

  it('classify(a scorecard missing its checks) is a validation with the reason', () => {
    expect(classify({ format: 'fave.validation/v2', scenario: 'v', match: true, runs: [] })).toEqual({ kind: 'validation', title: 'v', error: "$: missing required key 'method'" });
  });
});


describe('resultProblem', () => {
  const cases: [string, (r: Record<string, any>) => void, string][] = [
    ['another kind', (r) => (r.kind = 'replay'), '$.kind: must be one of "simulation", "live"'],
    ['no scenario name', (r) => delete r.scenario.name, "$.scenario: missing required key 'name'"],
    ['no variants', (r) => (r.variants = []), '$.variants: must NOT have fewer than 1 items'],
    ['a variant without histograms', (r) => delete r.variants[0].histograms, "$.variants[0]: missing required key 'histograms'"],
    ['a summary without latency', (r) => delete r.variants[0].summary.latency, "$.variants[0].summary: missing required key 'latency'"],
    ['e2e counts not an array', (r) => (r.variants[0].histograms.e2e.counts = 3), '$.variants[0].histograms.e2e.counts: must be array'],
    ['spans missing', (r) => delete r.variants[0].spans, "$.variants[0]: missing required key 'spans'"],
  ];
  it.each(cases)('resultProblem(a result with %s) names the field', (_label, patch, message) => {
    const r = result();
    patch(r);
    expect(resultProblem(r)).toBe(message);
  });

  it('resultProblem(a complete result) is null', () => {
    expect(resultProblem(result())).toBeNull();
  });
});
