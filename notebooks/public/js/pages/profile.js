// profile.html?f=<name>[&f=<name>…]: per stage and phase, the samples' histogram with the
// fitted density, a QQ plot, the family, sample size and KS statistic; whether the
// calibration completed, first. Several profiles: one column each, the same stage and phase
// on the same row, so a fit reads against the other profile's.
/* global d3 */
import { getProfileView } from '../lib/api.js';
import { columns, loadAll } from '../lib/compare.js';
import { escapeHtml, num } from '../lib/format.js';
import fitDensityChart, { densityExtent } from '../charts/fit-density.js';
import qqChart, { qqExtent } from '../charts/qq.js';

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

/** The calibration's status, where it cannot be missed: an incomplete one is refused by npm run sim. */
function statusBox(el, view) {
  const done = view.status !== 'incomplete';
  d3.select(el).append('div').attr('class', `profile-status ${done ? 'complete' : 'incomplete'}`).attr('data-status', view.status)
    .html(done
      ? '<b>✓ complete calibration</b>'
      : '<b>⚠ INCOMPLETE calibration</b>: it was interrupted or failed, so some stages or phases may be missing or rest on few samples. ' +
        '<code>npm run sim</code> refuses this profile unless given <code>--allow-incomplete</code>.');
}

function measuredBox(el, name, view) {
  const m = view.measured;
  d3.select(el).append('section').attr('class', 'card measured').html(
    `<b>file</b> ${escapeHtml(name)}<br><b>source</b> ${escapeHtml(m.source)} · <b>measured</b> ${escapeHtml(m.date)} · <b>node</b> ${view.node.cores} cores` +
    `${m.host ? `<br><b>host</b> ${escapeHtml(m.host)}` : ''}${m.target ? `<br><b>from</b> ${escapeHtml(m.target)}` : ''}` +
    `${(m.notes ?? []).length ? `<details><summary>${m.notes.length} notes</summary><ul>${m.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul></details>` : ''}`);
}

/** shared: {extent, top} the row's charts share, so side by side fits read on the same axes. */
function fitCell(el, fit, narrow, shared) {
  const row = d3.select(el).append('div').attr('class', 'fit-row card');
  if (!fit) return row.append('p').attr('class', 'note').text('Not in this profile.');
  row.append('div').attr('class', 'fit-meta').html(`<h3>${escapeHtml(PHASES[fit.phase] ?? fit.phase)}</h3>` +
    `<div><b>family</b> ${escapeHtml(fit.family)}</div><div><b>n</b> ${fit.n}</div>` +
    `<div><b>KS</b> ${fit.ks === null ? '–' : num(fit.ks, 3)}</div><div><b>mean</b> ${num(fit.mean, 3)}${fit.unit === 's' ? ' s' : ''}</div>` +
    `<div class="note">${escapeHtml(specText(fit.spec))}</div>` +
    `${fit.warning ? `<div class="warning">⚠ ${escapeHtml(fit.warning)}</div>` : ''}`);
  const size = narrow ? { width: 260, height: 200 } : {};
  fitDensityChart(row.append('div').attr('class', 'density-cell').node(), fit, { ...size, ...(shared ? { extent: shared.extent } : {}) });
  qqChart(row.append('div').attr('class', 'qq-cell').node(), fit, { ...(narrow ? { width: 220, height: 200 } : {}), ...(shared ? { top: shared.top } : {}) });
}

async function main() {
  const files = await loadAll(getProfileView, 'profile');
  if (!files.length) return;
  d3.select('#title').text(`Calibration profile: ${files.map((f) => f.name).join(' vs ')}`);
  const single = files.length === 1;
  const heads = columns(d3.select('#measured').node(), files);
  files.forEach(({ name, json }, i) => {
    statusBox(heads[i], json);
    measuredBox(heads[i], name, json);
  });
  // Every stage and phase any profile has, in first-seen order; a profile without it says so.
  const keys = [...new Set(files.flatMap((f) => f.json.fits.map((x) => `${x.stage}\u0000${x.phase}`)))];
  const root = d3.select('#stages');
  for (const [stage, phases] of d3.group(keys, (k) => k.split('\u0000')[0])) {
    const sec = root.append('section').attr('class', 'stage').attr('id', `stage-${stage}`);
    sec.append('h2').text(stage);
    for (const key of phases) {
      const phase = key.split('\u0000')[1];
      const cells = columns(sec.node(), files);
      if (!single) d3.select(sec.node()).selectAll('.column-title').remove();
      const fits = files.map(({ json }) => json.fits.find((x) => x.stage === stage && x.phase === phase));
      const present = fits.filter(Boolean);
      const shared = single ? null : {
        extent: { xmax: d3.max(present, (x) => densityExtent(x).xmax), ymax: d3.max(present, (x) => densityExtent(x).ymax) },
        top: d3.max(present, qqExtent),
      };
      fits.forEach((fit, i) => fitCell(cells[i], fit, !single, shared));
    }
  }
}

main().catch((e) => d3.select('#errors').text(e.message));
