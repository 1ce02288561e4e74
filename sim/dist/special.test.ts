import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalCdf, normalDraw, normalQuantile } from './normal.ts';
import { digamma, gammaP, logGamma, trigamma } from './gamma-fn.ts';

// Reference values computed with mpmath at 30 digits (scipy for the normal quantiles).
describe('special functions', () => {
  it('normalCdf(x) matches reference values in the body and the tails', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 14);
    expect(normalCdf(-3) / 0.0013498980316300946).toBeCloseTo(1, 12);
    // Relative accuracy degrades to ~1e-8 beyond 5 sd (Hart's approximation); ample for
    // sampling, where 32-bit uniforms never reach past 6.3 sd.
    expect(normalCdf(-6) / 9.865876450376981e-10).toBeCloseTo(1, 8);
    expect(normalCdf(-10) / 7.619853024160527e-24).toBeCloseTo(1, 7);
  });

  it('normalDraw (no refinement) is within Acklam\'s 1.15e-9 of normalQuantile everywhere', () => {
    fc.assert(
      fc.property(fc.double({ min: 2 ** -32, max: 1 - 2 ** -32, noNaN: true }), (p) => {
        const exact = normalQuantile(p);
        expect(Math.abs(normalDraw(p) - exact)).toBeLessThanOrEqual(1.2e-9 * Math.max(1, Math.abs(exact)));
      }),
      { numRuns: 2000 },
    );
    expect([normalDraw(0), normalDraw(1), normalDraw(Number.NaN)]).toEqual([-Infinity, Infinity, Number.NaN]);
  });

  it('normalQuantile(p) matches reference values and inverts normalCdf', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 14);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 12);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 8);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    fc.assert(
      // Above 5 sd, Φ(x) rounds to within 1e-16 of 1 and no inverse can recover x.
      fc.property(fc.double({ min: -8, max: 5, noNaN: true }), (x) => {
        expect(normalQuantile(normalCdf(x))).toBeCloseTo(x, 8);
      }),
      { seed: 11 },
    );
  });

  it('logGamma(x) matches ln Γ at integers and half-integers', () => {
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(logGamma(100)).toBeCloseTo(359.1342053695754, 9);
    expect(logGamma(0.01)).toBeCloseTo(4.599479878042022, 12);
  });

  it('gammaP(a, x) matches reference values on both sides of x = a + 1', () => {
    expect(gammaP(1, 2)).toBeCloseTo(1 - Math.exp(-2), 14);
    expect(gammaP(2.5, 1)).toBeCloseTo(0.15085496391539036, 13);
    expect(gammaP(2.5, 6)).toBeCloseTo(0.9652122194937582, 13);
    expect(gammaP(0.3, 0.01)).toBeCloseTo(0.27924099635901486, 12);
    expect(gammaP(50, 45)).toBeCloseTo(0.24680203440017027, 12);
    expect(gammaP(3, 0)).toBe(0);
  });

  it('digamma(x) and trigamma(x) match reference values', () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 13);
    expect(digamma(0.1)).toBeCloseTo(-10.42375494041108, 11);
    expect(digamma(30)).toBeCloseTo(3.384438132685525, 12);
    expect(trigamma(1)).toBeCloseTo((Math.PI * Math.PI) / 6, 12);
    expect(trigamma(0.1)).toBeCloseTo(101.4332991507927, 9);
    expect(trigamma(30)).toBeCloseTo(0.03389506035773994, 12);
  });
});
