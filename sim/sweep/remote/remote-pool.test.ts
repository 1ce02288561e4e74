// The remote pool against a scripted stand-in for the gateway's async path (202, then a
// callback POST with X-Function-Status): results in shard order whatever order callbacks
// come in, retries for what may pass, an at-once failure for a rejected body. The real
// embedded gateway and sim-runner are in stages/sim-runner/remote-sweep.test.ts.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Scenario } from '../../scenario/types.ts';
import { SweepAbortedError } from '../pool.ts';
import type { SweepJob } from '../run-sweep.ts';
import { SHARD_FORMAT, SHARD_RESULT_FORMAT, type Shard } from '../shard.ts';
import { toWire } from '../wire.ts';
import type { Task } from '../worker.ts';
import { remotePool, runShardsRemote, type ShardEvent, SweepShardsError } from './remote-pool.ts';

/** What the stand-in does with attempt n of a shard. */
type Step = { submit?: number; callback?: number | 'none'; body?: string; delayMs?: number; twice?: boolean };
type Script = (id: string, attempt: number) => Step;

interface FakeGateway {
  url: string;
  calls: Array<{ id: string; callbackUrl: string }>;
}

let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  servers = [];
});

const resultFor = (shard: Shard) =>
  JSON.stringify(toWire({ format: SHARD_RESULT_FORMAT, id: shard.id, runs: shard.seeds.map((seed) => ({ seed, summary: { requests: seed, p50: NaN }, e2e: { counts: [seed] } })) }));

async function fakeGateway(script: Script): Promise<FakeGateway> {
  const attempts = new Map<string, number>();
  const calls: FakeGateway['calls'] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const shard = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Shard;
    const attempt = (attempts.get(shard.id) ?? 0) + 1;
    attempts.set(shard.id, attempt);
    const callbackUrl = req.headers['x-callback-url'] as string;
    calls.push({ id: shard.id, callbackUrl });
    const step = script(shard.id, attempt);
    if ((step.submit ?? 202) !== 202) return res.writeHead(step.submit!).end('gateway says no');
    res.writeHead(202, { 'X-Call-Id': `call-${shard.id}-${attempt}` }).end();
    if (step.callback === 'none') return;
    const status = step.callback ?? 200;
    const post = () => fetch(callbackUrl, { method: 'POST', headers: { 'X-Function-Status': String(status), 'X-Call-Id': `call-${shard.id}-${attempt}` }, body: step.body ?? (status === 200 ? resultFor(shard) : '{"error":{"message":"boom"}}') }).catch(() => undefined);
    setTimeout(async () => {
      await post();
      if (step.twice) await post();
    }, step.delayMs ?? 0);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls };
}

const shard = (point: number, seeds: number[], k = 0): Shard => ({ format: SHARD_FORMAT, id: `p${point}.${k}`, point, source: 'base.json', scenario: {} as Scenario, profile: null, seeds });
const fast = { timeoutMs: 2000, retryDelayMs: 10 };

