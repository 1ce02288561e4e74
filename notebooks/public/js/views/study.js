// What every study page shares: the question, the scenarios it ran, its results loaded
// through the API, and a findings list the page fills with the numbers it computed.
/* global d3 */
import { getStudy, getStudyResult } from '../lib/api.js';
import { escapeHtml } from '../lib/format.js';
import { seriesOf } from '../lib/series.js';

/** Loads study `name` into the page; null when it has not been run yet (the page says so). */
export async function loadStudyPage(name) {
  const study = await getStudy(name);
  document.title = `FAVE study: ${study.title}`;
  d3.select('#title').text(study.title);
  d3.select('#question').text(study.question);
  d3.select('#scenarios').html(`Scenarios: ${study.scenarios.map((s) => `<code>${escapeHtml(s)}</code>`).join(', ')} · run with <code>npm run notebook -- ${escapeHtml(name)}</code>`);
  const usable = study.results.filter((r) => (r.kind === 'simulation' || r.kind === 'live') && !r.error);
  const bad = study.results.filter((r) => r.error);
  const missing = study.scenarios.filter((s) => !study.results.some((r) => r.name === s));
  const problems = [...bad.map((r) => `${r.name}: ${r.error}`), ...missing.map((s) => `${s}: no result yet (npm run notebook -- ${name})`)];
  if (problems.length) d3.select('#errors').text(problems.join('\n'));
  if (!usable.length) return null;
  // Keep the study's scenario order, which is the order its question reads in.
  usable.sort((a, b) => study.scenarios.indexOf(a.name) - study.scenarios.indexOf(b.name));
  const results = await Promise.all(usable.map(async (r) => ({ name: r.name, json: await getStudyResult(name, r.name) })));
  return { study, results, series: seriesOf(results) };
}

/** Writes the findings: items are HTML strings built from computed numbers. */
export function findings(items) {
  d3.select('#findings ul').selectAll('li').data(items).join('li').html((d) => d);
}

/** The series whose label (or variant name) is `name`; throws naming the ones there are. */
export function pick(series, name) {
  const s = series.find((x) => x.label === name || x.variant.name === name || x.scenario.name === name);
  if (!s) throw new Error(`no series '${name}' in this study's results (have: ${series.map((x) => x.label).join(', ')})`);
  return s;
}

export const mean = (e) => (e && Number.isFinite(e.mean) ? e.mean : NaN);
