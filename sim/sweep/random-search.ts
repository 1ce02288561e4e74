// Random search: `samples` override sets drawn from one seeded generator, so a sweep file
// always gives the same points. Each sample draws its parameters in the file's key order.
import alea from 'seedrandom/lib/alea.js'; // seedrandom.alea alone (sim/random/seedrandom-alea.d.ts)
import type { RandomParam } from './types.ts';

export function drawValue(param: RandomParam, u: () => number): unknown {
  if ('choices' in param) return param.choices[Math.min(param.choices.length - 1, Math.floor(u() * param.choices.length))];
  const { min, max } = param;
  if (param.integer) {
    if (param.log) {
      // Log-uniform over [min - 0.5, max + 0.5) then rounded: every integer gets its share.
      const lo = Math.log(Math.max(min - 0.5, min / 2)), hi = Math.log(max + 0.5);
      return Math.min(max, Math.max(min, Math.round(Math.exp(lo + u() * (hi - lo)))));
    }
    return Math.min(max, min + Math.floor(u() * (max - min + 1)));
  }
  if (param.log) return Math.exp(Math.log(min) + u() * (Math.log(max) - Math.log(min)));
  return min + u() * (max - min);
}

export function randomSamples(params: Record<string, RandomParam>, samples: number, seed: number): Record<string, unknown>[] {
  const rng = alea(`fave.sweep/${seed}`);
  const u = () => rng();
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < samples; i++) {
    const sample: Record<string, unknown> = {};
    for (const [pointer, p] of Object.entries(params)) sample[pointer] = drawValue(p, u);
    out.push(sample);
  }
  return out;
}
