// The --slo grammar: what it reads, what it refuses (naming the term), and two properties:
// any text either parses or throws a SloError (a UsageError, exit 2), and the canonical text
// reads back to the same objective.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FaveError, UsageError } from '../process/errors.ts';
import { formatSlo, LATENCY_LIMIT, parseSlo, plain, type Slo, SloError, type SloTerm } from './slo.ts';

const errorOf = (text: string): SloError => {
  try {
    parseSlo(text);
  } catch (e) {
    if (e instanceof SloError) return e;
    throw e;
  }
  throw new Error(`${text} parsed`);
};

describe('slo', () => {
  it('parseSlo reads latency terms in s or ms and a success share, in the order given', () => {
    expect(parseSlo('p95<=40s,success>=99%')).toEqual({ terms: [{ metric: 'p95', max: 40 }, { metric: 'success', min: 99 }] });
    expect(parseSlo(' success >= 99.5 % , p99 <= 1500ms , p50<=0.25s ')).toEqual({
      terms: [{ metric: 'success', min: 99.5 }, { metric: 'p99', max: 1.5 }, { metric: 'p50', max: 0.25 }],
    });
    expect(parseSlo('success>=100%')).toEqual({ terms: [{ metric: 'success', min: 100 }] });
    expect(parseSlo('p95<=1ms').terms[0]).toEqual({ metric: 'p95', max: 0.001 });
  });

  it('parseSlo refuses bad terms, each error naming the term and what it expected', () => {
    const cases: [string, string][] = [
      ['', 'no terms given'],
      ['   ', 'no terms given'],
      ['p95<=40s,', "term 2 '': empty"],
      [',p95<=40s', 'term 1 \'\': empty'],
      ['p90<=40s', "term 1 'p90<=40s': unknown metric 'p90' (did you mean p50?)"],
      ['P95<=40s', "unknown metric 'P95' (did you mean p95?)"],
      ['latency<=40s', "unknown metric 'latency': one of p50, p95, p99, success"],
      ['cost<=10', 'cost is what recommend minimises, not a bound'],
      ['p95<40s', "p95 takes <= (got '<')"],
      ['p95>=40s', "p95 takes <= (got '>=')"],
      ['p95≤40s', "p95 takes <= (got '≤')"],
      ['success<=99%', "success takes >= (got '<=')"],
      ['p95<=40', 'no unit: write 40s or 40ms'],
      ['p95<=40min', "unknown unit 'min': s or ms"],
      ['p95<=s', "expected a number after <= (got 's')"],
      ['p95<=', 'expected a number after <='],
      ['p95<=-1s', "expected a number after <= (got '-1s')"],
      ['p95<=1e3s', "unknown unit 'e3s'"],
      ['p95<=0s', 'a latency limit from 1 ms to 1,000,000 s (got 0s)'],
      ['p95<=0.5ms', 'a latency limit from 1 ms'],
      ['p95<=2000000s', 'a latency limit from 1 ms'],
      ['success>=99', 'no unit: write 99%'],
      ['success>=99s', "expected % after the number (got 's')"],
      ['success>=101%', 'a share from 0% to 100% (got 101%)'],
      ['p95<=40s,p95<=30s', "term 2 'p95<=30s': p95 is already bounded by term 1"],
      ['=40s', 'expected a metric'],
    ];
    for (const [text, message] of cases) expect(errorOf(text).message, text).toContain(message);
    expect(errorOf('p95<=40s,success>=101%').term).toBe("term 2 'success>=101%'");
    expect(errorOf('x'.repeat(1001)).message).toContain('at most 1000 characters');
  });

  it('parseSlo throws nothing but a SloError, a UsageError (exit 2), whatever the text', () => {
    const pieces = fc.constantFrom('p50', 'p95', 'p99', 'success', 'P95', 'cost', '<=', '>=', '<', '=', '≥', ',', ' ', '%', 's', 'ms', '40', '99.5', '.', '-', 'e', '1e400', '0', '\u0000', '💥');
    const texts = fc.oneof(fc.string({ maxLength: 60 }), fc.array(pieces, { maxLength: 12 }).map((xs) => xs.join('')), fc.string({ unit: 'grapheme', maxLength: 30 }));
    fc.assert(
      fc.property(texts, (text) => {
        try {
          const slo = parseSlo(text);
          expect(slo.terms.length).toBeGreaterThan(0);
        } catch (e) {
          expect(e).toBeInstanceOf(SloError);
          expect(e).toBeInstanceOf(UsageError);
          expect(e).toBeInstanceOf(FaveError);
          expect((e as FaveError).exitCode).toBe(2);
        }
      }),
      { numRuns: 2000 },
    );
  });

  const term: fc.Arbitrary<SloTerm> = fc.oneof(
    fc.record({ metric: fc.constantFrom('p50' as const, 'p95' as const, 'p99' as const), max: fc.double({ min: LATENCY_LIMIT.min, max: LATENCY_LIMIT.max, noNaN: true }) }),
    fc.record({ metric: fc.constant('success' as const), min: fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), fc.constantFrom(0, 5e-7, 99, 99.9, 100)) }),
  );
  const slos: fc.Arbitrary<Slo> = fc.uniqueArray(term, { minLength: 1, maxLength: 4, selector: (t) => t.metric }).map((terms) => ({ terms }));

  it('parseSlo reads back what formatSlo writes, for any objective', () => {
    fc.assert(
      fc.property(slos, (slo) => {
        expect(parseSlo(formatSlo(slo))).toEqual(slo);
      }),
    );
  });

  it('parseSlo reads any valid text the way it reads its canonical form', () => {
    // Written as a user might: spaces anywhere between tokens, ms or s, integers or decimals.
    const space = fc.constantFrom('', ' ', '  ');
    const number = fc.tuple(fc.integer({ min: 1, max: 99 }), fc.option(fc.integer({ min: 0, max: 999 }), { nil: undefined })).map(([i, f]) => (f === undefined ? `${i}` : `${i}.${f}`));
    const latency = fc.tuple(fc.constantFrom('p50', 'p95', 'p99'), space, space, number, space, fc.constantFrom('s', 'ms'), space).map(([m, a, b, n, c, u, d]) => ({ metric: m, text: `${a}${m}${b}<=${c}${n}${u}${d}` }));
    const success = fc.tuple(space, number, space).map(([a, n, b]) => ({ metric: 'success', text: `${a}success${b}>=${n}${b}%${a}` }));
    const texts = fc.uniqueArray(fc.oneof(latency, success), { minLength: 1, maxLength: 4, selector: (t) => t.metric }).map((ts) => ts.map((t) => t.text).join(','));
    fc.assert(
      fc.property(texts, (text) => {
        const slo = parseSlo(text);
        expect(parseSlo(formatSlo(slo))).toEqual(slo);
        expect(formatSlo(parseSlo(formatSlo(slo)))).toBe(formatSlo(slo));
      }),
    );
  });

  it('formatSlo writes the canonical text, in seconds, with no exponent', () => {
    expect(formatSlo(parseSlo(' p95 <= 1500ms , success >= 99 % '))).toBe('p95<=1.5s,success>=99%');
    expect(plain(5e-7)).toBe('0.0000005');
    expect(plain(1.25e-8)).toBe('0.0000000125');
    expect(plain(1.5e21)).toBe('1500000000000000000000');
    expect(plain(40)).toBe('40');
  });
});
