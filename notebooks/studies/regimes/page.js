// Regimes: warm vs cold under steady and burst load. The findings compare each cold regime
// with its warm twin (same load, same seeds): latency added, failures, and the stage whose
// tail grew most.
/* global d3 */
import { findings, loadStudyPage, mean, pick } from '/js/views/study.js';
import { cdfView, summaryView, timelineView } from '/js/views/result-views.js';
import { escapeHtml, num, seconds } from '/js/lib/format.js';

function compare(warm, cold, shape) {
  const w = warm.variant.summary;
  const c = cold.variant.summary;
  const dp50 = mean(c.latency.p50) - mean(w.latency.p50);
  const dp95 = mean(c.latency.p95) - mean(w.latency.p95);
  const stages = Object.keys(c.functions).filter((st) => st !== 'orchestrator');
  const worst = d3.greatest(stages, (st) => mean(c.functions[st].latency.p95) - mean(w.functions[st]?.latency.p95));
  const cold_ = d3.sum(stages, (st) => mean(c.functions[st].coldStarts));
  return `<b>${escapeHtml(shape)}</b>: cold starts add <b>${seconds(dp50)}</b> to the median and <b>${seconds(dp95)}</b> to the p95 end-to-end latency ` +
    `(p50 ${seconds(mean(w.latency.p50))} warm → ${seconds(mean(c.latency.p50))} cold, ×${num(mean(c.latency.p50) / mean(w.latency.p50), 2)}); ` +
    `success ${num(mean(w.successRate) * 100, 1)}% warm vs ${num(mean(c.successRate) * 100, 1)}% cold; ${num(cold_, 1)} stage cold starts per run. ` +
    `The stage whose p95 grew most is <b>${escapeHtml(worst)}</b> (${seconds(mean(w.functions[worst]?.latency.p95))} → ${seconds(mean(c.functions[worst].latency.p95))}).`;
}

async function main() {
  const page = await loadStudyPage('regimes');
  if (!page) return;
  const { series } = page;
  const items = [];
  for (const [shape, w, c] of [['One video every 30 s', 'warm-steady', 'cold-steady'], ['Five videos at once', 'warm-burst', 'cold-burst']]) {
    try {
      items.push(compare(pick(series, w), pick(series, c), shape));
    } catch (e) {
      items.push(escapeHtml(e.message));
    }
  }
  findings(items);
  const root = d3.select('#views').node();
  summaryView(root, series);
  cdfView(root, series);
  timelineView(root, series);
}

main().catch((e) => d3.select('#errors').text(e.message));
