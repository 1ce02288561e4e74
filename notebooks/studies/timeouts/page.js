// Timeouts: the code defaults against 300 s, with and without retries. The findings give
// each variant's success rate and what killed the rest, and where (stage and status).
/* global d3 */
import { findings, loadStudyPage, mean } from '/js/views/study.js';
import { cdfView, summaryView, timelineView } from '/js/views/result-views.js';
import { OUTCOME_LABELS } from '/js/lib/colors.js';
import { escapeHtml, est, num, seconds } from '/js/lib/format.js';

function describe(s) {
  const sum = s.variant.summary;
  const pct = (e) => ({ ...e, mean: e.mean * 100, lo: e.lo * 100, hi: e.hi * 100 });
  const causes = Object.entries(sum.outcomes).filter(([k, e]) => k !== 'ok' && e.mean > 0).sort((a, b) => b[1].mean - a[1].mean);
  const where = Object.entries(sum.aborts ?? {}).filter(([, e]) => e.mean > 0).sort((a, b) => b[1].mean - a[1].mean).slice(0, 3);
  const failed = causes.length
    ? `failed: ${causes.map(([k, e]) => `${num(e.mean, 1)} × ${escapeHtml(OUTCOME_LABELS[k] ?? k)}`).join(', ')}` +
      (where.length ? `; first failing call: ${where.map(([k, e]) => `${escapeHtml(k)} (${num(e.mean, 1)})`).join(', ')}` : '')
    : 'no failures';
  const lat = Number.isFinite(mean(sum.latency.p95)) ? `p95 ${seconds(mean(sum.latency.p95))}` : 'no successful request';
  return `<b>${escapeHtml(s.label)}</b>: success <b>${est(pct(sum.successRate), 1)} %</b> of ${num(mean(sum.requests), 0)} requests ` +
    `(${num(mean(sum.attempts), 1)} attempts, ${num(mean(sum.orphans.calls), 1)} orphaned calls still running after their caller gave up); ${failed}; ${lat}.`;
}

async function main() {
  const page = await loadStudyPage('timeouts');
  if (!page) return;
  const { series } = page;
  const best = d3.greatest(series, (s) => mean(s.variant.summary.successRate));
  const worst = d3.least(series, (s) => mean(s.variant.summary.successRate));
  findings([
    ...series.map(describe),
    `Best: <b>${escapeHtml(best.label)}</b> (${num(mean(best.variant.summary.successRate) * 100, 1)} %); worst: <b>${escapeHtml(worst.label)}</b> (${num(mean(worst.variant.summary.successRate) * 100, 1)} %).`,
  ]);
  const root = d3.select('#views').node();
  summaryView(root, series);
  timelineView(root, series);
  cdfView(root, series);
}

main().catch((e) => d3.select('#errors').text(e.message));
