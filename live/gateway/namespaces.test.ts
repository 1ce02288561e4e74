import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionStatus } from '../openfaas/types.ts';
import readProviderConfig from '../provider/config.ts';
import startProvider, { type RunningProvider } from '../provider/provider.ts';
import { postJson, request, waitFor } from '../testfn/harness.ts';
import readGatewayConfig from './config.ts';
import startGateway, { type RunningGateway } from './gateway.ts';

// The embedded gateway in front of a provider serving two namespaces: what the certifier
// calls through it (docs/certifier.md) reaches the provider with its namespace.

const root = path.resolve(import.meta.dirname, '../..');
const work = mkdtempSync(path.join(tmpdir(), 'fave-gateway-namespaces-'));
const auth = { OPENFAAS_USERNAME: 'admin', OPENFAAS_PASSWORD: 'test-password' };
const headers = { Authorization: `Basic ${Buffer.from('admin:test-password').toString('base64')}` };
let provider: RunningProvider;
let gw: RunningGateway;

beforeAll(async () => {
  provider = await startProvider(
    readProviderConfig({
      root, port: '0', basic_auth: 'true', namespaces: 'team', store_stand_ins: 'true', state_dir: path.join(work, 'state'), secret_mount_path: path.join(work, 'secrets'),
      readiness_initial_delay: '50ms', readiness_period: '100ms', termination_grace: '2s',
    }),
    { env: auth, log: () => undefined },
  );
  gw = await startGateway(readGatewayConfig({ functions_provider_url: provider.url, port: '0', scale_cache_expiry: '0s' }), { env: auth, log: () => undefined });
});
afterAll(async () => {
  await gw.close();
  await provider.close(1_000);
  rmSync(work, { recursive: true, force: true });
});

describe('the embedded gateway with namespaces', () => {
  it('deploys, lists, describes and invokes a function of another namespace, counting its calls apart', async () => {
    const spec = { service: 'env-fn', image: 'functions/alpine:latest', envProcess: 'env', namespace: 'team' };
    expect((await postJson(`${gw.url}/system/functions`, spec, headers)).status).toBe(202);
    await waitFor('env-fn.team ready', async () => {
      const r = await request(`${gw.url}/system/function/env-fn?namespace=team`, { headers });
      return r.status === 200 && (JSON.parse(r.body) as FunctionStatus).availableReplicas === 1;
    });
    const call = await request(`${gw.url}/function/env-fn.team?q=1`, { method: 'POST' });
    expect([call.status, call.body.includes('Http_Query=q=1')]).toEqual([200, true]);
    const list = async (ns: string) => JSON.parse((await request(`${gw.url}/system/functions?namespace=${ns}`, { headers })).body) as FunctionStatus[];
    expect((await list('team')).map((f) => [f.name, f.namespace, f.invocationCount])).toEqual([['env-fn', 'team', 1]]);
    expect(await list('openfaas-fn')).toEqual([]);
  });

  it('passes /system/namespaces and /system/secrets through to the provider, behind the credentials', async () => {
    expect(JSON.parse((await request(`${gw.url}/system/namespaces`, { headers })).body)).toEqual(['openfaas-fn', 'team']);
    expect((await request(`${gw.url}/system/namespaces`)).status).toBe(401);
    expect((await postJson(`${gw.url}/system/secrets`, { name: 'k', value: 'v', namespace: 'team' }, headers)).status).toBe(202);
    expect(JSON.parse((await request(`${gw.url}/system/secrets?namespace=team`, { headers })).body)).toEqual([{ name: 'k', namespace: 'team' }]);
    expect((await request(`${gw.url}/system/secrets?namespace=team`)).status).toBe(401);
  });
});
