// Pre-warming: fixed minimum, scale from zero, scheduled minimum. The findings place the
// schedule between the two extremes: how much of the latency gap it closes, for how much
// of the always-on cost.
/* global d3 */
import { findings, loadStudyPage, mean, pick } from '/js/views/study.js';
import { paretoView, summaryView, timeSeriesView, timelineView } from '/js/views/result-views.js';
import { escapeHtml, est, num, seconds } from '/js/lib/format.js';

async function main() {
  const page = await loadStudyPage('prewarming');
  if (!page) return;
  const { series } = page;
  const items = series.map((s) => {
    const v = s.variant.summary;
    const cold = d3.sum(Object.values(v.functions), (f) => mean(f.coldStarts));
    return `<b>${escapeHtml(s.label)}</b>: p95 <b>${est(v.latency.p95, 2, 's')}</b>, p50 ${seconds(mean(v.latency.p50))}, ` +
      `cost <b>${est(v.cost.replicaGBs, 0)} replica GB·s</b> (${num(mean(v.cost.idleGBs), 0)} idle), ${num(cold, 1)} cold starts per run, success ${num(mean(v.successRate) * 100, 1)} %.`;
  });
  try {
    const zero = pick(series, 'scale from zero').variant.summary;
    const fixed = pick(series, 'fixed minimum 1').variant.summary;
    const sched = pick(series, 'scheduled minimum 1').variant.summary;
    const gap = mean(zero.latency.p95) - mean(fixed.latency.p95);
    const won = (mean(zero.latency.p95) - mean(sched.latency.p95)) / gap;
    const costShare = mean(sched.cost.replicaGBs) / mean(fixed.cost.replicaGBs);
    items.push(`Scaling from zero adds <b>${seconds(gap)}</b> to the p95 over a fixed minimum. The schedule wins back <b>${num(won * 100, 0)} %</b> of that gap ` +
      `for <b>${num(costShare * 100, 0)} %</b> of the fixed minimum's replica GB·s (scale from zero: ${num((mean(zero.cost.replicaGBs) / mean(fixed.cost.replicaGBs)) * 100, 0)} %).`);
  } catch (e) {
    items.push(escapeHtml(e.message));
  }
  findings(items);
  const root = d3.select('#views').node();
  paretoView(root, series);
  summaryView(root, series);
  timeSeriesView(root, series);
  timelineView(root, series);
}

main().catch((e) => d3.select('#errors').text(e.message));
