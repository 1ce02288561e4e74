// Test support: the seven pipeline functions as lightweight stand-ins served by the real
// stage runtime (so answers carry real telemetry), and a `fetch` that routes
// `<gateway>/function/<name>` to them, the way the OpenFaaS gateway would.
import { clipTag, frameTag } from '../runtime/names.ts';
import { StageError, expectRecord, expectS3Uri, serveStage, type RunningStage, type StageContext, type StageDefinition } from '../runtime/index.ts';
import type { ArtifactStore } from '../runtime/index.ts';

export const FAKE_BUCKET = 'fave-orchestrator';
export const FAKE_GATEWAY = 'http://gateway.test:8080';

export interface FakePipelineShape {
  /** Segments librosa finds. */
  clips: number;
  /** Frames ffmpeg-3 samples per clip. */
  framesPerClip: number;
  /** ffmpeg-0's hasAudio; default true. */
  hasAudio?: boolean;
}

/** The fakes' stand-in notes: a model stage says what it is. */
export const FAKE_STAND_IN = 'a fake standing in for the real model';

type Handler = (body: Record<string, unknown>, ctx: StageContext) => Promise<object>;

function handlers(shape: FakePipelineShape): Record<string, Handler> {
  const clipOf = (uri: string) => uri.split('/').pop()!.replace(/\.mp4$/, '');
  return {
    'ffmpeg-0': async (body, ctx) => ({
      requestId: ctx.requestId, source: expectS3Uri(body, 'video'),
      video: await ctx.putJson('video.mp4', 'v'), audio: await ctx.putJson('audio.wav', 'a'), durationSeconds: 30, hasAudio: shape.hasAudio ?? true,
    }),
    librosa: async (body, ctx) => ({
      timestamps: await ctx.putJson('timestamps.json', []), method: body.method ?? 'energy', modelLoadMs: 0,
      segments: Array.from({ length: shape.clips }, (_, i) => ({ start: i * 5, end: i * 5 + 3 })),
    }),
    'ffmpeg-1': async (body, ctx) => ({
      requestId: ctx.requestId, source: expectS3Uri(body, 'video'),
      clips: await Promise.all((body.segments as Array<{ start: number; end: number }>).map(async (s, index) => ({
        // The first picture 0.05 s after the cut, as a 10 fps video cut between frames.
        index, start: s.start, end: s.end, videoStart: s.start + 0.05, uri: await ctx.putJson(`${clipTag(index)}.mp4`, 'c'),
      }))),
    }),
    'ffmpeg-2': async (body, ctx) => {
      const tag = clipOf(expectS3Uri(body, 'clip'));
      return { clip: await ctx.putJson(`${tag}/compressed.mp4`, 'c'), audio: await ctx.putJson(`${tag}/audio.wav`, 'a'), hasAudio: true };
    },
    deepspeech: async (body, ctx) => ({
      // Words at 0.5 s steps from the clip's start, as a recogniser reports them (clip time).
      transcript: await ctx.putJson(`${clipTag(Number(body.clipIndex))}/transcript.json`, {
        words: ['words', 'of', 'clip', String(body.clipIndex)].map((word, i) => ({ word, start: i * 0.5, end: i * 0.5 + 0.4 })),
      }),
      clipIndex: body.clipIndex, engine: 'fake-asr', text: `words of clip ${String(body.clipIndex)}`, standIn: FAKE_STAND_IN,
    }),
    'ffmpeg-3': async (body, ctx) => {
      const tag = clipOf(expectS3Uri(body, 'clip'));
      const frames = await Promise.all(Array.from({ length: shape.framesPerClip }, async (_, index) => ({
        index, time: index, uri: await ctx.putJson(`${tag}/${frameTag(index)}.jpg`, 'f'),
      })));
      return { fps: body.fps ?? 1, format: 'jpg', frames };
    },
    'object-detector': async (body, ctx) => ({
      boxes: Number(body.frameIndex) % 2 === 0 ? [{ x: 1, y: 1, w: 5, h: 5, score: 0.9, text: `TEXT ${String(body.frameIndex)}`, confidence: 0.8 }] : [],
      boxesUri: await ctx.putJson(`${clipTag(Number(body.clipIndex))}/${frameTag(Number(body.frameIndex))}.json`, {}),
      clipIndex: body.clipIndex, frameIndex: body.frameIndex, model: 'fake', standIn: FAKE_STAND_IN,
    }),
  };
}

