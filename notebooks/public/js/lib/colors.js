// Colours that mean the same thing on every chart: one per series, one per stage, and one
// per outcome (success green, timeouts warm colours, capacity errors purple).
/* global d3 */

export function seriesColors(series) {
  return d3.scaleOrdinal(series.map((s) => s.key), d3.schemeTableau10.concat(d3.schemeSet2));
}

export function stageColors(stages) {
  return d3.scaleOrdinal(stages, d3.schemeSet2.concat(d3.schemePastel1));
}

export const OUTCOME_COLORS = {
  ok: '#59a14f',
  429: '#b07aa1',
  500: '#e15759',
  502: '#9c1d1f',
  503: '#7a4fa3',
  504: '#f28e2b',
  'connection-closed': '#ff9da7',
  oom: '#333333',
  'client-timeout': '#9d9d9d',
  aborted: '#bab0ac',
};

export const OUTCOME_LABELS = {
  ok: 'ok',
  429: '429 max_inflight',
  500: '500 provider read timeout',
  502: '502 gateway upstream timeout, or provider write timeout',
  503: '503 no ready replica',
  504: '504 exec_timeout',
  'connection-closed': 'connection closed (write_timeout)',
  oom: 'OOM-killed',
  'client-timeout': 'client gave up',
  aborted: 'aborted (a stage failed)',
};

export const outcomeColor = (o) => OUTCOME_COLORS[o] ?? '#555';
