import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNOTATION_ENTRY } from '../openfaas/types.ts';
import { alive, postJson, request, testfn, waitFor } from '../testfn/harness.ts';
import readProviderConfig from './config.ts';
import startProvider from './provider.ts';
import type { RunningProvider } from './provider.ts';

const root = path.resolve(import.meta.dirname, '../..');
const secrets = mkdtempSync(path.join(tmpdir(), 'fave-secrets-'));
writeFileSync(path.join(secrets, 's3-access-key'), 'key');
const stateDir = mkdtempSync(path.join(tmpdir(), 'fave-provider-state-'));

const fastProbes = {
  root,
  port: '0',
  readiness_initial_delay: '100ms',
  readiness_period: '100ms',
  reconcile_interval: '200ms',
  memory_sample_interval: '100ms',
  termination_grace: '2s',
  restart_backoff: '100ms',
  secret_mount_path: secrets,
  state_dir: stateDir,
};

describe('startProvider', () => {
  let provider: RunningProvider;
  const logs: string[] = [];
  // Alternating "random" draws make replica choice predictable: 0.0, 0.99, 0.0, ...
  let draw = 0;

  beforeAll(async () => {
    provider = await startProvider(readProviderConfig({ ...fastProbes, read_timeout: '1500ms' }), {
      log: (line) => logs.push(line),
      random: () => (draw++ % 2 === 0 ? 0 : 0.99),
    });
  });
  afterAll(() => provider.close());

  const status = async (name: string) => JSON.parse((await request(`${provider.url}/system/function/${name}`)).body);

  it('startProvider() deploys a function, reports it ready and proxies calls with path and query', async () => {
    expect((await postJson(`${provider.url}/system/functions`, testfn('echo', { secrets: ['s3-access-key'] }))).status).toBe(202);
    await waitFor('echo ready', async () => (await status('echo')).availableReplicas === 1);
    const reply = await postJson(`${provider.url}/function/echo/some/path?q=1`, { hello: 'world' });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ echo: '{"hello":"world"}', path: '/some/path?q=1', hostname: 'echo-1' });
    const list = JSON.parse((await request(`${provider.url}/system/functions`)).body);
    expect(list).toEqual([expect.objectContaining({ name: 'echo', replicas: 1, availableReplicas: 1, invocationCount: 1, namespace: 'openfaas-fn' })]);
  });

  it('startProvider() spreads calls over ready replicas and answers 503 at zero replicas', async () => {
    expect((await postJson(`${provider.url}/system/scale-function/echo`, { serviceName: 'echo', replicas: 2 })).status).toBe(202);
    await waitFor('two ready', async () => (await status('echo')).availableReplicas === 2);
    const hosts = new Set<string>();
    for (let i = 0; i < 4; i++) hosts.add(JSON.parse((await postJson(`${provider.url}/function/echo`, {})).body).hostname);
    expect(hosts.size).toBe(2);

    const pids = provider.functions.get('echo')!.replicas.map((r) => r.pid!);
    await postJson(`${provider.url}/system/scale-function/echo`, { serviceName: 'echo', replicas: 0 });
    await waitFor('replicas stopped', () => pids.every((pid) => !alive(pid)));
    const reply = await postJson(`${provider.url}/function/echo`, {});
    expect([reply.status, reply.body]).toEqual([503, 'No endpoints available for: echo.']);
  });

  it('startProvider() answers 500 when a call outlives the provider read_timeout', async () => {
    await postJson(`${provider.url}/system/functions`, testfn('slow'));
    await waitFor('slow ready', async () => (await status('slow')).availableReplicas === 1);
    const reply = await postJson(`${provider.url}/function/slow`, { sleepMs: 4000 });
    expect([reply.status, reply.body]).toEqual([500, "Can't reach service for: slow."]);
  });

  it('startProvider() counts the calls a stage process still works on after its exec_timeout answered 504', async () => {
    const env = { S3_BUCKET: 'fave', S3_ACCESS_KEY: 'k', S3_SECRET_KEY: 's', exec_timeout: '100ms' };
    const deployed = await postJson(`${provider.url}/system/functions`, { service: 'lingers', image: 'fave/lingers:dev', envVars: env, annotations: { [ANNOTATION_ENTRY]: 'live/testfn/runtime-stage.ts' } });
    expect(deployed.status).toBe(202);
    await waitFor('lingers ready', async () => (await status('lingers')).availableReplicas === 1);
    const fn = provider.functions.get('lingers')!;
    const reply = await postJson(`${provider.url}/function/lingers`, { sleepMs: 1500 });
    expect([reply.status, reply.body]).toEqual([504, '']);
    await waitFor('the proxy let go', () => fn.inflight === 0);
    expect(await fn.running()).toBe(1); // the handler works on
    await waitFor('the work ended', async () => (await fn.running()) === 0, 5_000);
    // A function not built on the stage runtime has nothing to report.
    expect(await provider.functions.get('slow')!.running()).toBe(0);
  });

  it('startProvider() OOM-kills a replica over its memory limit, failing its call, then restarts it', async () => {
    await postJson(`${provider.url}/system/functions`, testfn('hog', { limits: { memory: '128Mi' } }));
    await waitFor('hog ready', async () => (await status('hog')).availableReplicas === 1);
    const pid = provider.functions.get('hog')!.replicas[0]!.pid!;
    const reply = await postJson(`${provider.url}/function/hog`, { allocateMB: 160, sleepMs: 1000 });
    expect(reply.status).toBe(500);
    expect(logs.some((l) => l.startsWith('[hog-1] OOMKilled') && l.includes('limit 128.0 MiB, 1 in flight'))).toBe(true);
    await waitFor('hog-1 gone', () => !alive(pid));
    await waitFor('hog restarted', async () => (await status('hog')).availableReplicas === 1);
  });

  it('startProvider() scales an idle function to zero when its labels ask for it', async () => {
    const labels = { 'com.openfaas.scale.zero': 'true', 'com.openfaas.scale.zero-duration': '500ms' };
    await postJson(`${provider.url}/system/functions`, testfn('idler', { labels }));
    expect((await status('idler')).replicas).toBe(1);
    await waitFor('idler at zero', async () => (await status('idler')).replicas === 0);
    expect(logs.some((l) => l.startsWith('Scale to zero: idler'))).toBe(true);
  });

  it.each([
    [{ service: 'Bad_Name', image: 'x' }, 400, 'validation failed: service: (Bad_Name) is invalid, must be a valid DNS entry'],
    [{ service: 'noimage' }, 400, 'validation failed: image: is required'],
    [{ service: 'ghost', image: 'fave/no-such-stage:1' }, 400, 'validation failed: no entry file stages/no-such-stage/index.ts'],
    [testfn('nosecret', { secrets: ['missing'] }), 400, 'unable to fetch secrets: secret missing not found'],
    [testfn('badmem', { limits: { memory: 'lots' } }), 400, 'failed create Deployment spec: limits.memory="lots"'],
    [testfn('echo'), 500, 'unable create Deployment: deployments.apps "echo" already exists'],
  ])('startProvider() refuses deployment %# with the faas-netes status and message', async (body, code, message) => {
    const reply = await postJson(`${provider.url}/system/functions`, body);
    expect(reply.status).toBe(code);
    expect(reply.body).toContain(message);
  });

  it('startProvider() answers unknown functions and routes as faas-netes does', async () => {
    expect((await request(`${provider.url}/system/function/nope`)).status).toBe(404);
    const json = { 'Content-Type': 'application/json' };
    expect((await request(`${provider.url}/system/functions`, { method: 'PUT', headers: json, body: JSON.stringify(testfn('nope')) })).status).toBe(404);
    expect((await request(`${provider.url}/system/functions`, { method: 'DELETE', headers: json, body: '{"functionName":"nope"}' })).status).toBe(404);
    expect((await postJson(`${provider.url}/system/scale-function/nope`, { replicas: 1 })).status).toBe(500);
    expect((await request(`${provider.url}/system/scale-function/echo`, { method: 'POST', headers: json, body: '{' })).status).toBe(400);
    expect((await request(`${provider.url}/function/nope`)).status).toBe(503);
    expect(JSON.parse((await request(`${provider.url}/system/info`)).body)).toMatchObject({ provider: 'faas-fave', orchestration: 'processes' });
    expect((await request(`${provider.url}/healthz`)).body).toBe('OK');
    expect((await request(`${provider.url}/elsewhere`)).status).toBe(404);
  });

  it('startProvider() gives each replica a private TMPDIR and removes it when the replica is killed with SIGKILL', async () => {
    await postJson(`${provider.url}/system/functions`, testfn('scratch'));
    await waitFor('scratch ready', async () => (await status('scratch')).availableReplicas === 1);
    const stats = JSON.parse((await request(`${provider.url}/function/scratch/stats`)).body) as { pid: number; tmpdir: string };
    // <state>/tmp/<this provider>/replica-<id>-*, told to the replica as TMPDIR.
    expect(path.dirname(path.dirname(stats.tmpdir))).toBe(path.join(stateDir, 'tmp'));
    expect(path.basename(stats.tmpdir)).toMatch(/^replica-scratch-1-/);
    writeFileSync(path.join(stats.tmpdir, 'half-written.mp4'), 'x');
    process.kill(stats.pid, 'SIGKILL');
    await waitFor('its TMPDIR removed', () => !existsSync(stats.tmpdir));
    await waitFor('scratch restarted', async () => (await status('scratch')).availableReplicas === 1);
  });

  it('close() stops every replica process', async () => {
    await postJson(`${provider.url}/system/scale-function/echo`, { serviceName: 'echo', replicas: 1 });
    await waitFor('echo back', async () => (await status('echo')).availableReplicas === 1);
    const pids = [...provider.functions.values()].flatMap((f) => f.replicas.map((r) => r.pid!));
    expect(pids.length).toBeGreaterThan(0);
    await provider.close();
    expect(pids.filter(alive)).toEqual([]);
    // Replica TMPDIRs and the provider's folder for them go too.
    expect(readdirSync(path.join(stateDir, 'tmp'))).toEqual([]);
  });
});

