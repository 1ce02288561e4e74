import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StageError } from './errors.ts';
import { serveStage, type RunningStage, type ServeStageOptions } from './server.ts';
import { validateTelemetry } from './telemetry.ts';
import { MemoryObjectStore } from './object-store.ts';
import { gate, telemetrySink } from './testing.ts';

const running: RunningStage[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start<S>(options: Partial<ServeStageOptions<S>> & Pick<ServeStageOptions<S>, 'handler'>, env: Record<string, string> = {}) {
  const store = new MemoryObjectStore();
  const sink = telemetrySink();
  const stage = await serveStage<S>({
    name: 'test-stage', store, emit: sink.emit, port: 0, handleSignals: false,
    env: { S3_BUCKET: 'fave', memory_limit_mb: '512', ...env }, ...options,
  });
  running.push(stage);
  return { stage, store, sink };
}

function post(stage: RunningStage, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${stage.url}/anything`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('serveStage', () => {
  it('serveStage answers health 503 until init finished, then 200', async () => {
    const initGate = gate();
    const { stage } = await start({ init: async () => { await initGate.promise; return 1; }, handler: async () => ({}) });
    expect((await fetch(`${stage.url}/_/health`)).status).toBe(503);
    initGate.open();
    await stage.ready;
    expect((await fetch(`${stage.url}/_/health`)).status).toBe(200);
  });

  it('serveStage returns the handler result with a valid telemetry record in metrics and on emit', async () => {
    const { stage, sink } = await start({
      init: () => ({ greeting: 'hi' }),
      handler: async (input, ctx) => {
        await ctx.phase('compute', () => new Promise((r) => setTimeout(r, 20)));
        return { echo: input, greeting: ctx.state.greeting, requestId: ctx.requestId };
      },
    });
    await stage.ready;
    const res = await post(stage, { requestId: 'req-1', x: 1 }, { 'X-Call-Id': 'call-9' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ echo: { requestId: 'req-1', x: 1 }, greeting: 'hi', requestId: 'req-1' });
    const record = validateTelemetry(body.metrics);
    expect(record).toMatchObject({
      requestId: 'req-1', stage: 'test-stage', callId: 'call-9', status: 'ok', httpCode: 200,
      coldStart: true, firstCall: true, memoryLimitMB: 512, memoryLimitSource: 'env', inflightAtStart: 0,
    });
    expect(record.phases.compute).toBeGreaterThan(0);
    expect(record.phases.init).toBeGreaterThanOrEqual(0);
    expect(record.costUnits).toBeCloseTo(record.durationSeconds * 0.5, 9);
    expect(sink.records).toEqual([record]);

    const second = validateTelemetry((await (await post(stage, {})).json()).metrics);
    expect(second).toMatchObject({ coldStart: false, firstCall: false, callId: null });
    expect(second.phases.init).toBeUndefined();
  });

  it('serveStage answers 429 past max_inflight and /_/ready turns 429 while saturated', async () => {
    const hold = gate();
    const { stage, sink } = await start({ handler: async () => { await hold.promise; return { done: true }; } }, { max_inflight: '2' });
    await stage.ready;
    const first = post(stage, {});
    const second = post(stage, {});
    // Wait until both calls are in flight: the ready probe turns 429 exactly then.
    while ((await fetch(`${stage.url}/_/ready`)).status !== 429) await new Promise((r) => setTimeout(r, 10));
    const third = await post(stage, {});
    expect(third.status).toBe(429);
    const body = await third.json();
    expect(body.error).toMatchObject({ stage: 'test-stage', cause: 'overloaded' });
    expect(body.metrics).toMatchObject({ status: 'error', httpCode: 429, cause: 'overloaded', inflightAtStart: 2 });
    hold.open();
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    expect(sink.records.map((r) => r.httpCode).sort()).toEqual([200, 200, 429]);
  });

  it('serveStage answers 504 at exec_timeout as of-watchdog does: empty body, the slot freed, the work going on', async () => {
    const hold = gate();
    let ended = 0;
    const { stage, sink } = await start({
      handler: async (input) => {
        if ((input as { slow?: boolean }).slow) await hold.promise;
        ended += 1;
        return { done: true };
      },
    }, { exec_timeout: '200ms', max_inflight: '1' });
    await stage.ready;
    try {
      const res = await post(stage, { requestId: 'slow-1', slow: true });
      expect(res.status).toBe(504);
      expect(await res.text()).toBe('');
      // At exec_timeout: libuv fires a timer by its loop's cached clock, which can run a
      // millisecond behind the one the duration is read from, hence the 10 ms of slack.
      expect(Number(res.headers.get('x-duration-seconds'))).toBeGreaterThanOrEqual(0.19);
      // The watchdog's one slot is free again though the first call's work goes on.
      expect((await fetch(`${stage.url}/_/ready`)).status).toBe(200);
      const next = await post(stage, { requestId: 'quick-1' });
      expect(next.status).toBe(200);
      expect(ended).toBe(1);
      expect(sink.records.map((r) => r.requestId)).toEqual(['quick-1']);
    } catch (e) {
      hold.open(); // or the stage's close, waiting for the held work, would hang the suite
      throw e;
    }
    // Its record comes when the work ends: what the caller got (504, timeout), how long it ran.
    const closed = stage.close(); // and draining waits for it
    hold.open();
    await closed;
    expect(ended).toBe(2);
    const slow = validateTelemetry(sink.records.find((r) => r.requestId === 'slow-1'));
    expect(slow).toMatchObject({ httpCode: 504, status: 'error', cause: 'timeout' });
    expect(slow.durationSeconds).toBeGreaterThanOrEqual(0.19);
  });

  it('serveStage answers within exec_timeout as usual, and with exec_timeout=0 never times out', async () => {
    for (const exec of ['5s', '0']) {
      const { stage } = await start({ handler: async () => { await new Promise((r) => setTimeout(r, 50)); return { ok: 1 }; } }, { exec_timeout: exec });
      await stage.ready;
      const res = await post(stage, {});
      expect(res.status).toBe(200);
      expect((await res.json()).ok).toBe(1);
    }
  });

  it('serveStage shares the CPU of overlapping calls between them instead of counting it twice', async () => {
    const hold = gate();
    const { stage, sink } = await start({
      handler: async (input) => {
        if ((input as { burn?: boolean }).burn) {
          // 200 ms of this process's CPU, however long the machine takes to give it.
          const from = process.cpuUsage();
          const burnt = () => { const u = process.cpuUsage(from); return (u.user + u.system) / 1000; };
          while (burnt() < 200);
        } else await hold.promise; // waits, using none
        return {};
      },
    });
    await stage.ready;
    const cpu0 = process.cpuUsage();
    const waiting = post(stage, { requestId: 'waits' });
    while ((await (await fetch(`${stage.url}/_/running`)).json()).running < 1) await new Promise((r) => setTimeout(r, 5));
    await post(stage, { requestId: 'burns', burn: true });
    hold.open();
    await waiting;
    const used = (process.cpuUsage(cpu0).user + process.cpuUsage(cpu0).system) / 1e6;
    const share = (id: string) => sink.records.find((r) => r.requestId === id)!.cpuSeconds;
    // Each used a part of the 200 ms; together no more than the process used.
    expect(share('burns')).toBeGreaterThan(0.05);
    expect(share('waits')).toBeGreaterThan(0.05);
    expect(share('burns') + share('waits')).toBeLessThanOrEqual(used + 0.02);
  });

  it('serveStage serves calls concurrently', async () => {
    const hold = gate();
    let entered = 0;
    const { stage } = await start({ handler: async () => { entered += 1; await hold.promise; return {}; } });
    await stage.ready;
    const calls = [post(stage, {}), post(stage, {}), post(stage, {})];
    while (entered < 3) await new Promise((r) => setTimeout(r, 10));
    hold.open();
    expect((await Promise.all(calls)).map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it('serveStage answers 400 for a body that is not JSON and 405 for GET', async () => {
    const { stage, sink } = await start({ handler: async () => ({}) });
    await stage.ready;
    const res = await post(stage, '{not json');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ cause: 'bad-input', message: expect.stringContaining('not JSON') });
    expect((await fetch(`${stage.url}/anything`)).status).toBe(405);
    expect(sink.records).toHaveLength(1);
    expect(sink.records[0]).toMatchObject({ httpCode: 400, cause: 'bad-input', status: 'error' });
  });

  it('serveStage answers 413 with a clear error for a body above MAX_BODY_BYTES', async () => {
    const { stage } = await start({ handler: async () => ({}) }, { MAX_BODY_BYTES: '100' });
    await stage.ready;
    const res = await post(stage, { pad: 'x'.repeat(500) });
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatchObject({ cause: 'too-large', message: expect.stringContaining('MAX_BODY_BYTES=100') });
  });

  it('serveStage maps a StageError to 500 with its cause and removes the temp dir', async () => {
    let dir = '';
    const { stage } = await start({
      handler: async (_input, ctx) => {
        dir = ctx.tempDir;
        await writeFile(join(dir, 'partial.bin'), 'x');
        throw new StageError('corrupt-media', 'the input is garbage');
      },
    });
    await stage.ready;
    const res = await post(stage, {});
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body.error).toEqual({ stage: 'test-stage', cause: 'corrupt-media', message: 'the input is garbage' });
    expect(validateTelemetry(body.metrics)).toMatchObject({ status: 'error', httpCode: 500, cause: 'corrupt-media' });
    expect(dir).not.toBe('');
    expect(existsSync(dir)).toBe(false);
  });

  it('serveStage gives each call its own temp dir and reports unknown errors as internal', async () => {
    const dirs: string[] = [];
    const { stage } = await start({ handler: async (_i, ctx) => { dirs.push(ctx.tempDir); throw new TypeError('boom'); } });
    await stage.ready;
    const [a, b] = await Promise.all([post(stage, {}), post(stage, {})]);
    expect((await a.json()).error.cause).toBe('internal');
    expect(b.status).toBe(500);
    expect(new Set(dirs).size).toBe(2);
  });

  it('serveStage rejects an unsafe requestId before it reaches a storage key', async () => {
    const { stage } = await start({ handler: async () => ({}) });
    await stage.ready;
    const res = await post(stage, { requestId: '../etc' });
    expect(res.status).toBe(500);
    expect((await res.json()).error).toMatchObject({ cause: 'bad-input', message: expect.stringContaining('requestId') });
  });

  it('serveStage context stores artifacts under requests/<id>/<stage>/ and counts bytes', async () => {
    const { stage, store } = await start({
      handler: async (_i, ctx) => {
        const uri = await ctx.putJson('out/result.json', { n: 42 });
        const back = await ctx.getJson<{ n: number }>(uri);
        const local = join(ctx.tempDir, 'copy.json');
        const size = await ctx.download(uri, local);
        const again = await ctx.upload(local, 'again.json');
        return { uri, back, size, again };
      },
    });
    await stage.ready;
    const body = await (await post(stage, { requestId: 'r42' })).json();
    expect(body.uri).toBe('s3://fave/requests/r42/test-stage/out/result.json');
    expect(body.again).toBe('s3://fave/requests/r42/test-stage/again.json');
    expect(body.back).toEqual({ n: 42 });
    expect(await store.get('requests/r42/test-stage/again.json')).not.toBeNull();
    expect((await store.get('requests/r42/test-stage/out/result.json'))?.body.toString()).toBe('{"n":42}');
    expect(body.metrics).toMatchObject({ bytesIn: 2 * body.size, bytesOut: 2 * body.size });
  });

  it('serveStage context reports missing-object, a foreign bucket and too-large inputs by cause', async () => {
    const { stage, store } = await start({
      handler: async (input, ctx) => {
        await ctx.download((input as { uri: string }).uri, join(ctx.tempDir, 'in'));
        return {};
      },
    }, { MAX_INPUT_BYTES: '10' });
    await stage.ready;
    await store.put('big', new Uint8Array(11));
    const cause = async (uri: string) => (await (await post(stage, { uri })).json()).error.cause;
    expect(await cause('s3://fave/nope')).toBe('missing-object');
    expect(await cause('s3://other-bucket/big')).toBe('bad-input');
    expect(await cause('s3://fave/big')).toBe('too-large');
    expect(await cause('http://fave/big')).toBe('bad-input');
  });

  it('serveStage close() lets an in-flight call finish and then stops listening', async () => {
    const hold = gate();
    let entered = false;
    const { stage } = await start({ handler: async () => { entered = true; await hold.promise; return { finished: true }; } });
    await stage.ready;
    const call = post(stage, {});
    while (!entered) await new Promise((r) => setTimeout(r, 10));
    const closed = stage.close();
    hold.open();
    const res = await call;
    expect(res.status).toBe(200);
    expect((await res.json()).finished).toBe(true);
    await closed;
    await expect(fetch(`${stage.url}/_/health`)).rejects.toThrow();
  });

  it('serveStage with LOCAL_ONLY=true (the embedded provider) refuses foreign Host and cross-origin calls; without it, it does not', async () => {
    const send = (stage: RunningStage, headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port: stage.port, method: 'POST', path: '/', headers: { 'content-type': 'text/plain', ...headers }, agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end('{}');
      });
    const { stage: local, sink } = await start({ handler: async () => ({ ok: true }) }, { LOCAL_ONLY: 'true' });
    await local.ready;
    expect(await send(local, { host: `rebind.example:${local.port}` })).toBe(421);
    expect(await send(local, { host: `127.0.0.1:${local.port}`, origin: 'http://evil.example' })).toBe(403);
    expect(sink.records).toHaveLength(0);
    expect(await send(local, { host: `127.0.0.1:${local.port}` })).toBe(200);
    // Behind of-watchdog the caller's Host and Origin come through: nothing is refused.
    const { stage: cluster } = await start({ handler: async () => ({ ok: true }) });
    await cluster.ready;
    expect(await send(cluster, { host: 'ffmpeg-0.openfaas-fn:8080', origin: 'http://gateway.example' })).toBe(200);
  });
});