describe('runShardsRemote', () => {
  it('runShardsRemote returns results in shard order whatever order the callbacks come in, ignoring duplicates', async () => {
    const gw = await fakeGateway((id) => ({ delayMs: id === 'p0.0' ? 150 : 0, twice: true }));
    const events: ShardEvent[] = [];
    const results = await runShardsRemote([shard(0, [1, 2]), shard(1, [1, 2]), shard(2, [1, 2])], { ...fast, gatewayUrl: gw.url, onEvent: (e) => events.push(e) });
    expect(results.map((r) => r.id)).toEqual(['p0.0', 'p1.0', 'p2.0']);
    expect(Number.isNaN((results[0]!.runs[0]!.summary as unknown as { p50: number }).p50)).toBe(true);
    expect(gw.calls).toHaveLength(3); // no retries: every shard answered once (twice, in fact)
    expect(gw.calls.every((c) => c.callbackUrl.startsWith('http://127.0.0.1:'))).toBe(true);
    const done = events.filter((e) => e.kind === 'done');
    expect(done.map((e) => e.shard.id).at(-1)).toBe('p0.0');
    expect(done.map((e) => (e.kind === 'done' ? e.done : 0))).toEqual([1, 2, 3]);
  });

  it('runShardsRemote retries a shard whose function failed, one the gateway refused with 429 and one that never called back', async () => {
    const gw = await fakeGateway((id, attempt) =>
      attempt > 1 ? {} : id === 'p0.0' ? { callback: 500 } : id === 'p1.0' ? { submit: 429 } : { callback: 'none' },
    );
    const events: ShardEvent[] = [];
    const results = await runShardsRemote([shard(0, [1]), shard(1, [1]), shard(2, [1])], { ...fast, timeoutMs: 300, gatewayUrl: gw.url, onEvent: (e) => events.push(e) });
    expect(results.map((r) => r.id)).toEqual(['p0.0', 'p1.0', 'p2.0']);
    const retries = events.flatMap((e) => (e.kind === 'retry' ? [`${e.shard.id}: ${e.reason}`] : []));
    expect(retries).toHaveLength(3);
    expect(retries).toEqual(expect.arrayContaining([
      expect.stringMatching(/^p1\.0: the gateway answered 429 to .*: gateway says no$/),
      'p0.0: sim-runner answered 500: boom (call call-p0.0-1)',
      'p2.0: no callback within 0.3 s',
    ]));
    expect(gw.calls).toHaveLength(6);
  });

  it('runShardsRemote fails a shard the function rejected with 400 at once, finishes the others, and names it', async () => {
    const gw = await fakeGateway((id) => (id === 'p1.0' ? { callback: 400, body: '{"error":{"message":"shard: 1 problem\\n  $.seeds[0]: must be an integer (got 1.5)"}}' } : {}));
    const err = await runShardsRemote([shard(0, [1, 2]), shard(1, [1, 2]), shard(2, [1, 2])], { ...fast, gatewayUrl: gw.url }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SweepShardsError);
    expect((err as SweepShardsError).failures.map((f) => f.shard.id)).toEqual(['p1.0']);
    expect((err as Error).message).toBe(
      '1 of 3 shards failed:\n  shard p1.0 (point 1, seeds 1-2): sim-runner answered 400: shard: 1 problem\n  $.seeds[0]: must be an integer (got 1.5) (call call-p1.0-1)',
    );
    expect(gw.calls.map((c) => c.id).sort()).toEqual(['p0.0', 'p1.0', 'p2.0']);
  });

  it('runShardsRemote gives up after its retries, and says when the function is not deployed', async () => {
    const gw = await fakeGateway((id) => (id === 'p0.0' ? { callback: 502, body: '' } : { submit: 404 }));
    const err = (await runShardsRemote([shard(0, [1]), shard(1, [1])], { ...fast, retries: 2, gatewayUrl: gw.url }).catch((e: unknown) => e)) as SweepShardsError;
    expect(err.failures.map((f) => f.reason)).toEqual([
      'sim-runner answered 502 with an empty body (call call-p0.0-3) (after 3 attempts)',
      expect.stringContaining("the gateway answered 404 to " + gw.url + "/async-function/sim-runner (is the function 'sim-runner' deployed on this gateway?): gateway says no"),
    ]);
    expect(gw.calls.filter((c) => c.id === 'p0.0')).toHaveLength(3);
  });

  it('runShardsRemote rejects with SweepAbortedError when aborted and stops listening for callbacks', async () => {
    const gw = await fakeGateway(() => ({ callback: 'none' }));
    const abort = new AbortController();
    const run = runShardsRemote([shard(0, [1])], { ...fast, gatewayUrl: gw.url, signal: abort.signal, onEvent: (e) => e.kind === 'sent' && abort.abort() });
    await expect(run).rejects.toBeInstanceOf(SweepAbortedError);
    await expect(fetch(gw.calls[0]!.callbackUrl, { method: 'POST', body: '{}' })).rejects.toThrow();
  });
});

describe('remotePool', () => {
  it('remotePool cuts tasks into shards and puts each seed run back in its task slot', async () => {
    const gw = await fakeGateway((id) => ({ delayMs: id === 'p0.0' ? 100 : 0 }));
    const job: SweepJob = { profilePath: null, profile: null, source: 'base.json', scenarios: [{}, {}] as Scenario[] };
    const tasks: Task[] = [0, 1].flatMap((point) => [5, 6, 7].map((seed) => ({ id: 0, point, seed })));
    tasks.forEach((t, i) => (t.id = i));
    const progress: number[] = [];
    const runs = await remotePool({ ...fast, gatewayUrl: gw.url, seedsPerShard: 2 })(tasks, job, { workers: 1, onProgress: (done) => progress.push(done) });
    expect(runs.map((r) => (r.summary as unknown as { requests: number }).requests)).toEqual([5, 6, 7, 5, 6, 7]);
    expect(gw.calls.map((c) => c.id).sort()).toEqual(['p0.0', 'p0.1', 'p1.0', 'p1.1']);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
