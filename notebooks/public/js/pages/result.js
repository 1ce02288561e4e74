// result.html?f=<name>&f=<name>…: every view for the chosen simulation results, overlaid.
/* global d3 */
import { getResult } from '../lib/api.js';
import { seriesOf } from '../lib/series.js';
import { cdfView, filesView, paretoView, summaryView, timelineView, timeSeriesView } from '../views/result-views.js';

async function main() {
  const names = new URLSearchParams(location.search).getAll('f');
  if (!names.length) throw new Error('No result chosen: pick one or more on the index page (result.html?f=<file>).');
  const loaded = await Promise.all(names.map((name) => getResult(name).then((json) => ({ name, json }), (e) => ({ name, error: e.message }))));
  const failed = loaded.filter((r) => r.error);
  if (failed.length) d3.select('#errors').text(failed.map((r) => (r.error.startsWith(r.name) ? r.error : `${r.name}: ${r.error}`)).join('\n'));
  const results = loaded.filter((r) => !r.error);
  if (!results.length) return;
  d3.select('#title').text(results.map((r) => r.json.scenario.name).join(' vs '));
  document.title = `FAVE report: ${d3.select('#title').text()}`;
  const series = seriesOf(results);
  const root = d3.select('#views').node();
  filesView(root, results);
  summaryView(root, series);
  cdfView(root, series);
  timelineView(root, series);
  timeSeriesView(root, series);
  paretoView(root, series);
}

main().catch((e) => d3.select('#errors').text(e.message));
