// The file list: every JSON file the server found, malformed ones with their reason, and
// the studies. Simulations can be ticked and compared on one page.
/* global d3 */
import { listResults, listStudies } from '../lib/api.js';
import { escapeHtml, num } from '../lib/format.js';

const errors = d3.select('#errors');

async function main() {
  const { paths, files } = await listResults();
  d3.select('#paths').text(`Serving ${paths.join(', ')}: ${files.length} JSON file(s).`);
  const rows = d3.select('#files tbody').selectAll('tr').data(files).join('tr').attr('class', (d) => (d.error ? 'bad file' : 'file'));
  rows.append('td').each(function (d) {
    if ((d.kind === 'simulation' || d.kind === 'live') && !d.error) d3.select(this).append('input').attr('type', 'checkbox').attr('value', d.name).on('change', update);
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

function update() {
  const picked = d3.selectAll('#files input:checked').nodes().map((n) => n.value);
  d3.select('#open').property('disabled', picked.length === 0)
    .on('click', () => (location.href = `/result.html?${picked.map((n) => `f=${encodeURIComponent(n)}`).join('&')}`));
}

main().catch((e) => errors.text(e.message));
