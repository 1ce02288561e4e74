// State races: naive read-modify-write against compare-and-swap on the request's state
// file. The findings give lost updates per run with their CI, and what CAS costs.
/* global d3 */
import { findings, loadStudyPage, mean, pick } from '/js/views/study.js';
import { cdfView, summaryView, timelineView } from '/js/views/result-views.js';
import estimateBars from '/js/charts/estimate-bars.js';
import { escapeHtml, est, num, seconds } from '/js/lib/format.js';

async function main() {
  const page = await loadStudyPage('state-races');
  if (!page) return;
  const { series } = page;
  const items = series.map((s) => {
    const st = s.variant.summary.state;
    const share = mean(st.writes) > 0 ? (mean(st.lostUpdates) / mean(st.writes)) * 100 : NaN;
    return `<b>${escapeHtml(s.label)}</b>: <b>${est(st.lostUpdates, 1)}</b> lost updates per run out of ${num(mean(st.writes), 0)} state writes (${num(share, 1)} %), ` +
      `${est(st.conflicts, 1)} CAS conflicts retried; p95 end to end ${seconds(mean(s.variant.summary.latency.p95))}.`;
  });
  try {
    const naive = pick(series, 'naive').variant.summary;
    const cas = pick(series, 'cas').variant.summary;
    items.push(`Compare-and-swap removes ${num(mean(naive.state.lostUpdates) - mean(cas.state.lostUpdates), 1)} lost updates per run and changes the p95 by ` +
      `<b>${seconds(mean(cas.latency.p95) - mean(naive.latency.p95))}</b> (p50 by ${seconds(mean(cas.latency.p50) - mean(naive.latency.p50))}).`);
  } catch (e) {
    items.push(escapeHtml(e.message));
  }
  findings(items);
  const root = d3.select('#views');
  const sec = root.append('section').attr('id', 'state');
  sec.append('h2').text('State updates');
  estimateBars(sec.append('div').attr('class', 'card').node(), series, [
    { label: 'lost updates', get: (s) => s.variant.summary.state.lostUpdates },
    { label: 'CAS conflicts', get: (s) => s.variant.summary.state.conflicts },
  ], { title: 'Lost updates and conflicts per run', yTitle: 'count per run (mean, 95% CI)' });
  summaryView(root.node(), series);
  cdfView(root.node(), series);
  timelineView(root.node(), series);
}

main().catch((e) => d3.select('#errors').text(e.message));
