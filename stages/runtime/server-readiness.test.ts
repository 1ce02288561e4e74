import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryObjectStore } from './object-store.ts';
import { serveStage, type RunningStage, type ServeStageOptions } from './server.ts';
import { gate, telemetrySink } from './testing.ts';

// Issue #22, point 1: behind a real of-watchdog a call can reach the stage before its init
// finished. The stage holds such a call until init is done instead of failing it, and with
// READY_LOCK_FILE it writes of-watchdog's lock only once it can serve (ready-lock.ts).

const running: RunningStage[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start<S>(options: Partial<ServeStageOptions<S>> & Pick<ServeStageOptions<S>, 'handler'>, env: Record<string, string> = {}) {
  const sink = telemetrySink();
  const stage = await serveStage<S>({
    name: 'test-stage', store: new MemoryObjectStore(), emit: sink.emit, port: 0, handleSignals: false,
    env: { S3_BUCKET: 'fave', memory_limit_mb: '512', ...env }, ...options,
  });
  running.push(stage);
  return { stage, sink };
}

const post = (stage: RunningStage) => fetch(`${stage.url}/call`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });

describe('serveStage during init', () => {
  it('holds a call that arrives during init and answers it 200 once init finished', async () => {
    const initGate = gate();
    let handled = 0;
    const { stage, sink } = await start({
      init: async () => { await initGate.promise; return 'model'; },
      handler: async (_input, ctx) => { handled += 1; return { state: ctx.state }; },
    });
    const early = post(stage);
    // The call is in the server (counted as running) but its work has not started.
    await expect.poll(async () => (await (await fetch(`${stage.url}/_/running`)).json()).running).toBe(1);
    expect(handled).toBe(0);
    initGate.open();
    const res = await early;
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.state).toBe('model');
    expect(body.metrics).toMatchObject({ coldStart: true, httpCode: 200 });
    expect(body.metrics.phases.init).toBeGreaterThanOrEqual(0);
    expect(sink.records).toHaveLength(1);
  });

  it('answers a held call 503 not-ready, naming the cause, when init fails', async () => {
    const initGate = gate();
    const { stage } = await start({
      init: async () => { await initGate.promise; throw new Error('model file missing'); },
      handler: async () => ({}),
    });
    stage.ready.catch(() => undefined);
    const early = post(stage);
    await expect.poll(async () => (await (await fetch(`${stage.url}/_/running`)).json()).running).toBe(1);
    initGate.open();
    const res = await early;
    expect(res.status).toBe(503);
    expect((await res.json()).error).toMatchObject({ cause: 'not-ready', message: 'test-stage failed to initialise: model file missing' });
    expect((await fetch(`${stage.url}/_/health`)).status).toBe(503);
  });

  it('answers 504 at exec_timeout while still initialising, and never starts that call\'s work', async () => {
    const initGate = gate();
    let handled = 0;
    const { stage, sink } = await start({
      init: async () => { await initGate.promise; return 1; },
      handler: async () => { handled += 1; return {}; },
    }, { exec_timeout: '100ms' });
    const res = await post(stage);
    expect(res.status).toBe(504);
    expect(await res.text()).toBe('');
    initGate.open();
    await stage.ready;
    await expect.poll(() => sink.records.length).toBe(1);
    expect(sink.records[0]).toMatchObject({ httpCode: 504, cause: 'timeout' });
    expect(handled).toBe(0);
  });

  it('writes READY_LOCK_FILE only once init finished, and removes it when draining', async () => {
    const lock = join(mkdtempSync(join(tmpdir(), 'fave-lock-')), '.lock');
    const initGate = gate();
    const { stage } = await start({ init: async () => { await initGate.promise; return 1; }, handler: async () => ({}) }, { READY_LOCK_FILE: lock });
    expect(existsSync(lock)).toBe(false);
    initGate.open();
    await stage.ready;
    expect(existsSync(lock)).toBe(true);
    await stage.close();
    expect(existsSync(lock)).toBe(false);
  });

  it('with READY_LOCK_WHEN=listen writes the lock once listening, before init, and holds calls until init is done', async () => {
    const lock = join(mkdtempSync(join(tmpdir(), 'fave-lock-')), '.lock');
    const initGate = gate();
    const { stage } = await start({ init: async () => { await initGate.promise; return 'loaded'; }, handler: async (_i, ctx) => ({ state: ctx.state }) }, { READY_LOCK_FILE: lock, READY_LOCK_WHEN: 'listen' });
    expect(existsSync(lock)).toBe(true);
    const early = post(stage);
    await expect.poll(async () => (await (await fetch(`${stage.url}/_/running`)).json()).running).toBe(1);
    initGate.open();
    const res = await early;
    expect(res.status).toBe(200);
    expect((await res.json()).state).toBe('loaded');
  });

  it('fails init, naming the variable, when READY_LOCK_FILE cannot be written', async () => {
    const { stage } = await start({ handler: async () => ({}) }, { READY_LOCK_FILE: '/nonexistent-dir-fave/.lock' });
    await expect(stage.ready).rejects.toThrow(/cannot write READY_LOCK_FILE=\/nonexistent-dir-fave\/\.lock/);
  });
});