describe('startProvider (Community Edition)', () => {
  let provider: RunningProvider;
  beforeAll(async () => {
    provider = await startProvider(readProviderConfig({ ...fastProbes, community_edition: 'true' }), { log: () => {} });
  });
  afterAll(() => provider.close());

  it('startProvider() refuses scale-to-zero labels and zero replicas, and caps replicas at 5', async () => {
    const zero = await postJson(`${provider.url}/system/functions`, testfn('ce', { labels: { 'com.openfaas.scale.zero': 'true' } }));
    expect([zero.status, zero.body]).toEqual([400, 'validation failed: com.openfaas.scale.zero not available for Community Edition']);
    for (const key of ['com.openfaas.scale.type', 'com.openfaas.scale.target']) {
      const pro = await postJson(`${provider.url}/system/functions`, testfn('ce', { labels: { [key]: 'rps' } }));
      expect([pro.status, pro.body]).toEqual([400, `validation failed: ${key} not available for Community Edition`]);
    }
    expect((await postJson(`${provider.url}/system/functions`, testfn('ce'))).status).toBe(202);
    const none = await postJson(`${provider.url}/system/scale-function/ce`, { serviceName: 'ce', replicas: 0 });
    expect([none.status, none.body]).toEqual([400, 'replicas cannot be set to 0 in OpenFaaS CE']);
    await postJson(`${provider.url}/system/scale-function/ce`, { serviceName: 'ce', replicas: 9 });
    expect(provider.functions.get('ce')!.desired).toBe(5);
    await postJson(`${provider.url}/system/scale-function/ce`, { serviceName: 'ce', replicas: 1 });
  });
});
