import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import readProviderConfig from '../provider/config.ts';
import startProvider from '../provider/provider.ts';
import type { RunningProvider } from '../provider/provider.ts';
import { alive, postJson, request, testfn, waitFor } from '../testfn/harness.ts';
import { ManualClock } from '../testfn/manual-clock.ts';
import readGatewayConfig from './config.ts';
import startGateway from './gateway.ts';
import type { RunningGateway } from './gateway.ts';

// The embedded gateway's Community Edition autoscaling against the embedded provider, on a
// clock the test moves: the certifier's scaling tests (tests/scaling_test.go at 2e39d05),
// minutes of alert timing in a second or two.

const root = path.resolve(import.meta.dirname, '../..');
const auth = { OPENFAAS_USERNAME: 'admin', OPENFAAS_PASSWORD: 'test-password' };
const authHeader = { Authorization: `Basic ${Buffer.from('admin:test-password').toString('base64')}` };

describe('startGateway() autoscaling', () => {
  let provider: RunningProvider;
  let gw: RunningGateway;
  const clock = new ManualClock();

  const status = async (name: string) => JSON.parse((await request(`${gw.url}/system/function/${name}`, { headers: authHeader })).body);
  const deploy = async (name: string, labels: Record<string, string>) => {
    expect((await postJson(`${gw.url}/system/functions`, testfn(name, { labels }), authHeader)).status).toBe(202);
    await waitFor(`${name} ready`, async () => (await status(name)).availableReplicas >= Number(labels['com.openfaas.scale.min'] ?? 1));
  };
  /** `calls` calls answered 200 before each 5 s step of the clock, from `from` to `to` (ms). */
  const load = async (name: string, from: number, to: number, calls: number) => {
    for (let t = from; t <= to; t += 5_000) {
      const replies = await Promise.all(Array.from({ length: calls }, () => postJson(`${gw.url}/function/${name}`, {})));
      expect(replies.map((r) => r.status)).toEqual(replies.map(() => 200));
      await clock.advanceTo(t, () => gw.autoscaler!.settled());
    }
  };

  beforeAll(async () => {
    provider = await startProvider(
      readProviderConfig({ root, port: '0', readiness_initial_delay: '100ms', readiness_period: '100ms', termination_grace: '3s', basic_auth: 'true', community_edition: 'true' }),
      { env: auth, log: () => undefined },
    );
    gw = await startGateway(readGatewayConfig({ functions_provider_url: provider.url, port: '0', community_edition: 'true', scale_from_zero: 'false' }), {
      env: auth,
      log: () => undefined,
      autoscalerClock: clock,
    });
  });
  afterAll(async () => {
    await gw.close();
    const pids = [...provider.functions.values()].flatMap((f) => f.replicas.map((r) => r.pid!));
    await provider.close();
    expect(pids.filter(alive)).toEqual([]);
  });

  it('startGateway() turns the alert rule on by default, and autoscaling=false turns it off', () => {
    expect(readGatewayConfig({ functions_provider_url: 'http://127.0.0.1:1/' }).autoscaling).toBe(true);
    expect(readGatewayConfig({ functions_provider_url: 'http://127.0.0.1:1/', autoscaling: 'false' }).autoscaling).toBe(false);
    expect(gw.autoscaler).toBeDefined();
  });

  it('startGateway() scales a function under more than 5 calls/s up to its max, and back to its min once the load stops', async () => {
    await deploy('throughput', { 'com.openfaas.scale.min': '1', 'com.openfaas.scale.max': '2' });
    // 10 calls/s, as the certifier's hey (2 workers at 5 QPS each), for 35 s of the clock.
    await load('throughput', clock.now() + 5_000, clock.now() + 35_000, 50);
    expect((await status('throughput')).replicas).toBe(2);
    await waitFor('the second replica ready', async () => (await status('throughput')).availableReplicas === 2);
    // No more calls: the next evaluation resolves the alert, the next flush scales to min.
    await clock.advanceTo(clock.now() + 30_000, () => gw.autoscaler!.settled());
    expect((await status('throughput')).replicas).toBe(1);
  });

  it('startGateway() holds a function whose min and max labels are equal, whatever the load', async () => {
    await deploy('fixed', { 'com.openfaas.scale.min': '2', 'com.openfaas.scale.max': '2' });
    await load('fixed', clock.now() + 5_000, clock.now() + 60_000, 50);
    expect((await status('fixed')).replicas).toBe(2);
  });

  it('startGateway() answers an Alertmanager webhook on /system/alert, with credentials only', async () => {
    const body = { status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 'APIHighInvocationRate', function_name: 'throughput.openfaas-fn' } }] };
    expect((await postJson(`${gw.url}/system/alert`, body)).status).toBe(401);
    expect((await postJson(`${gw.url}/system/alert`, body, authHeader)).status).toBe(200);
    expect((await status('throughput')).replicas).toBe(2);
    const bad = await request(`${gw.url}/system/alert`, { method: 'POST', headers: { ...authHeader, 'Content-Type': 'application/json' }, body: '{' });
    expect([bad.status, bad.body]).toEqual([400, 'Unable to parse alert, bad format.']);
    expect((await postJson(`${gw.url}/system/alert`, { alerts: [{ status: 'resolved', labels: { function_name: 'throughput' } }] }, authHeader)).status).toBe(200);
    expect((await status('throughput')).replicas).toBe(1);
  });
});
