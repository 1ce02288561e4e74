import { describe, expect, it } from 'vitest';
import { StageError } from './errors.ts';
import { expectNumber, expectRecord, expectS3Uri, optionalNumber, parseS3Uri, readRequestId } from './input.ts';

function causeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return err instanceof StageError ? `${err.stageCause}: ${err.message}` : String(err);
  }
  return 'no error';
}

describe('input helpers', () => {
  it('parseS3Uri splits bucket and key', () => {
    expect(parseS3Uri('s3://fave/requests/r1/ffmpeg-0/video.mp4')).toEqual({ bucket: 'fave', key: 'requests/r1/ffmpeg-0/video.mp4' });
  });

  it.each(['http://fave/x', 's3://fave/', 's3://fave/a/../b', 's3://fave//x', 's3://Bad/x'])('parseS3Uri rejects %s as bad-input', (uri) => {
    expect(causeOf(() => parseS3Uri(uri))).toMatch(/^bad-input/);
  });

  it('expectS3Uri names the field and the bad value', () => {
    expect(causeOf(() => expectS3Uri({ video: 42 }, 'video'))).toBe('bad-input: field "video" must be an s3:// URI, got 42');
  });

  it('expectRecord rejects arrays and null', () => {
    expect(causeOf(() => expectRecord([]))).toMatch(/^bad-input: the request body must be a JSON object/);
    expect(causeOf(() => expectRecord(null))).toMatch(/^bad-input/);
  });

  it('expectNumber checks type, integer and range and says which rule failed', () => {
    expect(expectNumber({ n: 2 }, 'n', { min: 1, max: 3, integer: true })).toBe(2);
    expect(causeOf(() => expectNumber({ n: 2.5 }, 'n', { integer: true }))).toContain('must be an integer');
    expect(causeOf(() => expectNumber({ n: 0 }, 'n', { min: 1 }))).toContain('>= 1, got 0');
    expect(causeOf(() => expectNumber({ n: '1' }, 'n'))).toContain('got "1"');
  });

  it('optionalNumber uses the fallback only when the field is absent', () => {
    expect(optionalNumber({}, 'fps', 1)).toBe(1);
    expect(causeOf(() => optionalNumber({ fps: null }, 'fps', 1))).toMatch(/^bad-input/);
  });

  it('readRequestId keeps a safe id, makes one when absent and rejects path tricks', () => {
    expect(readRequestId({ requestId: 'abc-1.2_3' }, () => 'fresh')).toBe('abc-1.2_3');
    expect(readRequestId({}, () => 'fresh')).toBe('fresh');
    expect(causeOf(() => readRequestId({ requestId: 'a/b' }, () => 'x'))).toMatch(/^bad-input/);
    expect(causeOf(() => readRequestId({ requestId: '..' }, () => 'x'))).toMatch(/^bad-input/);
  });
});
