// Indexes for the search CLI's tests: a done video with words and captions, one without
// audio, one whose request failed. Shaped as the orchestrator writes them (schema-valid).
import type { IndexedFrame, VideoIndex } from '../../stages/orchestrator/video-index.ts';

const base = (requestId: string): VideoIndex => ({
  format: 'fave.video-index/v1', requestId, video: `s3://fave/inputs/${requestId}.mp4`, status: 'done', createdAt: '2026-01-01T00:00:00.000Z',
  facts: { durationSeconds: 30, hasAudio: true }, error: null, standIns: { deepspeech: 'pocketsphinx stands in for DeepSpeech', 'ffmpeg-0': null },
  clips: [], words: [], frames: [],
});

const frame = (requestId: string, index: number, time: number, text: string, clipStart = 4.6): IndexedFrame => ({
  clip: 'clip-001', name: `frame-${String(index).padStart(5, '0')}`, index, time, clipTime: time - clipStart,
  uri: `s3://fave/requests/${requestId}/ffmpeg-3/clip-001/frame-${String(index).padStart(5, '0')}.jpg`,
  boxes: [{ x: 12.4, y: 30, w: 300, h: 48, score: 0.93, text: 'FAVETESTVIDEO', confidence: 0.99 }, { x: 200, y: 150, w: 240, h: 60, score: 0.9, text, confidence: 0.964 }],
});

export function spokenAndShown(requestId: string): VideoIndex {
  const said = ['serverless', 'functions', 'scale', 'out', 'when', 'the', 'lord', 'grows'];
  return {
    ...base(requestId),
    clips: [{ name: 'clip-001', index: 1, start: 4.5, end: 8, videoStart: 4.6, speech: true, transcript: `s3://fave/requests/${requestId}/deepspeech/clip-001/transcript.json` }],
    words: said.map((word, i) => ({ word, start: 4.6 + i * 0.4, end: 4.9 + i * 0.4, confidence: null, clip: 'clip-001' })),
    frames: [frame(requestId, 0, 4.6, 'SERVERLESS'), frame(requestId, 1, 5.6, 'SERVERLESS'), frame(requestId, 2, 6.6, 'SERVERLE55')],
  };
}

export function noAudio(requestId: string): VideoIndex {
  return { ...base(requestId), facts: { durationSeconds: 6, hasAudio: false },
    clips: [{ name: 'clip-000', index: 0, start: 0, end: 6, videoStart: 0, speech: false, transcript: null }],
    frames: [{ ...frame(requestId, 0, 0, 'NO AUDIO', 0), clip: 'clip-000' }] };
}

export function failed(requestId: string): VideoIndex {
  return { ...base(requestId), status: 'failed', facts: null, standIns: {},
    error: { stage: 'ffmpeg-0', callKey: 'ffmpeg-0', httpStatus: 422, cause: 'corrupt-media', message: 'ffprobe cannot read the input' } };
}
