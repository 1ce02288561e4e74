import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, SENTENCES, type FixtureManifest } from '../../stages/fixtures/generate.ts';
import type { FailedSummary, PipelineSummary } from '../../stages/orchestrator/summary.ts';
import type { VideoIndex } from '../../stages/orchestrator/video-index.ts';
import { searchCommand } from '../search/command.ts';
import type { Hit, ScreenHit, SpokenHit } from '../search/find.ts';
import type { SearchResult } from '../search/search-bucket.ts';
import { callPipeline } from './pipeline-client.ts';
import { startPlatform, type Platform } from './platform.ts';

// The "done when": the 30 s fixture through the orchestrator on the embedded
// OpenFaaS, then `npm run search` (its command, in process) for each sentence the fixture
// generator spoke and each caption it drew, against the times the generator placed them
// (stages/fixtures/generate.ts). Then the no-audio, empty and corrupt fixtures.

const TOLERANCE_S = 0.5;
// On-screen text is timed by the first sampled frame that shows it: at the default 1 fps a
// caption appearing just after a frame is found up to 1 s late, so 0.5 s needs at least 2 fps.
const FPS = 3;
// The fixture is spoken by Flite's kal16 voice, which pocketsphinx (standing in for DeepSpeech)
// hears with about one word error in eight: on this fixture "the quick brown fox jumped over
// the lazy dog", "server was functions scale out when the load grows", "every video was split
// into clips and frames", "thank you for watching this test video" (docs/search.md). Each
// sentence must be found once, at its own place: a sentence matching another's clip would
// show as a second hit.

let platform: Platform;
let fixtures: FixtureManifest;
const answers = new Map<string, { status: number; body: Record<string, unknown> }>();

beforeAll(async () => {
  fixtures = await ensureFixtures();
  platform = await startPlatform({ orchestratorEnv: { STAGE_TIMEOUT_MS: '120000', MAX_PARALLEL_CALLS: '2' } });
  await platform.waitReady();
  for (const [id, file] of [['speech', fixtures.speech], ['no-audio', fixtures.noAudio], ['empty', fixtures.empty], ['corrupt', fixtures.corrupt]] as const) {
    const video = await platform.putFile(file, `inputs/${id}.mp4`);
    answers.set(id, await callPipeline(platform.gatewayUrl, { requestId: id, video, options: { fanout: 'parallel', fps: FPS } }));
  }
}, 600_000);

afterAll(async () => {
  await platform?.close();
});

