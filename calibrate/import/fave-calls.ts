// Joins the original FAVE's two tables (stage calls of successful requests, and every
// request with its start and client duration) and places every call on its file's timeline
// with overlap.ts: which calls ran alone, and how crowded the others were.
import { CsvError } from '../../sim/trace/csv.ts';
import type { Invocation } from './fave-invocations.ts';
import type { FaveRequest } from './fave-requests.ts';
import { reconstructOverlap, type PlacedCall, type Span } from './overlap.ts';

/**
 * From E2 on the generator cut an attempt at 310 s and retried (data/README.md): a request
 * longer than that ran more than one attempt, and its recorded calls belong to the last one,
 * whose start is not recorded. Such calls are not placed (overlap.ts `unplaced`).
 */
export const ATTEMPT_TIMEOUT_S = 310;
const RETRYING_ERAS = /^E(2|2b|3)_/;

export interface FaveCall extends Invocation, Omit<PlacedCall, 'request' | 'call' | 'stage' | 'seconds'> {
  /** The request's row in requests.csv. */
  req: FaveRequest;
}

export interface FaveTimeline {
  requests: FaveRequest[];
  /** Every call of a placed request, in the order of stage_invocations.csv. */
  calls: FaveCall[];
  /** Calls of requests that retried (not placed), with the reason. */
  unplaced: { inv: Invocation; req: FaveRequest }[];
}

export const wasRetried = (r: FaveRequest): boolean => RETRYING_ERAS.test(r.era) && r.duration > ATTEMPT_TIMEOUT_S;

export function faveTimeline(invocations: readonly Invocation[], requests: readonly FaveRequest[], requestsFile: string): FaveTimeline {
  const byKey = new Map(requests.map((r) => [`${r.file}#${r.reqIdx}`, r]));
  const callsOf = new Map<FaveRequest, Invocation[]>();
  for (const inv of invocations) {
    const req = byKey.get(`${inv.file}#${inv.reqIdx}`);
    if (!req) throw new CsvError(requestsFile, 1, `no request ${inv.reqIdx} of '${inv.file}' (needed by stage_invocations.csv line ${inv.line})`);
    if (req.requestId !== inv.request.slice(inv.file.length + 1)) {
      throw new CsvError(requestsFile, req.line, `request_id '${req.requestId}' differs from stage_invocations.csv line ${inv.line}`);
    }
    callsOf.set(req, [...(callsOf.get(req) ?? []), inv]);
  }
  for (const [req, list] of callsOf) {
    list.sort((a, b) => a.seq - b.seq);
    let before = 0;
    list.forEach((c, i) => {
      if (c.seq !== i) throw new CsvError(requestsFile, req.line, `the calls of request ${req.reqIdx} of '${req.file}' skip seq ${i} (stage_invocations.csv line ${c.line})`);
      // The placement adds up handler times itself; the column must agree with it.
      if (Math.abs(c.cumBefore - before) > 1e-6) throw new CsvError(requestsFile, req.line, `cum_stage_ms_before of stage_invocations.csv line ${c.line} is ${c.cumBefore * 1000}, the calls before it add up to ${Math.round(before * 1000)}`);
      before += c.seconds;
    });
  }
  const spans: Span[] = requests.map((r) => {
    const list = callsOf.get(r);
    return {
      group: r.file,
      start: r.start,
      duration: r.duration,
      ...(list ? { calls: list.map((c) => ({ stage: c.stage, seconds: c.seconds })) } : {}),
      ...(wasRetried(r) ? { unplaced: true } : {}),
    };
  });
  const placed = new Map(reconstructOverlap(spans).map((p) => [`${p.request}:${p.call}`, p]));
  const calls: FaveCall[] = [];
  const unplaced: FaveTimeline['unplaced'] = [];
  const index = new Map(requests.map((r, i) => [r, i]));
  for (const inv of invocations) {
    const req = byKey.get(`${inv.file}#${inv.reqIdx}`)!;
    const p = placed.get(`${index.get(req)}:${inv.seq}`);
    if (!p) {
      unplaced.push({ inv, req });
      continue;
    }
    const { request: _r, call: _c, stage: _s, seconds: _x, ...where } = p;
    calls.push({ ...inv, ...where, req });
  }
  return { requests: [...requests], calls, unplaced };
}
