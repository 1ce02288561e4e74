import { describe, expect, it } from 'vitest';
import { compareAnswer, type AllowedDifference } from './compare.ts';
import type { Answer, CallsFile } from './record.ts';

// The comparison both replays of calls.json share (parity.test.ts, the real-gateway opt-in suite).

const spec: CallsFile = { functions: [{ service: 'echo' }], calls: [] };

function answer(over: Partial<Answer>): Answer {
  return { id: 'x', request: 'POST /function/echo', status: 200, headers: { 'content-length': '<integer>' }, body: 'ok', ...over };
}

const entry = (name: string) => ({ name, image: 'fave/testfn:dev', replicas: 1 });
const list = (names: string[], framing: Record<string, string>) =>
  answer({ id: 'list', request: 'GET /system/functions', headers: { 'content-type': 'application/json', ...framing }, body: JSON.stringify(names.map(entry)) });

describe('compareAnswer', () => {
  it('compares X-Served-By by implementation, not by the build\'s version', () => {
    const same = compareAnswer(answer({ headers: { 'x-served-by': 'openfaas-community/0.27.12' } }), answer({ headers: { 'x-served-by': 'openfaas-community/' } }), [], spec);
    expect(same.mine).toEqual(same.recorded);
    const other = compareAnswer(answer({ headers: { 'x-served-by': 'fave-gateway/0.1.0' } }), answer({ headers: { 'x-served-by': 'openfaas-community/' } }), [], spec);
    expect(other.mine).not.toEqual(other.recorded);
  });

  it('keeps calls.json\'s functions of a list, and drops the framing only when others were left out', () => {
    const crowded = compareAnswer(list(['echo', 'orchestrator'], { 'transfer-encoding': 'chunked' }), list(['echo'], { 'content-length': '<integer>' }), [], spec);
    expect(crowded.mine).toEqual(crowded.recorded);
    expect(crowded.mine.body).toBe(JSON.stringify([entry('echo')]));
    const alone = compareAnswer(list(['echo'], { 'transfer-encoding': 'chunked' }), list(['echo'], { 'content-length': '<integer>' }), [], spec);
    expect(alone.mine).not.toEqual(alone.recorded);
    const missing = compareAnswer(list(['orchestrator'], {}), list(['echo'], {}), [], spec);
    expect(missing.mine).not.toEqual(missing.recorded);
  });

  it('blanks an allowed difference, and reports it stale once it matches', () => {
    const allowed: AllowedDifference[] = [{ id: 'x', field: 'status', reason: 'test' }];
    const differs = compareAnswer(answer({ status: 502 }), answer({ status: 200 }), allowed, spec);
    expect(differs).toMatchObject({ stale: [], mine: { status: -1 }, recorded: { status: -1 } });
    expect(compareAnswer(answer({}), answer({}), allowed, spec).stale).toEqual(allowed);
    expect(compareAnswer(answer({ body: 'a' }), answer({ body: 'b' }), allowed, spec).mine).not.toEqual(compareAnswer(answer({ body: 'a' }), answer({ body: 'b' }), allowed, spec).recorded);
  });
});
