import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, type FixtureManifest } from '../../stages/fixtures/generate.ts';
import { STAGE_NAMES, callPipeline } from './pipeline-client.ts';
import { startPlatform, type Platform } from './platform.ts';
import type { RequestState } from '../../stages/orchestrator/request-state.ts';
import type { PipelineSummary } from '../../stages/orchestrator/summary.ts';

// One embedded platform (S3 + provider + gateway + NATS JetStream and a queue-worker, the
// orchestrator and its seven stages), pipeline runs on the 30 s fixture: parallel fan-out with
// cas state, then parallel with naive state, then one asynchronous call answered by callback.

let platform: Platform;
let fixtures: FixtureManifest;
let video: string;

beforeAll(async () => {
  fixtures = await ensureFixtures();
  // ack_wait past the longest pipeline run: a redelivery would run it twice.
  platform = await startPlatform({ orchestratorEnv: { STAGE_TIMEOUT_MS: '120000', MAX_PARALLEL_CALLS: '4' }, queue: { max_inflight: '1', ack_wait: '300s' } });
  await platform.waitReady();
  video = await platform.putFile(fixtures.speech, 'inputs/speech.mp4');
}, 180_000);

afterAll(async () => {
  await platform?.close();
});

describe('the pipeline on the embedded OpenFaaS', () => {
  let cas: PipelineSummary;

  it('POST /function/orchestrator (parallel, cas) runs every stage and state.json lists every call', async () => {
    const res = await callPipeline(platform.gatewayUrl, { requestId: 'e2e-cas', video, options: { fanout: 'parallel', stateMode: 'cas' } });
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    cas = res.body as unknown as PipelineSummary;
    expect(cas).toMatchObject({ requestId: 'e2e-cas', status: 'done', fanout: 'parallel', stateMode: 'cas' });

    // The fixture speaks four sentences separated by silences.
    expect(cas.clips.length).toBeGreaterThanOrEqual(2);
    expect(cas.transcripts).toHaveLength(cas.clips.length);
    for (const t of cas.transcripts) expect(t.engine).toMatch(/^pocketsphinx /);
    expect(cas.transcripts.some((t) => t.text.trim() !== '')).toBe(true);
    // Every frame carries the "FAVE TEST VIDEO" header: text boxes to find.
    expect(cas.detections.frames).toBeGreaterThanOrEqual(cas.clips.length);
    expect(cas.detections.boxes).toBeGreaterThanOrEqual(1);

    const state = await platform.getJson<RequestState>('requests/e2e-cas/metadata/state.json');
    expect(state.status).toBe('done');
    expect(Object.keys(state.calls).sort()).toEqual(cas.calls.map((c) => c.callKey).sort());
    expect(Object.values(state.calls).every((c) => c.status === 'ok' && c.httpStatus === 200)).toBe(true);
    expect(cas.lostUpdates).toEqual({ callsMade: cas.calls.length, entriesRecorded: cas.calls.length, lost: 0, missing: [] });
    const perClip = cas.clips.length * 3 + cas.detections.frames;
    expect(cas.calls).toHaveLength(3 + perClip);
  }, 240_000);

  it('POST /function/orchestrator returns every stage\'s telemetry with coldStart and firstCall, one cold call per stage', () => {
    expect(new Set(cas.calls.map((c) => c.stage))).toEqual(new Set(STAGE_NAMES));
    for (const call of cas.calls) {
      expect(call.metrics).toMatchObject({ format: 'fave.telemetry/v1', stage: call.stage, requestId: 'e2e-cas', status: 'ok', httpCode: 200 });
      expect(typeof call.metrics.coldStart).toBe('boolean');
      expect(typeof call.metrics.firstCall).toBe('boolean');
      expect(call.latencyMs).toBeGreaterThanOrEqual(call.metrics.durationSeconds * 1000 - 1);
    }
    // One replica per function on a fresh platform: exactly its first call is cold.
    for (const stage of STAGE_NAMES) expect(cas.stages[stage]!.coldStarts, stage).toBe(1);
  });

  it('POST /function/orchestrator (parallel, naive) reports lost state entries consistent with state.json', async () => {
    const res = await callPipeline(platform.gatewayUrl, { requestId: 'e2e-naive', video, options: { fanout: 'parallel', stateMode: 'naive' } });
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    const naive = res.body as unknown as PipelineSummary;
    expect(naive.stateMode).toBe('naive');
    const state = await platform.getJson<RequestState>('requests/e2e-naive/metadata/state.json');
    const recorded = new Set(Object.keys(state.calls));
    const missing = naive.calls.map((c) => c.callKey).filter((k) => !recorded.has(k));
    expect(naive.lostUpdates).toMatchObject({ callsMade: naive.calls.length, entriesRecorded: recorded.size, lost: missing.length });
    expect([...naive.lostUpdates.missing].sort()).toEqual(missing.sort());
    // Warm now: no stage reports a cold start in the second run.
    expect(naive.calls.filter((c) => c.metrics.coldStart)).toEqual([]);
  }, 240_000);

  it('POST /async-function/orchestrator answers 202, and the pipeline\'s summary arrives at X-Callback-Url', async () => {
    const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    const callback = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => (received.push({ headers: req.headers, body }), res.end()));
    });
    await new Promise<void>((r) => callback.listen(0, '127.0.0.1', r));
    try {
      const accepted = await fetch(`${platform.gatewayUrl}/async-function/orchestrator`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-callback-url': `http://127.0.0.1:${(callback.address() as AddressInfo).port}/pipeline` },
        body: JSON.stringify({ requestId: 'e2e-async', video, options: { fanout: 'parallel', stateMode: 'cas' } }),
      });
      expect(accepted.status).toBe(202);
      const callId = accepted.headers.get('x-call-id');
      for (const deadline = Date.now() + 200_000; received.length === 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 200));
      expect(received).toHaveLength(1);
      expect(received[0]!.headers).toMatchObject({ 'x-call-id': callId, 'x-function-status': '200', 'x-function-name': 'orchestrator' });
      expect(JSON.parse(received[0]!.body)).toMatchObject({ requestId: 'e2e-async', status: 'done' });
    } finally {
      callback.close();
    }
  }, 240_000);

  it('leaves no per-call temp dirs behind (only the deepspeech replica\'s decoder dir, which lives as long as it)', async () => {
    const left = await platform.leftoverTempDirs();
    expect(left.filter((name) => !name.startsWith('fave-recogniser-'))).toEqual([]);
    expect(left.length).toBeLessThanOrEqual(1);
  });
});