/** The seven pipeline functions the fakes stand in for. */
export const FAKE_STAGE_NAMES = ['ffmpeg-0', 'librosa', 'ffmpeg-1', 'ffmpeg-2', 'deepspeech', 'ffmpeg-3', 'object-detector'] as const;

/**
 * One fake stage as a definition, so it can also run as its own process (a replica of the
 * embedded provider: live/reliability). `delayMs` holds each call before it answers, long
 * enough to overlap calls or to kill a replica mid-request.
 */
export function fakeStageDefinition(name: string, shape: FakePipelineShape, delayMs = 0): StageDefinition<undefined> {
  const handle = handlers(shape)[name];
  if (!handle) throw new TypeError(`fakeStageDefinition: no fake stage "${name}" (one of ${FAKE_STAGE_NAMES.join(', ')})`);
  return {
    name,
    handler: async (input, ctx) => {
      const answer = await handle(expectRecord(input), ctx);
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      return answer;
    },
  };
}

export interface FakeCall {
  stage: string;
  body: Record<string, unknown>;
  /** Calls in flight (all stages) when this one arrived. */
  inflight: number;
}

export interface FakeGateway {
  fetch: typeof fetch;
  calls: FakeCall[];
  /** Most calls ever in flight at once. */
  peakInflight(): number;
  close(): Promise<void>;
}

export interface FakeGatewayOptions {
  shape: FakePipelineShape;
  store: ArtifactStore;
  /** Answer instead of the stage (status, body text) for matching calls; undefined = forward. */
  intercept?: (stage: string, body: Record<string, unknown>) => { status: number; text: string } | undefined;
  /** Held before forwarding, so tests can make calls overlap. */
  delay?: (stage: string) => Promise<void>;
}

export async function startFakeGateway(options: FakeGatewayOptions): Promise<FakeGateway> {
  const running = new Map<string, RunningStage>();
  for (const name of FAKE_STAGE_NAMES) {
    const definition = fakeStageDefinition(name, options.shape);
    const stage = await serveStage({
      ...definition, port: 0, handleSignals: false, store: options.store, emit: () => {},
      env: { S3_BUCKET: FAKE_BUCKET, memory_limit_mb: '256' },
    });
    await stage.ready;
    running.set(name, stage);
  }
  const calls: FakeCall[] = [];
  let inflight = 0;
  let peak = 0;
  const routed: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const match = /^\/function\/([^/]+)$/.exec(url.pathname);
    const stage = match ? running.get(match[1]!) : undefined;
    if (url.origin !== new URL(FAKE_GATEWAY).origin || !match) throw new TypeError(`fake gateway: no route for ${String(input)}`);
    const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
    calls.push({ stage: match[1]!, body, inflight });
    inflight += 1;
    peak = Math.max(peak, inflight);
    try {
      await options.delay?.(match[1]!);
      const intercepted = options.intercept?.(match[1]!, body);
      if (intercepted) return new Response(intercepted.text, { status: intercepted.status });
      if (!stage) return new Response(`error finding function ${match[1]}`, { status: 404 });
      return await fetch(`${stage.url}/`, { ...init, headers: { 'content-type': 'application/json', 'x-call-id': `call-${calls.length}` } });
    } finally {
      inflight -= 1;
    }
  };
  return {
    fetch: routed,
    calls,
    peakInflight: () => peak,
    async close() {
      await Promise.all([...running.values()].map((s) => s.close()));
    },
  };
}

/** A StageError-shaped 500 body, as the runtime sends. */
export function stageErrorBody(stage: string, cause: StageError['stageCause'], message: string): string {
  return JSON.stringify({ error: { stage, cause, message } });
}
