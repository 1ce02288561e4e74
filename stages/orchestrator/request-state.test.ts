import { describe, expect, it } from 'vitest';
import { RequestStateMissingError, checkLostUpdates, initialState, outputUris, withCall, withOutcome, type CallEntry } from './request-state.ts';

const NOW = new Date('2026-01-02T03:04:05.000Z');
const entry = (stage: string): CallEntry => ({ stage, status: 'ok', httpStatus: 200, latencyMs: 1, attempts: 1, outputs: [], at: NOW.toISOString() });
const base = initialState({ requestId: 'r1', video: 's3://b/v.mp4', fanout: 'parallel', stateMode: 'cas' }, NOW);

describe('request state', () => {
  it('initialState() starts running with no calls', () => {
    expect(base).toEqual({
      format: 'fave.request-state/v1', requestId: 'r1', video: 's3://b/v.mp4', fanout: 'parallel', stateMode: 'cas',
      status: 'running', startedAt: NOW.toISOString(), updatedAt: NOW.toISOString(), calls: {},
    });
  });

  it('withCall() adds an entry without touching the input document', () => {
    const next = withCall(base, 'ffmpeg-0', entry('ffmpeg-0'));
    expect(Object.keys(next.calls)).toEqual(['ffmpeg-0']);
    expect(base.calls).toEqual({});
  });

  it('withCall(null) and withOutcome(null) throw: the run creates the document first', () => {
    expect(() => withCall(null, 'librosa', entry('librosa'))).toThrow(RequestStateMissingError);
    expect(() => withOutcome(null, { status: 'done' }, NOW)).toThrow(RequestStateMissingError);
  });

  it('checkLostUpdates() lists the calls missing from the document', () => {
    const doc = withCall(withCall(base, 'a', entry('a')), 'c', entry('c'));
    expect(checkLostUpdates(['a', 'b', 'c', 'd'], doc)).toEqual({ callsMade: 4, entriesRecorded: 2, lost: 2, missing: ['b', 'd'] });
    expect(checkLostUpdates(['a'], null)).toEqual({ callsMade: 1, entriesRecorded: 0, lost: 1, missing: ['a'] });
  });

  it('outputUris() collects nested s3 URIs except the source', () => {
    expect(outputUris({
      source: 's3://b/in.mp4', clip: 's3://b/c.mp4', n: 3, text: 'plain',
      frames: [{ index: 0, uri: 's3://b/f0.jpg' }, { index: 1, uri: 's3://b/f1.jpg' }],
    })).toEqual(['s3://b/c.mp4', 's3://b/f0.jpg', 's3://b/f1.jpg']);
  });
});
