// The sampled spans of one series grouped by request: when it started and ended, how it
// ended (the first failed call's cause, else ok), its cold starts. The timeline's unit.

export function requestsOf(spans) {
  const by = new Map();
  for (const s of spans) {
    let r = by.get(s.request);
    if (!r) by.set(s.request, (r = { request: s.request, start: s.start, end: s.end, outcome: 'ok', cold: 0, spans: [] }));
    r.spans.push(s);
    r.start = Math.min(r.start, s.start);
    r.end = Math.max(r.end, s.end);
    if (s.outcome !== 'ok' && r.outcome === 'ok') r.outcome = s.outcome;
    if (s.cold) r.cold++;
  }
  return [...by.values()].sort((a, b) => a.request - b.request);
}

/** Greedy interval packing: each span gets the first lane free at its start; returns the lane count. */
export function pack(spans) {
  const ends = [];
  for (const s of [...spans].sort((a, b) => a.start - b.start || a.end - b.end)) {
    let lane = ends.findIndex((e) => e <= s.start);
    if (lane < 0) lane = ends.push(0) - 1;
    ends[lane] = s.end;
    s.lane = lane;
  }
  return ends.length;
}