async function search(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const env = { S3_ENDPOINT: platform.s3Endpoint, S3_BUCKET: platform.bucket, SECRETS_DIR: platform.secretsDir };
  const code = await searchCommand(args, { env, root: platform.replicaTmp, stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

async function hits(phrase: string, request: string): Promise<Hit[]> {
  const r = await search(phrase, '--request', request, '--json');
  expect(r.code, r.err).toBe(0);
  return (JSON.parse(r.out) as SearchResult).videos.flatMap((v) => v.hits);
}

const index = (id: string) => platform.getJson<VideoIndex>(`requests/${id}/metadata/index.json`);

describe('npm run search on the 30 s fixture', () => {
  it('the orchestrator indexes the fixture: done, with audio, words and frames', async () => {
    const answer = answers.get('speech')!;
    expect(answer.status, JSON.stringify(answer.body).slice(0, 500)).toBe(200);
    const idx = await index('speech');
    expect(idx).toMatchObject({ status: 'done', facts: { hasAudio: true, durationSeconds: expect.closeTo(fixtures.speechDurationSeconds, 0) } });
    expect(idx.words.length).toBeGreaterThan(0);
    expect(idx.frames.length).toBeGreaterThan(0);
  });

  const sentenceFound = async (i: number, text: string) => {
    const placed = fixtures.speechSegments[i]!;
    const idx = await index('speech');
    const heard = idx.words.filter((w) => w.end > placed.start - 1 && w.start < placed.end + 1).map((w) => `${w.word}@${w.start}`).join(' ');
    const spoken = (await hits(text, 'speech')).filter((h): h is SpokenHit => h.kind === 'spoken');
    expect(spoken.map((h) => h.start), `placed at ${placed.start}-${placed.end} s; pocketsphinx heard: ${heard}`).toEqual([expect.closeTo(placed.start, 0)]);
    expect(Math.abs(spoken[0]!.start - placed.start)).toBeLessThanOrEqual(TOLERANCE_S);
  };
  it.each(SENTENCES.map((s, i) => [i, s.text] as const))('sentence %i, "%s", is found as said within 0.5 s of where the generator placed it', sentenceFound);

  it('a phrase heard word for word is found exactly, at the generator\'s time: the opening of sentence 3', async () => {
    const placed = fixtures.speechSegments[3]!;
    const opening = SENTENCES[3].text.split(' ').slice(0, 4).join(' ');
    const spoken = (await hits(opening, 'speech')).filter((h): h is SpokenHit => h.kind === 'spoken');
    expect(spoken).toHaveLength(1);
    expect(Math.abs(spoken[0]!.start - placed.start), `${opening}: ${JSON.stringify(spoken[0])}`).toBeLessThanOrEqual(TOLERANCE_S);
    expect(spoken[0]).toMatchObject({ edits: 0, clip: expect.stringMatching(/^clip-\d{3}$/) });
  });

  it.each(SENTENCES.map((s, i) => [i, s.caption] as const))('caption %i, "%s", is found on screen within 0.5 s of its appearance, in a frame whose clock shows that time', async (i, caption) => {
    const placed = fixtures.speechSegments[i]!;
    const idx = await index('speech');
    const screen = (await hits(caption, 'speech')).filter((h): h is ScreenHit => h.kind === 'on-screen');
    const frames = idx.frames.map((f) => `${f.clip}/${f.name}@${f.time}: ${f.boxes.map((b) => b.text).join('|')}`).join('\n');
    expect(screen.length, `shown ${placed.start}-${placed.end} s; frames:\n${frames}`).toBeGreaterThanOrEqual(1);
    const first = screen[0]!;
    expect(Math.abs(first.time - placed.start), `first seen at ${first.time} (${first.clip}/${first.frame}); frames:\n${frames}`).toBeLessThanOrEqual(TOLERANCE_S);
    expect(first.confidence).toBeGreaterThan(0.5);
    // The frame is the one the index lists at that time, and its own clock (drawn by the generator) reads that time.
    const frame = idx.frames.find((f) => f.clip === first.clip && f.name === first.frame)!;
    expect(frame.time).toBe(first.time);
    const clock = frame.boxes.map((b) => b.text).find((t) => /^\d\d:\d\d:\d\d\.\d{3}$/.test(t));
    expect(clock, frame.boxes.map((b) => b.text).join('|')).toBeDefined();
    const [h, m, s] = clock!.split(':').map(Number);
    expect(h! * 3600 + m! * 60 + s!).toBeCloseTo(first.time, 2);
  });

  it('the printed answer gives the time, clip, frame, text and confidence of the on-screen match', async () => {
    const r = await search('serverless', '--request', 'speech', '--wide');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^speech {2}s3:\/\/fave\/inputs\/speech\.mp4$/m);
    expect(r.out).toMatch(/^ {2}\d\d:\d\d:\d\d\.\d{3} {2}on screen {2}clip-\d{3} {2}frame-\d{5} {2}"SERVERLESS" +0\.\d\d {2}exact +\d\d:\d\d:\d\d\.\d{3} {2}\d+,\d+ \d+x\d+ {2}s3:\/\/fave\/requests\/speech\/ffmpeg-3\/clip-\d{3}\/frame-\d{5}\.jpg$/m);
    expect(r.out).toContain('stand-ins (docs/search.md): deepspeech, object-detector');
  });
});

describe('the other fixtures give clear answers in the index and summary', () => {
  it('no-audio: the summary and index say there is no audio; its on-screen text is still found', async () => {
    const answer = answers.get('no-audio')!;
    expect(answer.status, JSON.stringify(answer.body).slice(0, 500)).toBe(200);
    expect(answer.body).toMatchObject({ status: 'done', facts: { hasAudio: false }, segments: 0, transcripts: [] });
    const summary = await platform.getJson<PipelineSummary>('requests/no-audio/orchestrator/summary.json');
    expect(summary.facts).toMatchObject({ hasAudio: false });
    expect(await index('no-audio')).toMatchObject({ status: 'done', facts: { hasAudio: false, durationSeconds: expect.closeTo(6, 0) }, words: [], clips: [{ speech: false, transcript: null }] });
    const r = await search('no audio', '--request', 'no-audio');
    expect(r.err).toBe('no-audio: no audio track: on-screen text only\n');
    expect(r.out).toMatch(/^ {2}00:00:00\.000 {2}on screen {2}clip-000 {2}frame-00000 {2}"NO AUDIO"/m);
  });

  it.each(['empty', 'corrupt'])('%s: the request fails at ffmpeg-0, and the summary and index say why', async (id) => {
    const answer = answers.get(id)!;
    expect(answer.status).toBeGreaterThanOrEqual(400);
    const summary = await platform.getJson<FailedSummary>(`requests/${id}/orchestrator/summary.json`);
    expect(summary).toMatchObject({ status: 'failed', error: { stage: 'ffmpeg-0' } });
    const idx = await index(id);
    expect(idx).toMatchObject({ status: 'failed', facts: null, error: summary.error, words: [], frames: [] });
    const r = await search('anything', '--request', id);
    expect(r.code).toBe(0);
    expect(r.err).toBe(`${id}: the request failed at ffmpeg-0 (${summary.error.cause}: ${summary.error.message}): nothing to search\n`);
    expect(r.out).toBe(`no match for "anything" in 1 video searched\n`);
  });
});
