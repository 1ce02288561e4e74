import { describe, expect, it } from 'vitest';
import { CLIENT_TIMEOUT, CLOSED, E429, E500, E502, E503, E504, OUTCOME_NAMES } from '../../../sim/model/outcome.ts';
import { ERROR_MASKS, matches } from '../../../sim/workflow/error-names.ts';
import { PipelineStageError } from '../errors.ts';
import { errorMatches, failureOf } from './error-names.ts';

const failed = (httpStatus: number | null, cause: 'timeout' | 'internal' | 'overloaded' | 'not-ready' | 'bad-input') =>
  new PipelineStageError({ stage: 'f', callKey: 'T', httpStatus, cause, detail: 'x' });

// Each failure the simulator's outcomes name, as the live caller sees it.
const LIVE: [number, PipelineStageError][] = [
  [E429, failed(429, 'overloaded')],
  [E500, failed(500, 'internal')],
  [E502, failed(502, 'timeout')],
  [E503, failed(503, 'not-ready')],
  [E504, failed(504, 'timeout')],
  [CLOSED, failed(null, 'internal')],
  [CLIENT_TIMEOUT, failed(null, 'timeout')],
];

describe('live error names', () => {
  it.each(LIVE)('outcome %i: every error name matches live exactly when it matches in the simulator', (code, error) => {
    const f = failureOf(error);
    expect(f.outcome).toBe(OUTCOME_NAMES[code]);
    for (const [name, mask] of ERROR_MASKS) expect([name, errorMatches([name], f.name)]).toEqual([name, matches(mask, code)]);
  });

  it('a 429 still refused when the Task\'s deadline ran out between back-offs is States.Timeout', () => {
    expect(failureOf(failed(429, 'timeout'))).toMatchObject({ name: 'States.Timeout', outcome: 'client-timeout' });
  });

  it('a status OpenFaaS does not answer on the call path (a function\'s 400, a 404) is only States.TaskFailed', () => {
    const f = failureOf(failed(404, 'bad-input'));
    expect(f).toMatchObject({ name: 'States.TaskFailed', outcome: 'aborted' });
    expect(errorMatches(['States.TaskFailed'], f.name)).toBe(true);
    expect(errorMatches(['States.ALL'], f.name)).toBe(true);
    expect(errorMatches(['FAVE.500', 'FAVE.503'], f.name)).toBe(false);
  });
});
