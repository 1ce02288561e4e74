// A service-level objective as `./fave recommend --slo` reads it: comma-separated terms,
//   p50|p95|p99 <= <number>s|ms     the latency percentile of successful requests, at most
//   success >= <number>%            the share of requests that succeed, at least
// e.g. "p95<=40s,success>=99%". No cost term: cost is what recommend minimises. Parsed
// strictly (each metric at most once, the operator its metric takes, a unit always), every
// error a SloError naming the term; formatSlo writes the canonical text parseSlo reads back.
import { quoted } from '../input/excerpt.ts';
import { didYouMean } from '../input/did-you-mean.ts';
import { UsageError } from '../process/errors.ts';

export type LatencyMetric = 'p50' | 'p95' | 'p99';

export type SloTerm =
  /** The latency percentile (seconds) over a replication's successful requests, at most `max`. */
  | { metric: LatencyMetric; max: number }
  /** The share of requests that succeed, in percent, at least `min`. */
  | { metric: 'success'; min: number };

export interface Slo {
  terms: SloTerm[]; // in the order written, one per metric
}

export const LATENCY_METRICS: readonly LatencyMetric[] = ['p50', 'p95', 'p99'];
const METRICS = [...LATENCY_METRICS, 'success'] as const;

/** Bounds on a term's number (docs/input-limits.md): a latency limit from 1 ms to 10^6 s, a
 * success share from 0 to 100%. Within them formatSlo never needs an exponent. */
export const LATENCY_LIMIT = { min: 0.001, max: 1e6 } as const;
export const MAX_SLO_LENGTH = 1000;

const GRAMMAR = 'terms read p50|p95|p99<=<number>s|ms or success>=<number>%, separated by commas';

/** A bad --slo: the message names the term (its number and text) and what was expected. */
export class SloError extends UsageError {
  constructor(
    readonly term: string | null,
    readonly problem: string,
  ) {
    super(`--slo: ${term === null ? '' : `${term}: `}${problem}`);
    this.name = 'SloError';
  }
}

const NUMBER = /^(\d+(?:\.\d+)?)(.*)$/s;

export function parseSlo(text: string): Slo {
  if (text.length > MAX_SLO_LENGTH) throw new SloError(null, `at most ${MAX_SLO_LENGTH} characters (got ${text.length})`);
  if (text.trim() === '') throw new SloError(null, `no terms given (${GRAMMAR}, e.g. "p95<=40s,success>=99%")`);
  const parts = text.split(',');
  const terms: SloTerm[] = [];
  const seen = new Map<string, number>();
  parts.forEach((raw, i) => {
    const where = `term ${i + 1}${parts.length > 1 || raw.trim() ? ` ${quoted(raw.trim())}` : ''}`;
    const term = parseTerm(raw.trim(), where);
    const earlier = seen.get(term.metric);
    if (earlier !== undefined) throw new SloError(where, `${term.metric} is already bounded by term ${earlier}: give each metric once`);
    seen.set(term.metric, i + 1);
    terms.push(term);
  });
  return { terms };
}

function parseTerm(t: string, where: string): SloTerm {
  if (t === '') throw new SloError(where, `empty (${GRAMMAR})`);
  const m = /^([A-Za-z][A-Za-z0-9]*)\s*(.*)$/s.exec(t);
  if (!m) throw new SloError(where, `expected a metric (${METRICS.join(', ')}) first`);
  const [, name, rest] = m as unknown as [string, string, string];
  if (name === 'cost') throw new SloError(where, `cost is what recommend minimises, not a bound: give only ${METRICS.join(', ')}`);
  if (!(METRICS as readonly string[]).includes(name)) {
    const near = didYouMean(name.toLowerCase(), [...METRICS]) ?? (METRICS as readonly string[]).find((x) => x === name.toLowerCase());
    throw new SloError(where, `unknown metric ${quoted(name)}${near ? ` (did you mean ${near}?)` : ''}: one of ${METRICS.join(', ')}`);
  }
  const latency = name !== 'success';
  const op = latency ? '<=' : '>=';
  if (!rest.startsWith(op)) {
    const wrong = /^(<=|>=|<|>|=|==|≤|≥)/.exec(rest)?.[1];
    throw new SloError(where, `${name} takes ${op}${wrong ? ` (got ${quoted(wrong)})` : ''}: ${latency ? `${name}<=<number>s or ms, an upper limit` : 'success>=<number>%, a lower limit'}`);
  }
  const value = rest.slice(op.length).trim();
  const n = NUMBER.exec(value);
  if (!n) throw new SloError(where, `expected a number after ${op}${value ? ` (got ${quoted(value)})` : ''}`);
  const [, digits, unitRaw] = n as unknown as [string, string, string];
  const x = Number(digits);
  const unit = unitRaw.trim();
  if (latency) {
    if (unit !== 's' && unit !== 'ms') throw new SloError(where, unit ? `unknown unit ${quoted(unit)}: s or ms` : `no unit: write ${digits}s or ${digits}ms`);
    const seconds = unit === 'ms' ? x / 1000 : x;
    if (!(seconds >= LATENCY_LIMIT.min && seconds <= LATENCY_LIMIT.max)) {
      throw new SloError(where, `a latency limit from 1 ms to ${LATENCY_LIMIT.max.toLocaleString('en')} s (got ${digits}${unit})`);
    }
    return { metric: name as LatencyMetric, max: seconds };
  }
  if (unit !== '%') throw new SloError(where, unit ? `expected % after the number (got ${quoted(unit)})` : `no unit: write ${digits}%`);
  if (!(x >= 0 && x <= 100)) throw new SloError(where, `a share from 0% to 100% (got ${digits}%)`);
  return { metric: 'success', min: x };
}

/** The canonical text: parseSlo(formatSlo(slo)) equals slo. */
export function formatSlo(slo: Slo): string {
  return slo.terms.map(formatTerm).join(',');
}

export function formatTerm(t: SloTerm): string {
  return t.metric === 'success' ? `success>=${plain(t.min)}%` : `${t.metric}<=${plain(t.max)}s`;
}

/** A number in the digits parseSlo reads: JavaScript's shortest form, its exponent (below
 * 10^-6, e.g. a success share of 5e-7%) written out. */
export function plain(x: number): string {
  const text = String(x);
  const m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!m) return text;
  const digits = m[1]! + (m[2] ?? '');
  const exponent = Number(m[3]);
  if (exponent < 0) return `0.${'0'.repeat(-exponent - 1)}${digits}`;
  return digits.padEnd(exponent + 1, '0');
}
