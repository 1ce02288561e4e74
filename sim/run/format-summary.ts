// The summary table printed after a simulation: one block per variant, numbers as
// mean [95% CI] over replications where there are several.
import Table from 'cli-table3';
import type { Estimate } from './stats.ts';
import type { SimResult } from './result.ts';

function num(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return '–';
  if (Math.abs(x) >= 1000) return x.toFixed(0);
  return x.toFixed(digits);
}

// Plain tables: the summary goes to logs and CI output as often as to a terminal.
const PLAIN = { head: [] as string[], border: [] as string[] };
const MAX_FUNCTION_ROWS = 12;

export function est(e: Estimate, digits = 2): string {
  if (e.n <= 1 || e.lo === e.hi) return num(e.mean, digits);
  return `${num(e.mean, digits)} [${num(e.lo, digits)}, ${num(e.hi, digits)}]`;
}

export function formatSummary(result: SimResult): string {
  const lines: string[] = [];
  const s0 = result.scenario;
  lines.push(`${s0.name}: ${result.variants[0]!.seeds.length} replication(s), seed ${result.variants[0]!.seeds[0]}${result.profile.path ? `, profile ${result.profile.source ?? ''} (${result.profile.date ?? ''})` : ''}`);
  const t = new Table({ style: PLAIN, head: ['variant', 'requests', 'ok %', 'p50 s', 'p95 s', 'p99 s', 'failures', 'cold starts', 'cold calls %', 'GB-s', 'idle GB-s', 'lost updates'] });
  for (const v of result.variants) {
    const s = v.summary;
    const failures = Object.entries(s.outcomes)
      .filter(([k, e]) => k !== 'ok' && e.mean > 0)
      .map(([k, e]) => `${k}: ${num(e.mean, 1)}`)
      .join(', ');
    const fns = Object.values(s.functions);
    const cold = fns.reduce((a, f) => a + f.coldStarts.mean, 0);
    // Cold calls are calls that were the first in their process: container starts also
    // count pre-warmed replicas that no call met cold, and a pipeline request makes many calls.
    const calls = fns.reduce((a, f) => a + f.calls.mean, 0);
    const coldCalls = fns.reduce((a, f) => a + f.firstCalls.mean, 0);
    t.push([v.name, num(s.requests.mean, 0), est({ ...s.successRate, mean: s.successRate.mean * 100, lo: s.successRate.lo * 100, hi: s.successRate.hi * 100 }, 1), est(s.latency.p50), est(s.latency.p95), est(s.latency.p99), failures || '–', num(cold, 1), calls > 0 ? num((100 * coldCalls) / calls, 1) : '–', num(s.cost.replicaGBs.mean, 0), num(s.cost.idleGBs.mean, 0), num(s.state.lostUpdates.mean, 1)]);
  }
  lines.push(t.toString());
  for (const v of result.variants) {
    const ft = new Table({ style: PLAIN, head: [`${v.name}: function`, 'calls', 'p50 s', 'p95 s', 'cold starts', 'first calls', 'held', 'failures', 'replicas'] });
    // Trace replays have hundreds of functions: show the busiest.
    const fns = Object.entries(v.summary.functions)
      .filter(([, f]) => f.calls.mean > 0 || f.coldStarts.mean > 0)
      .sort((a, b) => b[1].calls.mean - a[1].calls.mean);
    for (const [name, f] of fns.slice(0, MAX_FUNCTION_ROWS)) {
      const failures = Object.entries(f.outcomes)
        .filter(([k, e]) => k !== 'ok' && e.mean > 0)
        .map(([k, e]) => `${k}: ${num(e.mean, 1)}`)
        .join(', ');
      ft.push([name, num(f.calls.mean, 0), num(f.latency.p50.mean), num(f.latency.p95.mean), num(f.coldStarts.mean, 1), num(f.firstCalls.mean, 1), num(f.heldCalls.mean, 1), failures || '–', `${num(f.minReplicas.mean, 0)}–${num(f.maxReplicas.mean, 0)}`]);
    }
    lines.push(ft.toString());
    if (fns.length > MAX_FUNCTION_ROWS) lines.push(`${v.name}: ${fns.length - MAX_FUNCTION_ROWS} more functions with fewer calls are in the result file`);
    const aborts = Object.entries(v.summary.aborts).map(([k, e]) => `${k}: ${num(e.mean, 1)}`);
    if (aborts.length) lines.push(`${v.name}: pipelines aborted by stage and cause: ${aborts.join(', ')}`);
    if (v.summary.orphans.calls.mean > 0) lines.push(`${v.name}: orphaned calls (work went on after the caller got an error): ${num(v.summary.orphans.calls.mean, 1)}, ${num(v.summary.orphans.seconds.mean, 0)} s of work`);
  }
  return lines.join('\n');
}
