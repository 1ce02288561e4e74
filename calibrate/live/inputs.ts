// Realistic inputs for every stage: the fixture videos run once through the stages in
// pipeline order (through the gateway), each stage fed the previous stage's real output,
// as the orchestrator would. Also gives the fan-out counts: clips per video (ffmpeg-1) and
// frames per clip (ffmpeg-3 on every clip).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ensureBucket } from '../../stages/runtime/ensure-bucket.ts';
import { ensureFixtures } from '../../stages/fixtures/generate.ts';
import { InputError } from '../errors.ts';
import { invokeOk } from './invoke.ts';
import type { Target } from './target.ts';
import type { WorkDir } from './work-dir.ts';

export const PIPELINE = ['ffmpeg-0', 'librosa', 'ffmpeg-1', 'ffmpeg-2', 'deepspeech', 'ffmpeg-3', 'object-detector'] as const;

/** What each stage needs computed before it can be fed. */
const NEEDS: Record<string, string[]> = {
  'ffmpeg-0': [],
  librosa: ['ffmpeg-0'],
  'ffmpeg-1': ['ffmpeg-0', 'librosa'],
  'ffmpeg-2': ['ffmpeg-0', 'librosa', 'ffmpeg-1'],
  deepspeech: ['ffmpeg-0', 'librosa', 'ffmpeg-1', 'ffmpeg-2'],
  'ffmpeg-3': ['ffmpeg-0', 'librosa', 'ffmpeg-1'],
  'object-detector': ['ffmpeg-0', 'librosa', 'ffmpeg-1', 'ffmpeg-3'],
};

/** Stages that must be deployed to feed `stages` (and, with fan-out, to count it). */
export function stagesNeeded(stages: readonly string[], fanout: boolean): string[] {
  const need = new Set(stages.flatMap((s) => [s, ...(NEEDS[s] ?? [])]));
  if (fanout) for (const s of ['ffmpeg-0', 'librosa', 'ffmpeg-1', 'ffmpeg-3']) need.add(s);
  return PIPELINE.filter((s) => need.has(s));
}

export interface StageInputs {
  /** One request body (minus requestId) per stage. */
  bodies: Record<string, Record<string, unknown>>;
  /**
   * Every body the first video gives a stage (each clip, each frame), cycled through by the
   * measured calls so their times cover the input mix, not only clip 0 / frame 0.
   */
  variants: Record<string, Record<string, unknown>[]>;
  clipsPerVideo: number[];
  framesPerClip: number[];
  videos: string[];
}

type Body = Record<string, unknown>;

export interface FixtureVideos {
  speech: string;
  noAudio: string;
}

/** The fixture videos in fixtures/out, built on first use as `./fave fixtures` and a live run
 * build them (Flite speech, printed captions); a missing Debian tool is named. */
export async function fixtureVideos(root: string): Promise<FixtureVideos> {
  try {
    const m = await ensureFixtures(path.join(root, 'fixtures/out'));
    return { speech: m.speech, noAudio: m.noAudio };
  } catch (e) {
    throw new InputError(`fixture videos: ${(e as Error).message}`);
  }
}

export async function prepareInputs(t: Target, work: WorkDir, videos: string[], stages: readonly string[], fanout: boolean, log: (l: string) => void): Promise<StageInputs> {
  const cached = work.read<StageInputs & { key: string }>('inputs');
  const key = JSON.stringify({ inputs: 2, videos: videos.map((v) => path.basename(v)), stages: stagesNeeded(stages, fanout), target: t.kind });
  if (cached?.key === key) return cached;
  const run = stagesNeeded(stages, fanout);
  const has = (s: string) => run.includes(s);
  const out: StageInputs = { bodies: {}, variants: {}, clipsPerVideo: [], framesPerClip: [], videos: [] };
  const variant = (stage: string, body: Body) => (out.variants[stage] ??= []).push(body);
  if (!t.s3) throw new InputError('the stages\' inputs need the object store: set S3_ENDPOINT');
  if ((await ensureBucket(t.s3, t.bucket)) === 'created') log(`created bucket ${t.bucket}`);
  for (const [vi, file] of videos.entries()) {
    const keyName = `calibrate/inputs/${vi}-${path.basename(file)}`;
    await t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: keyName, Body: await readFile(file) }));
    const video = `s3://${t.bucket}/${keyName}`;
    out.videos.push(video);
    const requestId = `calibrate-inputs-${vi}-${Date.now()}`;
    const call = async (stage: string, body: Body): Promise<Body> => {
      if (vi === 0) {
        out.bodies[stage] ??= body;
        variant(stage, body);
      }
      log(`inputs: ${stage} on ${path.basename(file)}`);
      return (await invokeOk(t.url, stage, { requestId, ...body })).body;
    };
    if (!has('ffmpeg-0')) {
      out.bodies['ffmpeg-0'] = { video };
      continue;
    }
    const f0 = await call('ffmpeg-0', { video });
    if (!has('librosa')) continue;
    const lib = await call('librosa', { audio: f0.audio });
    if (!has('ffmpeg-1')) continue;
    const f1 = await call('ffmpeg-1', { video, segments: lib.segments });
    const clips = (Array.isArray(f1.clips) ? f1.clips : []) as Body[];
    out.clipsPerVideo.push(clips.length);
    for (const [ci, clip] of clips.entries()) {
      // The first video's every clip feeds the per-clip stages; the others' first clip.
      if (has('ffmpeg-2') && (ci === 0 || vi === 0)) {
        const f2 = await call('ffmpeg-2', { clip: clip.uri });
        if (has('deepspeech')) await call('deepspeech', { clipIndex: clip.index, audio: f2.audio });
      }
      if (!has('ffmpeg-3') || (!fanout && ci > 0 && vi > 0)) continue;
      const f3 = await call('ffmpeg-3', { clip: clip.uri });
      const frames = (Array.isArray(f3.frames) ? f3.frames : []) as Body[];
      if (fanout || ci === 0) out.framesPerClip.push(frames.length);
      if (has('object-detector') && frames[0]) await call('object-detector', { clipIndex: clip.index, frameIndex: frames[0].index, frame: frames[0].uri });
      // The other frames are inputs too, without a call each here.
      if (has('object-detector') && vi === 0) for (const f of frames.slice(1)) variant('object-detector', { clipIndex: clip.index, frameIndex: f.index, frame: f.uri });
    }
  }
  const missing = stages.filter((s) => !out.bodies[s]);
  if (missing.length > 0) throw new InputError(`the fixture videos gave no input for ${missing.join(', ')} (no clip or frame found)`);
  if (!fanout) {
    out.clipsPerVideo = [];
    out.framesPerClip = [];
  }
  work.write('inputs', { key, ...out });
  return out;
}
