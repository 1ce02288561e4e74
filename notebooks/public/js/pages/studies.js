// /studies/: every study with its question and scenarios, and whether its results are
// there yet (a study page without results only says so), linking to each study's page.
/* global d3 */
import { getStudy, listStudies } from '../lib/api.js';
import { escapeHtml } from '../lib/format.js';

async function main() {
  const studies = await listStudies();
  if (!studies.length) return d3.select('#studies').append('p').attr('class', 'note').text('No studies found.');
  // Each study's listing tells which of its scenarios have results; one bad study does not hide the rest.
  const details = await Promise.all(studies.map((s) => getStudy(s.name).catch((e) => ({ ...s, results: [], error: e.message }))));
  const cards = d3.select('#studies').selectAll('section.study').data(details).join('section').attr('class', 'study card').attr('data-study', (d) => d.name);
  cards.append('h2').html((d) => `<a href="/studies/${encodeURIComponent(d.name)}/">${escapeHtml(d.title)}</a>`);
  cards.append('p').attr('class', 'question').text((d) => d.question);
  cards.append('p').attr('class', 'note').html((d) => {
    const done = d.scenarios.filter((sc) => d.results.some((r) => r.name === sc && !r.error)).length;
    const state = d.error ? `cannot be read: ${escapeHtml(d.error)}` : done === d.scenarios.length ? 'all results present' : `${done} of ${d.scenarios.length} results present: run <code>npm run notebook -- ${escapeHtml(d.name)}</code>`;
    return `Scenarios: ${d.scenarios.map((sc) => `<code>${escapeHtml(sc)}</code>`).join(', ')} · <span class="results-state">${state}</span>`;
  });
}

main().catch((e) => d3.select('#errors').text(e.message));
