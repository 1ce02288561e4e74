// profile.html?f=<name>: per stage and phase, the samples' histogram with the fitted
// density, a QQ plot, the family, sample size and KS statistic.
/* global d3 */
import { getProfileView } from '../lib/api.js';
import { escapeHtml, num } from '../lib/format.js';
import fitDensityChart from '../charts/fit-density.js';
import qqChart from '../charts/qq.js';

const PHASES = {
  warm: 'warm service time',
  cpu: 'CPU demand',
  containerStart: 'container start',
  init: 'process init',
  firstCall: 'first-call penalty',
  clipsPerVideo: 'clips per video',
  framesPerClip: 'frames per clip',
};

function specText(spec) {
  return JSON.stringify(spec, (_k, v) => (typeof v === 'number' ? Number(v.toPrecision(4)) : v));
}

async function main() {
  const name = new URLSearchParams(location.search).get('f');
  if (!name) throw new Error('No profile chosen: open one from the index page (profile.html?f=<file>).');
  const view = await getProfileView(name);
  d3.select('#title').text(`Calibration profile: ${name}`);
  const m = view.measured;
  d3.select('#measured').html(
    `<b>source</b> ${escapeHtml(m.source)} · <b>measured</b> ${escapeHtml(m.date)} · <b>node</b> ${view.node.cores} cores` +
    `${m.host ? `<br><b>host</b> ${escapeHtml(m.host)}` : ''}${m.target ? `<br><b>from</b> ${escapeHtml(m.target)}` : ''}` +
    `${(m.notes ?? []).length ? `<details><summary>${m.notes.length} notes</summary><ul>${m.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul></details>` : ''}`);
  const stages = d3.group(view.fits, (f) => f.stage);
  const root = d3.select('#stages');
  for (const [stage, fits] of stages) {
    const sec = root.append('section').attr('class', 'stage').attr('id', `stage-${stage}`);
    sec.append('h2').text(stage);
    for (const fit of fits) {
      const row = sec.append('div').attr('class', 'fit-row card');
      const meta = row.append('div').attr('class', 'fit-meta');
      meta.html(`<h3>${escapeHtml(PHASES[fit.phase] ?? fit.phase)}</h3>` +
        `<div><b>family</b> ${escapeHtml(fit.family)}</div><div><b>n</b> ${fit.n}</div>` +
        `<div><b>KS</b> ${fit.ks === null ? '–' : num(fit.ks, 3)}</div><div><b>mean</b> ${num(fit.mean, 3)}${fit.unit === 's' ? ' s' : ''}</div>` +
        `<div class="note">${escapeHtml(specText(fit.spec))}</div>` +
        `${fit.warning ? `<div class="warning">⚠ ${escapeHtml(fit.warning)}</div>` : ''}`);
      fitDensityChart(row.append('div').attr('class', 'density-cell').node(), fit);
      qqChart(row.append('div').attr('class', 'qq-cell').node(), fit);
    }
  }
}

main().catch((e) => d3.select('#errors').text(e.message));
