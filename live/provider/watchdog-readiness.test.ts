import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ANNOTATION_READINESS } from '../openfaas/types.ts';
import { postJson, request, testfn, waitFor } from '../testfn/harness.ts';
import readProviderConfig from './config.ts';
import startProvider, { type RunningProvider } from './provider.ts';

// Issue #22, point 1: with readiness=watchdog the embedded provider reproduces of-watchdog's
// own readiness (its lock file exists as soon as it starts), so a replica is routed calls
// before its process listens and answers them as the watchdog does: 500, empty body. The
// default, readiness=stage, waits for the stage's own /_/health. testfn's TESTFN_LISTEN_AFTER
// holds its listen until the test writes a file: "node still loading", for as long as needed.

const root = path.resolve(import.meta.dirname, '../..');
const started: Array<{ provider: RunningProvider; dir: string }> = [];
afterEach(async () => {
  for (const { provider, dir } of started.splice(0)) {
    await provider.close(2_000);
    rmSync(dir, { recursive: true, force: true });
  }
});

async function deploySlowStarter(settings: Record<string, string>, annotations: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'fave-wd-readiness-'));
  const provider = await startProvider(readProviderConfig({
    root, port: '0', readiness_initial_delay: '50ms', readiness_period: '50ms', termination_grace: '2s',
    secret_mount_path: dir, state_dir: path.join(dir, 'state'), ...settings,
  }), { log: () => undefined });
  started.push({ provider, dir });
  const listenGate = path.join(dir, 'listen-now');
  const deployed = await postJson(`${provider.url}/system/functions`, testfn('slow', { envVars: { TESTFN_LISTEN_AFTER: listenGate }, annotations }));
  const available = async () => (JSON.parse((await request(`${provider.url}/system/function/slow`)).body) as { availableReplicas: number }).availableReplicas;
  return { provider, deployed, available, letItListen: () => writeFileSync(listenGate, ''), call: () => postJson(`${provider.url}/function/slow`, {}) };
}

describe('provider readiness', () => {
  it('readiness=watchdog: the replica is ready before it listens, and a call then gets of-watchdog\'s empty 500', async () => {
    const fn = await deploySlowStarter({ readiness: 'watchdog' });
    expect(fn.deployed.status).toBe(202);
    await waitFor('replica ready by the watchdog\'s lock', async () => (await fn.available()) === 1);
    const early = await fn.call();
    expect(early.status).toBe(500);
    expect(early.body).toBe('');
    expect(early.headers.get('x-openfaas-internal')).toBe('of-watchdog');
    fn.letItListen();
    await waitFor('the replica serving', async () => (await fn.call()).status === 200);
  });

  it('readiness=stage (the default): no endpoint until the process answers /_/health, then 200', async () => {
    const fn = await deploySlowStarter({});
    expect(fn.deployed.status).toBe(202);
    const early = await fn.call();
    expect(early.status).toBe(503);
    expect(early.body).toBe('No endpoints available for: slow.');
    fn.letItListen();
    await waitFor('replica ready by its /_/health', async () => (await fn.available()) === 1);
    expect((await fn.call()).status).toBe(200);
  });

  it(`the ${ANNOTATION_READINESS} annotation sets one function's readiness over the provider's`, async () => {
    const fn = await deploySlowStarter({}, { [ANNOTATION_READINESS]: 'watchdog' });
    await waitFor('replica ready by the watchdog\'s lock', async () => (await fn.available()) === 1);
    expect((await fn.call()).status).toBe(500);
    fn.letItListen();
  });

  it(`refuses a deployment whose ${ANNOTATION_READINESS} is neither stage nor watchdog, naming it`, async () => {
    const fn = await deploySlowStarter({}, { [ANNOTATION_READINESS]: 'lockfile' });
    expect(fn.deployed.status).toBe(400);
    expect(fn.deployed.body).toContain(`annotation ${ANNOTATION_READINESS}`);
    expect(fn.deployed.body).toContain('stage or watchdog');
  });
});
