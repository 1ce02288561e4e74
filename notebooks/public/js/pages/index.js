// The file list: every JSON file the server found, malformed ones with their reason, and
// the studies. Files of one kind can be ticked and compared: simulations overlaid on one
// page, profiles, sweeps and scorecards side by side.
/* global d3 */
import { listResults, listStudies } from '../lib/api.js';
import { escapeHtml, num } from '../lib/format.js';

const errors = d3.select('#errors');

async function main() {
  const { paths, files } = await listResults();
  d3.select('#paths').text(`Serving ${paths.join(', ')}: ${files.length} JSON file(s).`);
  const rows = d3.select('#files tbody').selectAll('tr').data(files).join('tr').attr('class', (d) => (d.error ? 'bad file' : 'file'));
  rows.append('td').each(function (d) {
    if (PAGES[d.kind] && !d.error) d3.select(this).append('input').attr('type', 'checkbox').attr('value', d.name).attr('data-kind', d.kind).on('change', update);
  });
  rows.append('td').html((d) => {
    if (d.error) return escapeHtml(d.name);
    if (d.kind === 'simulation' || d.kind === 'live') return `<a href="/result.html?f=${encodeURIComponent(d.name)}">${escapeHtml(d.name)}</a>`;
    if (d.kind === 'profile') return `<a href="/profile.html?f=${encodeURIComponent(d.name)}">${escapeHtml(d.name)}</a>`;
    if (d.kind === 'sweep' || d.kind === 'validation') return `<a href="/${d.kind}.html?f=${encodeURIComponent(d.name)}">${escapeHtml(d.name)}</a>`;
    return escapeHtml(d.name);
  });
  rows.append('td').html((d) => `<span class="kind ${d.kind}">${d.kind}</span>`);
  rows.append('td').html((d) => (d.error ? `<b>cannot be shown:</b> ${escapeHtml(d.error)}` : escapeHtml(d.title ?? '')));
  rows.append('td').text((d) => (d.variants ?? []).join(', '));
  rows.append('td').attr('class', 'num').text((d) => (d.size < 1 << 20 ? `${num(d.size / 1024, 0)} kB` : `${num(d.size / (1 << 20), 1)} MB`));
  if (!files.length) d3.select('#results').append('p').attr('class', 'note').text('No result files yet: run `npm run sim -- scenarios/burst.json` or `npm run notebook -- regimes`.');

  const studies = await listStudies();
  d3.select('#study-list').selectAll('li').data(studies).join('li')
    .html((s) => `<a href="/studies/${encodeURIComponent(s.name)}/">${escapeHtml(s.title)}</a> <span class="note">(npm run notebook -- ${escapeHtml(s.name)})</span>`);
}

// The page each kind opens on; simulations and live runs are both results and compare together.
const PAGES = { simulation: 'result', live: 'result', profile: 'profile', sweep: 'sweep', validation: 'validation' };

function update() {
  const picked = d3.selectAll('#files input:checked').nodes().map((n) => ({ name: n.value, page: PAGES[n.dataset.kind] }));
  const pages = [...new Set(picked.map((p) => p.page))];
  const ok = picked.length > 0 && pages.length === 1;
  d3.select('#open').property('disabled', !ok)
    .text(ok && picked.length > 1 ? `Compare ${picked.length} ${pages[0] === 'result' ? 'results' : `${pages[0]}s`}` : 'Open selected')
    .on('click', () => (location.href = `/${pages[0]}.html?${picked.map((p) => `f=${encodeURIComponent(p.name)}`).join('&')}`));
  d3.select('#pick-note').text(pages.length > 1 ? 'Tick files of one kind to compare them (simulations with simulations, profiles with profiles, …).' : '');
}

main().catch((e) => errors.text(e.message));
