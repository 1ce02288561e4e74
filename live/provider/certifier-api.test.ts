import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionStatus } from '../openfaas/types.ts';
import { postJson, request, waitFor } from '../testfn/harness.ts';
import readProviderConfig from './config.ts';
import resolveEntry from './entry.ts';
import startProvider, { type RunningProvider } from './provider.ts';

// What the OpenFaaS certifier asks of a provider, against the embedded one with the store
// stand-ins (docs/certifier.md): namespaces, the secrets and logs APIs, faas_function, and a
// memory limit measured on the function's own processes.

const root = path.resolve(import.meta.dirname, '../..');
const work = mkdtempSync(path.join(tmpdir(), 'fave-certifier-api-'));
let provider: RunningProvider;
let url: string;
const lines: string[] = [];

const alpine = (service: string, fprocess: string, extra: object = {}) => ({ service, image: 'docker.io/functions/alpine:latest', envProcess: fprocess, ...extra });
const ready = (name: string, namespace: string) =>
  waitFor(`${name}.${namespace} ready`, async () => {
    const r = await request(`${url}/system/function/${name}?namespace=${namespace}`);
    return r.status === 200 && (JSON.parse(r.body) as FunctionStatus).availableReplicas! > 0;
  });

beforeAll(async () => {
  provider = await startProvider(
    readProviderConfig({
      port: '0', secret_mount_path: path.join(work, 'secrets'), state_dir: path.join(work, 'state'), namespaces: 'team', store_stand_ins: 'true',
      readiness_initial_delay: '50ms', readiness_period: '100ms', memory_sample_interval: '100ms', termination_grace: '2s',
    }, root),
    { log: (l) => lines.push(l) },
  );
  url = provider.url;
});
afterAll(async () => {
  await provider.close(1_000);
  rmSync(work, { recursive: true, force: true });
});

