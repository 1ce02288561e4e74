// The scorecard as tables on stdout.
import Table from 'cli-table3';
import type { Scorecard } from './score.ts';

const s = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : String(x));
const p = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : String(x));

export function formatScorecard(c: Scorecard): string {
  const e = new Table({ head: ['end to end (ok requests)', 'n', 'p50 s', 'p95 s', 'p99 s'] });
  e.push(['live', c.e2e.live.n, s(c.e2e.live.p50), s(c.e2e.live.p95), s(c.e2e.live.p99)]);
  e.push([`simulated (${c.replications} replications)`, c.e2e.sim.n, s(c.e2e.sim.p50), s(c.e2e.sim.p95), s(c.e2e.sim.p99)]);
  e.push(['relative error', '', p(c.e2e.relError.p50), p(c.e2e.relError.p95), p(c.e2e.relError.p99)]);
  const st = new Table({ head: ['stage', 'live p50 s', 'sim p50 s', 'err', 'live p95 s', 'sim p95 s', 'err', 'first calls live / sim'] });
  for (const [fn, x] of Object.entries(c.stages)) {
    const cold = c.coldStarts.byStage[fn];
    st.push([fn, s(x.live.p50), s(x.sim.p50), p(x.relError.p50), s(x.live.p95), s(x.sim.p95), p(x.relError.p95), cold ? `${cold.live} / ${cold.sim.toFixed(1)}` : '-']);
  }
  const ch = new Table({ head: ['check', 'value', 'threshold', ''] });
  for (const k of c.checks) ch.push([k.name, typeof k.value === 'number' ? (k.name.includes('KS') ? s(k.value) : p(k.value)) : k.value, k.threshold, k.pass ? 'pass' : 'MISS']);
  return `${e.toString()}\n${st.toString()}\n${ch.toString()}\nverdict: ${c.match ? 'MATCH' : 'MISS'} (${c.checks.filter((k) => k.pass).length}/${c.checks.length} checks pass)`;
}
