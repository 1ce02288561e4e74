import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { postJson, request, testfn, waitFor } from '../testfn/harness.ts';
import readProviderConfig from './config.ts';
import startProvider, { type RunningProvider } from './provider.ts';

// A replica whose event loop is held (a model's synchronous inference) answers its readiness
// probe late. faas-netes gives a probe 1 s (TimeoutSeconds) whatever the period; probing every
// 100 ms must not shorten that, or a busy replica leaves its endpoints mid-request.

const root = path.resolve(import.meta.dirname, '../..');
const started: Array<{ provider: RunningProvider; dir: string }> = [];
afterEach(async () => {
  for (const { provider, dir } of started.splice(0)) {
    await provider.close(2_000);
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Deploys testfn, holds its event loop for `busyMs` and samples availableReplicas meanwhile. */
async function availabilityWhileBusy(settings: Record<string, string>, busyMs: number): Promise<number[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'fave-readiness-'));
  const provider = await startProvider(readProviderConfig({
    root, port: '0', readiness_initial_delay: '100ms', readiness_period: '100ms', termination_grace: '2s', secret_mount_path: dir, state_dir: path.join(dir, 'state'), ...settings,
  }), { log: () => undefined });
  started.push({ provider, dir });
  const available = async () => (JSON.parse((await request(`${provider.url}/system/function/busy`)).body) as { availableReplicas: number }).availableReplicas;
  expect((await postJson(`${provider.url}/system/functions`, testfn('busy'))).status).toBe(202);
  await waitFor('busy ready', async () => (await available()) === 1);
  const call = postJson(`${provider.url}/function/busy`, { busyMs });
  const samples: number[] = [];
  const until = Date.now() + busyMs;
  while (Date.now() < until) {
    samples.push(await available());
    await new Promise((r) => setTimeout(r, 50));
  }
  expect((await call).status).toBe(200);
  return samples;
}

describe('readiness probe timeout', () => {
  it('a replica busy for 700 ms stays available: probes every 100 ms wait faas-netes\' 1 s for an answer', async () => {
    const samples = await availabilityWhileBusy({}, 700);
    expect(samples.length).toBeGreaterThan(3);
    expect(samples.every((n) => n === 1), samples.join(' ')).toBe(true);
  });

  it('with readiness_timeout 100ms the same replica leaves its endpoints after three unanswered probes', async () => {
    const samples = await availabilityWhileBusy({ readiness_timeout: '100ms' }, 1_500);
    expect(samples, samples.join(' ')).toContain(0);
  });
});
