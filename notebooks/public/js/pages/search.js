// search.html?q=<phrase>[&request=<id>]: /api/search's matches per video; an on-screen match
// shows its frame (/api/frame) with the box the text was read in, drawn over the picture in
// the picture's own pixels (scaled with it).
/* global d3 */
import { getJSON } from '../lib/api.js';
import { escapeHtml, num } from '../lib/format.js';

/** Seconds → HH:MM:SS.mmm, as the CLI prints it. */
function clock(seconds) {
  const ms = Math.round(seconds * 1000);
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
}

// Spoken words match within a spelling tolerance even with no word off (docs/search.md).
const closeness = (hit) => (hit.edits > 0 ? `${hit.edits} ${hit.kind === 'spoken' ? 'word' : 'character'}${hit.edits === 1 ? '' : 's'} off` : hit.kind === 'spoken' ? 'every word matched' : 'exact');

function spokenRow(li, hit) {
  li.attr('class', 'hit spoken').html(
    `<span class="time">${clock(hit.start)}</span> <span class="kind">spoken</span> <span class="clip">${escapeHtml(hit.clip)}</span> ` +
    `<q class="text">${escapeHtml(hit.words)}</q> <span class="note">until ${clock(hit.end)}; ` +
    `${hit.confidence === null ? 'no confidence reported by the recogniser' : `confidence ${num(hit.confidence, 2)}`}; ${closeness(hit)}</span>`);
}

function screenRow(li, hit) {
  li.attr('class', 'hit on-screen').html(
    `<span class="time">${clock(hit.time)}</span> <span class="kind">on screen</span> <span class="clip">${escapeHtml(hit.clip)}</span> ` +
    `<span class="frame-name">${escapeHtml(hit.frame)}</span> <q class="text">${escapeHtml(hit.text)}</q> ` +
    `<span class="note">shown until ${clock(hit.until)}; confidence ${num(hit.confidence, 2)}; ${closeness(hit)}</span>`);
  const figure = li.append('figure').attr('class', 'frame');
  const picture = figure.append('div').attr('class', 'picture');
  const box = picture.append('div').attr('class', 'box').style('display', 'none');
  picture.insert('img', '.box').attr('alt', `${hit.frame} of ${hit.clip}`).attr('src', `/api/frame?uri=${encodeURIComponent(hit.uri)}`)
    .on('load', function () {
      // Percentages of the picture's natural size: the box follows the picture as it scales.
      const { naturalWidth: w, naturalHeight: h } = this;
      box.style('left', `${(100 * hit.box.x) / w}%`).style('top', `${(100 * hit.box.y) / h}%`)
        .style('width', `${(100 * hit.box.w) / w}%`).style('height', `${(100 * hit.box.h) / h}%`).style('display', null);
      figure.classed('loaded', true);
    })
    .on('error', () => figure.append('figcaption').attr('class', 'error-box').text(`${hit.uri}: the frame could not be loaded`));
  figure.append('figcaption').attr('class', 'note').text(hit.uri);
}

async function run(q, request) {
  d3.select('#errors').text('');
  d3.select('#notes').html('');
  d3.select('#videos').html('');
  d3.select('#summary').text('searching…');
  const params = new URLSearchParams({ q, ...(request ? { request } : {}) });
  const result = await getJSON(`/api/search?${params}`);
  const notes = [
    ...result.videos.filter((v) => v.note !== null).map((v) => `${v.requestId}: ${v.note}`),
    ...result.skipped.map((s) => `${s.requestId}: skipped: ${s.reason}`),
  ];
  d3.select('#notes').selectAll('li').data(notes).join('li').text((d) => d);
  const found = result.videos.filter((v) => v.hits.length > 0);
  const matches = d3.sum(found, (v) => v.hits.length);
  const searched = `${result.videos.length} video${result.videos.length === 1 ? '' : 's'} searched`;
  d3.select('#summary').attr('class', matches === 0 ? 'no-match' : 'matches')
    .text(matches === 0 ? `no match for "${result.phrase}" in ${searched}` : `${matches} match${matches === 1 ? '' : 'es'} in ${searched}`);
  const cards = d3.select('#videos').selectAll('section').data(found).join('section').attr('class', 'card video');
  cards.append('h3').text((v) => `${v.requestId}  ${v.video}`);
  cards.append('p').attr('class', 'note').text((v) => (v.standIns.length ? `stand-ins: ${v.standIns.join(', ')} (docs/search.md)` : ''));
  cards.append('ol').attr('class', 'hits').each(function (v) {
    d3.select(this).selectAll('li').data(v.hits).join('li').each(function (hit) {
      (hit.kind === 'spoken' ? spokenRow : screenRow)(d3.select(this), hit);
    });
  });
}

function main() {
  const url = new URLSearchParams(location.search);
  const form = document.getElementById('search');
  form.q.value = url.get('q') ?? '';
  form.request.value = url.get('request') ?? '';
  const go = () => {
    const q = form.q.value;
    const request = form.request.value.trim();
    history.replaceState(null, '', `?${new URLSearchParams({ q, ...(request ? { request } : {}) })}`);
    run(q, request).catch((e) => {
      d3.select('#summary').text('');
      d3.select('#errors').text(e.message);
    });
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    go();
  });
  if (form.q.value.trim() !== '') go();
}

main();
