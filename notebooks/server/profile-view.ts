// What the calibration page draws, computed where the distributions live: for every fit of
// a profile, the histogram of its samples, the fitted density over the same axis, and the
// points of a QQ plot. The browser then only draws; no distribution code is ported to it.
import { ticks } from 'd3';
import { createDistribution } from '../../sim/dist/registry.ts';
import type { Distribution, DistSpec } from '../../sim/dist/spec.ts';
import type { CalibrationProfile, Fit } from '../../sim/profile/types.ts';

export interface FitView {
  stage: string; // a stage name, 'fanout' or 'overheads'
  phase: string; // warm, cpu, containerStart, init, firstCall, clipsPerVideo, ...
  unit: 's' | 'count';
  family: string;
  spec: DistSpec;
  n: number;
  ks: number | null;
  warning: string | null;
  mean: number;
  binWidth: number;
  bins: { x0: number; x1: number; count: number; density: number }[]; // empty without samples
  // The fitted probability of a bin-wide window centred on x, per unit of x: the density as
  // the histogram would show it, so an atom (a constant, a mixture part) draws as a box of
  // one bin instead of an infinite spike.
  curve: { x: number; density: number }[];
  qq: { p: number; sample: number; fitted: number }[]; // empty below 2 samples
}

export interface ProfileView {
  /** The calibration's own status: 'incomplete' when it was interrupted or failed (./fave sim refuses it). */
  status: 'complete' | 'incomplete';
  measured: CalibrationProfile['measured'];
  node: CalibrationProfile['node'];
  fits: FitView[];
}

const CURVE_POINTS = 160;

export function profileView(profile: CalibrationProfile): ProfileView {
  const fits: FitView[] = [];
  for (const [stage, sp] of Object.entries(profile.stages)) {
    for (const phase of ['warm', 'cpu', 'containerStart', 'init', 'firstCall'] as const) {
      const fit = sp[phase];
      if (fit) fits.push(fitView(stage, phase, 's', fit));
    }
  }
  // VideoSearcher's fan-out; a profile of other functions has none.
  if (profile.fanout) {
    fits.push(fitView('fanout', 'clipsPerVideo', 'count', profile.fanout.clipsPerVideo));
    fits.push(fitView('fanout', 'framesPerClip', 'count', profile.fanout.framesPerClip));
  }
  for (const [name, fit] of Object.entries(profile.overheads ?? {})) if (fit) fits.push(fitView('overheads', name, 's', fit));
  return { status: profile.status ?? 'complete', measured: profile.measured, node: profile.node, fits };
}

export function fitView(stage: string, phase: string, unit: FitView['unit'], fit: Fit): FitView {
  const dist = createDistribution(fit.dist, `${stage}.${phase}.dist`);
  const samples = (fit.samples ?? []).filter(Number.isFinite).sort((a, b) => a - b);
  const top = Math.max(samples.at(-1) ?? 0, dist.quantile(0.99));
  const hi = top > 0 ? top * 1.05 : 1;
  // About sqrt(n) bins, at least 6 and at most 30, on round thresholds.
  const want = Math.min(30, Math.max(6, Math.ceil(Math.sqrt(samples.length)) + 2));
  const thresholds = ticks(0, hi, want);
  const binWidth = thresholds.length > 1 ? thresholds[1]! - thresholds[0]! : hi;
  const nBins = Math.ceil(hi / binWidth);
  const bins = samples.length
    ? Array.from({ length: nBins }, (_, i) => {
        const x0 = i * binWidth;
        const x1 = x0 + binWidth;
        // Half-open bins, the last one closed so the maximum sample is counted.
        const count = samples.filter((x) => x >= x0 && (x < x1 || (i === nBins - 1 && x <= x1))).length;
        return { x0, x1, count, density: count / (samples.length * binWidth) };
      })
    : [];
  return {
    stage,
    phase,
    unit,
    family: fit.family,
    spec: fit.dist,
    n: fit.n,
    ks: fit.ks ?? null,
    warning: fit.warning ?? null,
    mean: dist.mean(),
    binWidth,
    bins,
    curve: densityCurve(dist, nBins * binWidth, binWidth),
    qq: samples.length >= 2 ? samples.map((sample, i) => {
      const p = (i + 0.5) / samples.length;
      return { p, sample, fitted: dist.quantile(p) };
    }) : [],
  };
}

function densityCurve(dist: Distribution, hi: number, width: number): FitView['curve'] {
  const cdf = dist.cdf?.bind(dist) ?? cdfFromQuantile(dist);
  return Array.from({ length: CURVE_POINTS + 1 }, (_, i) => {
    const x = (i / CURVE_POINTS) * hi;
    const mass = cdf(x + width / 2) - (x - width / 2 < 0 ? 0 : cdf(x - width / 2));
    return { x, density: Math.max(0, mass) / width };
  });
}

// A family without a closed-form cdf still has a quantile function: invert it by bisection.
function cdfFromQuantile(dist: Distribution): (x: number) => number {
  return (x) => {
    let lo = 0;
    let hi = 1;
    for (let i = 0; i < 50; i++) {
      const mid = (lo + hi) / 2;
      if (dist.quantile(mid) <= x) lo = mid;
      else hi = mid;
    }
    return lo;
  };
}