describe('the provider for the OpenFaaS certifier', () => {
  it('deploys to another served namespace, lists by ?namespace=, serves /function/<name>.<namespace>, and labels faas_function', async () => {
    expect(JSON.parse((await request(`${url}/system/namespaces`)).body)).toEqual(['openfaas-fn', 'team']);
    const deploy = await postJson(`${url}/system/functions`, alpine('env-fn', 'env', { namespace: 'team', envVars: { custom_env: 'custom_value' }, labels: { tier: 'x' } }));
    expect(deploy.status).toBe(202);
    await ready('env-fn', 'team');
    const [inTeam, inDefault] = await Promise.all(['team', 'openfaas-fn'].map(async (ns) => JSON.parse((await request(`${url}/system/functions?namespace=${ns}`)).body) as FunctionStatus[]));
    expect(inTeam!.map((f) => [f.name, f.namespace, f.labels])).toEqual([['env-fn', 'team', { faas_function: 'env-fn', tier: 'x' }]]);
    expect(inDefault).toEqual([]);
    const call = await request(`${url}/function/env-fn.team?testing=1`, { method: 'PATCH' });
    expect(call.status).toBe(200);
    expect(call.body).toContain('custom_env=custom_value');
    expect(call.body).toContain('Http_Method=PATCH');
    expect(call.body).toContain('Http_Query=testing=1');
    // The same name in the default namespace is another function: none there.
    expect((await request(`${url}/function/env-fn`, { method: 'POST' })).status).toBe(503);
    expect((await request(`${url}/system/functions?namespace=elsewhere`)).status).toBe(400);
    expect((await postJson(`${url}/system/functions`, alpine('x', 'env', { namespace: 'elsewhere' }))).status).toBe(400);
    const shell = await postJson(`${url}/system/functions`, alpine('sh', 'sh -c id'));
    expect([shell.status, shell.body]).toEqual([400, expect.stringContaining("validation failed: fprocess 'sh -c id' is not one this stand-in runs")]);
  });

  it('mounts a secret made through /system/secrets where the function reads /var/openfaas/secrets/<name>, and a new value after an update', async () => {
    expect((await postJson(`${url}/system/secrets`, { name: 'token', value: 'first', namespace: 'team' })).status).toBe(202);
    const listed = JSON.parse((await request(`${url}/system/secrets?namespace=team`)).body) as unknown[];
    expect(listed).toEqual([{ name: 'token', namespace: 'team' }]);
    const spec = alpine('reader', 'cat /var/openfaas/secrets/token', { namespace: 'team', secrets: ['token'] });
    expect((await postJson(`${url}/system/functions`, spec)).status).toBe(202);
    await ready('reader', 'team');
    expect((await request(`${url}/function/reader.team`, { method: 'POST' })).body).toBe('first');
    const update = await request(`${url}/system/secrets`, { method: 'PUT', body: JSON.stringify({ name: 'token', value: 'second', namespace: 'team' }), headers: { 'Content-Type': 'application/json' } });
    expect(update.status).toBe(202);
    await request(`${url}/system/functions`, { method: 'PUT', body: JSON.stringify({ ...spec, annotations: { changed: '1' } }), headers: { 'Content-Type': 'application/json' } });
    await waitFor('the updated secret', async () => (await request(`${url}/function/reader.team`, { method: 'POST' })).body === 'second');
    // A deploy naming a secret its namespace lacks is refused.
    expect((await postJson(`${url}/system/functions`, alpine('lacks', 'cat /var/openfaas/secrets/token', { secrets: ['token'] }))).status).toBe(400);
  });

  it('serves what a replica wrote through /system/logs, as the classic watchdog logs a call', async () => {
    await request(`${url}/function/env-fn.team`, { method: 'POST', body: 'team' });
    const logs = await waitFor('the call in the logs', async () => {
      const body = (await request(`${url}/system/logs?name=env-fn&namespace=team`)).body;
      return body.includes('Wrote') ? body : undefined;
    });
    const messages = logs.trim().split('\n').map((l) => JSON.parse(l) as { name: string; namespace: string; instance: string; text: string });
    expect(messages.every((m) => m.name === 'env-fn' && m.namespace === 'team' && m.instance.startsWith('env-fn-'))).toBe(true);
    expect(messages.some((m) => /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d Forking fprocess\.$/.test(m.text))).toBe(true);
  });

  it('reports a memory limit in the status and measures it on the forked function, not the stand-in\'s Node process', async () => {
    expect((await postJson(`${url}/system/functions`, alpine('small', 'env', { limits: { memory: '5Mi', cpu: '100m' } }))).status).toBe(202);
    await ready('small', 'openfaas-fn');
    const status = JSON.parse((await request(`${url}/system/function/small`)).body) as FunctionStatus;
    expect(status.limits).toEqual({ memory: '5Mi', cpu: '100m' });
    expect((await request(`${url}/function/small`, { method: 'POST' })).status).toBe(200);
    await sleep(500); // five memory samples
    expect(lines.filter((l) => l.includes('[small-') && l.includes('OOMKilled'))).toEqual([]);
    expect(provider.functions.get('small')!.replicas.map((r) => r.id)).toEqual(['small-1']);
  });

  it('runs a store image\'s stand-in only when provider_store_stand_ins is on, saying so otherwise', () => {
    const spec = { service: 'a', image: 'docker.io/functions/alpine:latest' };
    expect(() => resolveEntry(spec, root)).toThrow(/functions\/alpine:latest is a store image FAVE cannot run; provider_store_stand_ins=true runs its stand-in live\/testfn\/alpine.ts/);
    expect(resolveEntry(spec, root, true)).toMatchObject({ relative: 'live/testfn/alpine.ts', memoryScope: 'children' });
    expect(resolveEntry({ service: 'r', image: 'theaxer/redirector:latest' }, root, true).relative).toBe('live/testfn/redirector.ts');
  });
});
