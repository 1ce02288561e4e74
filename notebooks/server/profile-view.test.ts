import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DEFAULT_PROFILE } from '../studies/study.ts';
import { fitView, profileView } from './profile-view.ts';

describe('fitView', () => {
  it('fitView(a lognormal fit with samples) bins every sample and pairs each with a fitted quantile', () => {
    const samples = [0.8, 1.1, 1.2, 1.5, 2.0, 2.2, 3.9];
    const v = fitView('s', 'warm', 's', { dist: { type: 'lognormal', mu: 0.4, sigma: 0.5 }, family: 'lognormal', n: samples.length, ks: 0.1, samples });
    expect(v.bins.reduce((a, b) => a + b.count, 0)).toBe(samples.length);
    // Histogram densities integrate to 1 like the curve does.
    expect(v.bins.reduce((a, b) => a + b.density * (b.x1 - b.x0), 0)).toBeCloseTo(1, 12);
    expect(v.qq.map((q) => q.sample)).toEqual(samples);
    for (let i = 1; i < v.qq.length; i++) expect(v.qq[i]!.fitted).toBeGreaterThan(v.qq[i - 1]!.fitted);
    expect(v.ks).toBe(0.1);
  });

  it('fitView(a constant) draws the atom as a box one bin wide holding all the probability', () => {
    const v = fitView('s', 'firstCall', 's', { dist: { type: 'constant', value: 2 }, family: 'constant', n: 1, samples: [2] });
    const dx = v.curve[1]!.x - v.curve[0]!.x;
    const area = v.curve.reduce((a, p) => a + p.density * dx, 0);
    expect(area).toBeGreaterThan(0.95);
    expect(area).toBeLessThan(1.05);
    const peak = Math.max(...v.curve.map((p) => p.density));
    expect(peak).toBeCloseTo(1 / v.binWidth, 12);
    expect(v.qq).toEqual([]); // one sample: no QQ plot
  });

  it('fitView(an assumed fit without samples) still gives the fitted curve, and no bins', () => {
    const v = fitView('s', 'containerStart', 's', { dist: { type: 'exponential', mean: 1 }, family: 'exponential', n: 0, warning: 'assumed' });
    expect(v.bins).toEqual([]);
    expect(v.curve.length).toBeGreaterThan(100);
    expect(v.curve[0]!.density).toBeGreaterThan(0);
    expect(v.warning).toBe('assumed');
    expect(v.mean).toBe(1);
  });
});

describe('profileView', () => {
  // The page shows the calibration's status; a profile without the field is complete (sim/profile/types.ts).
  it('profileView carries the status: complete when absent, incomplete as written', () => {
    const profile = JSON.parse(readFileSync(DEFAULT_PROFILE, 'utf8'));
    expect(profileView({ ...profile, status: undefined }).status).toBe('complete');
    expect(profileView({ ...profile, status: 'incomplete' }).status).toBe('incomplete');
  });
});
