import { describe, expect, it } from 'vitest';
import { validateAgainst } from '../../sim/scenario/schema-validator.ts';
import { FAKE_BUCKET, FAKE_STAND_IN, stageErrorBody } from './fake-stages.ts';
import { setup, stagesOf, VIDEO } from './orchestrator-harness.ts';

const INDEX = (id: string) => `requests/${id}/metadata/index.json`;

describe('orchestrator index.json', () => {
  it('POST {video} writes index.json beside state.json: words and frames in video time, named as state.json names them', async () => {
    const { call, json, state } = await setup({ shape: { clips: 2, framesPerClip: 2 } });
    const res = await call({ requestId: 'idx-1', video: VIDEO });
    expect(res.status).toBe(200);
    expect(res.body.index).toBe(`s3://${FAKE_BUCKET}/${INDEX('idx-1')}`);
    const index = await json(INDEX('idx-1'));
    expect(validateAgainst('video-index.schema.json', index)).toEqual([]);
    expect(index).toMatchObject({ format: 'fave.video-index/v1', requestId: 'idx-1', status: 'done', facts: { durationSeconds: 30, hasAudio: true }, error: null });
    // Fake librosa: clip 1 spans 5-8 s; its words come 0.5 s apart from the clip's start.
    expect(index.words.filter((w: { clip: string }) => w.clip === 'clip-001')).toEqual([
      { word: 'words', start: 5, end: 5.4, confidence: null, clip: 'clip-001' },
      { word: 'of', start: 5.5, end: 5.9, confidence: null, clip: 'clip-001' },
      { word: 'clip', start: 6, end: 6.4, confidence: null, clip: 'clip-001' },
      { word: '1', start: 6.5, end: 6.9, confidence: null, clip: 'clip-001' },
    ]);
    // Fake ffmpeg-1: the first picture 0.05 s after the cut; fake ffmpeg-3: pts 0, 1.
    expect(index.frames.map((f: { clip: string; name: string; time: number }) => [f.clip, f.name, f.time])).toEqual([
      ['clip-000', 'frame-00000', 0.05], ['clip-000', 'frame-00001', 1.05], ['clip-001', 'frame-00000', 5.05], ['clip-001', 'frame-00001', 6.05],
    ]);
    expect(index.frames[2].boxes).toEqual([{ x: 1, y: 1, w: 5, h: 5, score: 0.9, text: 'TEXT 0', confidence: 0.8 }]);
    // Every frame's name is the one in its state.json call key.
    const keys = Object.keys((await state('idx-1')).calls);
    for (const f of index.frames) expect(keys).toContain(`object-detector/${f.clip}/${f.name}`);
  });

  it('POST {video} reports each stage\'s stand-in note in the summary and the index, null for stages that run no model', async () => {
    const { call, json } = await setup({ shape: { clips: 1, framesPerClip: 1 } });
    const res = await call({ requestId: 'idx-2', video: VIDEO });
    expect(res.body.stages.deepspeech.standIn).toBe(FAKE_STAND_IN);
    expect(res.body.stages['object-detector'].standIn).toBe(FAKE_STAND_IN);
    expect(res.body.stages['ffmpeg-0'].standIn).toBeNull();
    expect(res.body.transcripts[0].standIn).toBe(FAKE_STAND_IN);
    expect((await json(INDEX('idx-2'))).standIns).toMatchObject({ deepspeech: FAKE_STAND_IN, 'object-detector': FAKE_STAND_IN, librosa: null });
  });

  it('POST {video} of a video without audio skips speech: no librosa, ffmpeg-2 or deepspeech, one clip for its pictures, and says so', async () => {
    const { gateway, call, json } = await setup({ shape: { clips: 3, framesPerClip: 2, hasAudio: false } });
    const res = await call({ requestId: 'idx-4', video: VIDEO });
    expect(res.status).toBe(200);
    expect(stagesOf(gateway)).toEqual(['ffmpeg-0', 'ffmpeg-1', 'ffmpeg-3', 'object-detector', 'object-detector']);
    expect(gateway.calls.find((c) => c.stage === 'ffmpeg-1')!.body.segments).toEqual([{ start: 0, end: 30 }]);
    expect(res.body).toMatchObject({ facts: { durationSeconds: 30, hasAudio: false }, segments: 0, transcripts: [] });
    expect(res.body.clips[0]).toMatchObject({ speech: false, transcript: null });
    const index = await json(INDEX('idx-4'));
    expect(validateAgainst('video-index.schema.json', index)).toEqual([]);
    expect(index).toMatchObject({ facts: { hasAudio: false }, words: [], clips: [{ name: 'clip-000', speech: false, transcript: null }] });
    expect(index.frames).toHaveLength(2);
  });

  it('POST {video} that fails writes a failed index and summary naming the stage and cause', async () => {
    const { call, json, state } = await setup({
      shape: { clips: 1, framesPerClip: 1 },
      intercept: (stage) => (stage === 'ffmpeg-0' ? { status: 500, text: stageErrorBody('ffmpeg-0', 'corrupt-media', 'moov atom not found') } : undefined),
    });
    const res = await call({ requestId: 'idx-5', video: VIDEO });
    expect(res.status).toBe(500);
    const index = await json(INDEX('idx-5'));
    expect(validateAgainst('video-index.schema.json', index)).toEqual([]);
    const error = { stage: 'ffmpeg-0', callKey: 'ffmpeg-0', httpStatus: 500, cause: 'corrupt-media', message: 'moov atom not found' };
    expect(index).toMatchObject({ status: 'failed', facts: null, error, clips: [], words: [], frames: [] });
    const doc = await state('idx-5');
    expect(doc.summary).toBe(`s3://${FAKE_BUCKET}/requests/idx-5/orchestrator/summary.json`);
    expect(await json('requests/idx-5/orchestrator/summary.json')).toMatchObject({ status: 'failed', error, index: `s3://${FAKE_BUCKET}/${INDEX('idx-5')}` });
  });
});
