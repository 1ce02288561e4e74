import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alive, postJson, request, testfn, waitFor } from '../testfn/harness.ts';
import readProviderConfig from './config.ts';
import startProvider, { type RunningProvider } from './provider.ts';

// An update while calls keep coming (the certifier saw 3–4 of them get 503 in the 250 ms after
// a PUT, issue #22): the rollout keeps a ready replica all along, so every call gets 200.

const root = path.resolve(import.meta.dirname, '../..');
const json = { 'Content-Type': 'application/json' };

describe('startProvider() updates', () => {
  let provider: RunningProvider;
  const logs: string[] = [];

  beforeAll(async () => {
    provider = await startProvider(readProviderConfig({ root, port: '0', readiness_initial_delay: '100ms', readiness_period: '100ms', termination_grace: '3s' }), {
      log: (l) => logs.push(l),
    });
  });
  afterAll(async () => {
    const pids = [...provider.functions.values()].flatMap((f) => f.replicas.map((r) => r.pid!));
    await provider.close();
    expect(pids.filter(alive)).toEqual([]);
  });

  const status = async (name: string) => JSON.parse((await request(`${provider.url}/system/function/${name}`)).body);

  it('startProvider() rolls an update out with every call answered 200, from the old replica until the new one is ready', async () => {
    expect((await postJson(`${provider.url}/system/functions`, testfn('roll'), json)).status).toBe(202);
    await waitFor('roll ready', async () => (await status('roll')).availableReplicas === 1);
    const before = provider.functions.get('roll')!.replicas.map((r) => r.id);

    const answers: Array<{ status: number; hostname: string }> = [];
    let stop = false;
    const worker = async () => {
      while (!stop) {
        const reply = await postJson(`${provider.url}/function/roll`, {});
        answers.push({ status: reply.status, hostname: reply.status === 200 ? JSON.parse(reply.body).hostname : reply.body });
      }
    };
    const workers = [worker(), worker(), worker()];
    await waitFor('calls flowing', () => answers.length >= 10);
    const update = testfn('roll', { envVars: { TESTFN_SLEEP_MS: '5' }, labels: { 'com.openfaas.scale.min': '2' } });
    const put = await request(`${provider.url}/system/functions`, { method: 'PUT', headers: json, body: JSON.stringify(update) });
    expect(put.status).toBe(202);
    const fn = provider.functions.get('roll')!;
    // Done when the old replica is gone and two new ones (the update's min label) are ready.
    await waitFor('the rollout', () => fn.replicas.every((r) => !before.includes(r.id)) && fn.ready().length === 2, 60_000);
    const countAtEnd = answers.length;
    await waitFor('calls after the rollout', () => answers.length >= countAtEnd + 20);
    stop = true;
    await Promise.all(workers);

    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    expect(answers[0]!.hostname).toBe(before[0]);
    const after = answers.slice(countAtEnd).map((a) => a.hostname);
    expect(after.some((h) => before.includes(h))).toBe(false);
    expect(new Set(after).size).toBe(2);
    expect(fn.spec.envVars).toEqual({ TESTFN_SLEEP_MS: '5' });
    expect((await status('roll')).replicas).toBe(2);
  });

  it('startProvider() takes a second update during a rollout: the replicas end on the last spec', async () => {
    const fn = provider.functions.get('roll')!;
    const first = testfn('roll', { envVars: { TESTFN_SLEEP_MS: '1' }, labels: { 'com.openfaas.scale.min': '1' } });
    const second = testfn('roll', { envVars: { TESTFN_SLEEP_MS: '2' }, labels: { 'com.openfaas.scale.min': '1' } });
    const started = new Set(fn.replicas.map((r) => r.id));
    for (const spec of [first, second]) expect((await request(`${provider.url}/system/functions`, { method: 'PUT', headers: json, body: JSON.stringify(spec) })).status).toBe(202);
    await waitFor('one replica of the last spec', () => fn.replicas.length === 1 && fn.ready().length === 1 && !started.has(fn.replicas[0]!.id), 60_000);
    const replies = await Promise.all(Array.from({ length: 5 }, () => postJson(`${provider.url}/function/roll`, {})));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(fn.spec.envVars).toEqual({ TESTFN_SLEEP_MS: '2' });
  });
});
