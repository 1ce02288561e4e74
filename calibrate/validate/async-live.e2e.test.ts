// Issue #23 item 5 end to end: the shipped asynchronous scenario (scenarios/async/live-check.json)
// run live by `npm run live -- run` on the embedded platform (real nats-server with
// JetStream, FAVE's queue-worker, ffmpeg-0 behind it), then scored by `npm run validate`.
// The verdict is not asserted (a shared 2-core machine is noisy): the structure is, and
// that the live numbers are plausible — every call accepted and called back exactly once,
// queue waits and times to callback finite and ordered as they must be.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateAgainst } from '../../sim/scenario/schema-validator.ts';
import { runCommand } from '../../live/run/command.ts';
import type { AsyncRequestRecord } from '../../live/run/async-runner.ts';
import type { LiveResult } from '../../live/run/live-result.ts';
import type { Scorecard } from './score.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

const SCENARIO = path.join(REPO_ROOT, 'scenarios/async/live-check.json');
const PROFILE = path.join(REPO_ROOT, 'profiles/embedded-2core.json');

let work: string;
let dir: string;
let live: LiveResult;
let requests: AsyncRequestRecord[];
let card: Scorecard;
let out = '';
let err = '';

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'fave-async-e2e-'));
  const io = {
    env: {}, root: REPO_ROOT, tty: false, signal: new AbortController().signal,
    stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t),
  };
  const code = await runCommand([SCENARIO, '--out', path.join(work, 'runs'), '--quiet'], io);
  expect(code, err).toBe(0);
  dir = path.resolve(REPO_ROOT, /run written to (\S+)/.exec(out)![1]!);
  live = JSON.parse(readFileSync(path.join(dir, 'result.json'), 'utf8')) as LiveResult;
  requests = readFileSync(path.join(dir, 'requests.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as AsyncRequestRecord);
  const cardFile = path.join(work, 'validation.json');
  execFileSync(path.join(REPO_ROOT, 'node_modules/.bin/tsx'), ['calibrate/validate-cli.ts', dir, '--profile', PROFILE, '--replications', '3', '--out', cardFile, '--quiet'], { cwd: REPO_ROOT, stdio: 'pipe' });
  card = JSON.parse(readFileSync(cardFile, 'utf8')) as Scorecard;
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('an asynchronous scenario live, then validated', () => {
  it('every call was accepted (202) and called back exactly once, with the function\'s status and duration', () => {
    expect(requests).toHaveLength(45);
    for (const r of requests) {
      expect(r.attempts[0]!.status, r.async.callId).toBe(202);
      expect(r.async.callbacks, r.async.callId).toBe(1);
      expect(r.async.status).toBe(200);
      expect(r.outcome).toBe('ok');
      // The function's own run is part of the time to its result, and the wait before it too.
      expect(r.async.duration!).toBeGreaterThan(0);
      expect(r.async.timeToCallback!).toBeGreaterThanOrEqual(r.async.duration!);
      expect(r.async.queueWait!).toBeLessThanOrEqual(r.async.timeToCallback!);
      // ffmpeg-0 logs its telemetry on the embedded platform: the wait is measured, not derived.
      expect(r.async.queueWaitFrom).toBe('telemetry');
    }
  });

  it('the live result carries summary.async in the simulator\'s shape and passes the result schema', () => {
    expect(validateAgainst('result.schema.json', JSON.parse(JSON.stringify(live)))).toEqual([]);
    const a = live.variants[0]!.summary.async!;
    expect(a.accepted.mean).toBe(45);
    expect(a.callbacks.mean).toBe(45);
    expect(a.duplicates.mean).toBe(0);
    expect(a.giveUps.mean).toBe(0);
    expect(a.executions.mean).toBe(45);
    // max_inflight 1 and bursts of 15: some calls waited behind others.
    expect(a.maxQueueDepth.mean).toBeGreaterThan(1);
    expect(a.queueWait.p95.mean!).toBeGreaterThan(a.queueWait.p50.mean!);
    expect(a.timeToCallback.p50.mean!).toBeGreaterThan(a.queueWait.p50.mean!);
    expect(live.live.settings.applied.join('\n')).toContain('queue max_inflight=1');
  });

  it('the scorecard has queue wait and time to callback beside execution time, with finite numbers on both sides', () => {
    const b = card.replays.withoutTrace;
    expect(card.format).toBe('fave.validation/v2');
    expect(Object.keys(b.functions)).toEqual(['ffmpeg-0']);
    for (const x of [b.async!.queueWait, b.async!.timeToCallback, b.functions['ffmpeg-0']!]) {
      expect(x.n.live).toEqual([45]);
      expect(x.n.sim).toBe(45);
      for (const v of [x.live.p50, x.live.p95, x.sim.p50, x.sim.p95, x.distances.p50.distance, x.distances.p95.distance]) expect(Number.isFinite(v)).toBe(true);
      expect(['indistinguishable', 'distinguishable']).toContain(x.verdict);
    }
    expect(b.checks.map((c) => c.name)).toEqual(expect.arrayContaining(['e2e latency', 'ffmpeg-0 latency', 'queue wait', 'time to callback']));
  });
});
