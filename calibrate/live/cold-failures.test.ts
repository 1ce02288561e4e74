import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { coldFailureNotes } from './cold-failures.ts';
import { parsePlan } from './plan.ts';
import { coldStep, type ColdRecord, type StepContext } from './steps.ts';
import type { Target } from './target.ts';
import { openWorkDir } from './work-dir.ts';

// Issue #22, point 1: cold calls that fail right after readiness are recorded and reported,
// neither failing the calibration nor averaged into the cold-start samples. A stand-in
// gateway answers the scripted statuses: what of-watchdog (500, empty) and a loading stage
// (503 not-ready) send when a replica is ready too early.

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function gatewayAnswering(answers: Array<{ status: number; body: string }>): Promise<string> {
  let next = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    const a = answers[Math.min(next++, answers.length - 1)]!;
    res.writeHead(a.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(a.body), 'X-Duration-Seconds': '0.250000' });
    res.end(a.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => server.close());
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function runCold(answers: Array<{ status: number; body: string }>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'fave-coldfail-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const plan = parsePlan({ stages: 'ffmpeg-0', cold: '3', 'no-fanout': true });
  const work = openWorkDir(dir);
  const url = await gatewayAnswering(answers);
  const target = { url, api: { scale: async () => undefined, status: async () => ({ replicas: 0, availableReplicas: 0 }) } } as unknown as Target;
  const c: StepContext = {
    t: target, work, plan, body: () => ({}), telemetry: 'optional', tick: () => undefined, notes: [], signal: new AbortController().signal,
  };
  await coldStep(c, 'ffmpeg-0');
  return { work, plan, c };
}

describe('cold calls that fail right after readiness', () => {
  it('are recorded apart, counted against plan.cold, and reported as a readiness problem', async () => {
    const { work, plan } = await runCold([
      { status: 500, body: '' },
      { status: 200, body: '{"ok":true}' },
      { status: 503, body: '{"error":{"stage":"ffmpeg-0","cause":"not-ready","message":"ffmpeg-0 is still initialising"}}' },
    ]);
    // Only the one success is a cold-start sample.
    expect(work.records<ColdRecord>('ffmpeg-0.cold').map((r) => r.duration)).toEqual([0.25]);
    expect(work.records('ffmpeg-0.cold-failed')).toHaveLength(2);
    const notes = coldFailureNotes(work, plan);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^ffmpeg-0: 2 of 3 cold calls failed right after readiness \(500, empty body; 503\) — readiness misconfigured\?/);
  }, 20_000);

  it('say nothing when every cold call answered 200', async () => {
    const { work, plan } = await runCold([{ status: 200, body: '{"ok":true}' }]);
    expect(work.records('ffmpeg-0.cold')).toHaveLength(3);
    expect(coldFailureNotes(work, plan)).toEqual([]);
  }, 20_000);
});
