import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import readProviderConfig from '../provider/config.ts';
import startProvider from '../provider/provider.ts';
import type { RunningProvider } from '../provider/provider.ts';
import { alive, postJson, request, testfn, waitFor } from '../testfn/harness.ts';
import readGatewayConfig from './config.ts';
import startGateway from './gateway.ts';
import type { RunningGateway } from './gateway.ts';

const root = path.resolve(import.meta.dirname, '../..');
const auth = { OPENFAAS_USERNAME: 'admin', OPENFAAS_PASSWORD: 'test-password' };
const authHeader = { Authorization: `Basic ${Buffer.from('admin:test-password').toString('base64')}` };

describe('startGateway', () => {
  let provider: RunningProvider;
  // Scale from zero, upstream_timeout 1 s, max body 4 KiB; replica counts
  // are never cached, so a scale to zero is seen by the very next call.
  let gw: RunningGateway;
  let direct: RunningGateway; // no scale from zero, default timeouts
  let shortWrite: RunningGateway; // write_timeout 1 s
  const providerLogs: string[] = [];
  const gatewayLogs: string[] = [];

  const start = (env: Record<string, string>) =>
    startGateway(readGatewayConfig({ functions_provider_url: provider.url, port: '0', ...env }), { env: auth, log: (l) => gatewayLogs.push(l) });
  const status = async (name: string) =>
    JSON.parse((await request(`${gw.url}/system/function/${name}`, { headers: authHeader })).body);

  beforeAll(async () => {
    // The provider asks for the same credentials: every /system call the gateway makes to it
    // (pass-through, scale from zero, listing) must carry them.
    provider = await startProvider(
      readProviderConfig({ root, port: '0', read_timeout: '2s', readiness_initial_delay: '100ms', readiness_period: '100ms', termination_grace: '3s', basic_auth: 'true' }),
      { env: auth, log: (l) => providerLogs.push(l) },
    );
    gw = await start({ upstream_timeout: '1s', max_body_bytes: '4096', scale_cache_expiry: '0s' });
    direct = await start({ scale_from_zero: 'false' });
    shortWrite = await start({ scale_from_zero: 'false', write_timeout: '1s' });
  });
  afterAll(async () => {
    await Promise.all([gw.close(), direct.close(), shortWrite.close()]);
    const pids = [...provider.functions.values()].flatMap((f) => f.replicas.map((r) => r.pid!));
    await provider.close();
    expect(pids.filter(alive)).toEqual([]);
  });

  it('startGateway() deploys, lists and invokes through the OpenFaaS API, stamping call headers', async () => {
    expect((await postJson(`${gw.url}/system/functions`, testfn('echo'), authHeader)).status).toBe(202);
    await waitFor('echo ready', async () => (await status('echo')).availableReplicas === 1);
    const reply = await postJson(`${gw.url}/function/echo/sub?x=1`, { n: 1 });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ echo: '{"n":1}', path: '/sub?x=1' });
    expect(reply.headers.get('x-call-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(reply.headers.get('x-start-time')).toMatch(/^\d{19}$/);
    expect(Number(reply.headers.get('x-duration-seconds'))).toBeGreaterThan(0);
    const list = JSON.parse((await request(`${gw.url}/system/functions`, { headers: authHeader })).body);
    expect(list).toEqual([expect.objectContaining({ name: 'echo', invocationCount: 1, availableReplicas: 1 })]);
    const info = JSON.parse((await request(`${gw.url}/system/info`, { headers: authHeader })).body);
    expect(info.provider).toMatchObject({ provider: 'faas-fave', orchestration: 'processes' });
  });

  it('startGateway() asks for basic auth on /system only, never on /function', async () => {
    const anonymous = await request(`${gw.url}/system/functions`);
    expect([anonymous.status, anonymous.body]).toEqual([401, 'invalid credentials']);
    expect(anonymous.headers.get('www-authenticate')).toBe('Basic realm="Restricted"');
    const wrong = { Authorization: `Basic ${Buffer.from('admin:nope').toString('base64')}` };
    expect((await postJson(`${gw.url}/system/scale-function/echo`, { replicas: 3 }, wrong)).status).toBe(401);
    expect((await postJson(`${gw.url}/function/echo`, {})).status).toBe(200);
  });

  it('startGateway() takes only JSON on /system, and refuses web pages and foreign Host names', async () => {
    const plain = await request(`${gw.url}/system/functions`, { method: 'POST', headers: { ...authHeader, 'Content-Type': 'text/plain' }, body: JSON.stringify(testfn('plain')) });
    expect(plain.status).toBe(415);
    expect(plain.body).toContain('application/json');
    const { port } = gw;
    const raw = (headers: Record<string, string>, body: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/system/functions', headers, agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end(body);
      });
    const deploy = JSON.stringify(testfn('page'));
    expect(await raw({ host: `127.0.0.1:${port}`, origin: 'http://evil.example', 'content-type': 'text/plain', ...authHeader }, deploy)).toBe(403);
    expect(await raw({ host: `127.0.0.1:${port}`, origin: 'http://evil.example', 'content-type': 'text/plain' }, deploy)).toBe(403);
    expect(await raw({ host: `evil.example:${port}`, 'content-type': 'application/json', ...authHeader }, deploy)).toBe(421);
    expect(provider.functions.has('plain') || provider.functions.has('page')).toBe(false);
    // A browser on a page this gateway served (same origin) passes, and so through the provider.
    expect(await raw({ host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}`, 'content-type': 'application/json', ...authHeader }, '{"functionName":"nope"}')).toBe(400);
    const listed = await request(`${gw.url}/system/function/echo`, { headers: { ...authHeader, Origin: `http://127.0.0.1:${port}` } });
    expect(listed.status).toBe(200);
  });

  it('startGateway() without scale_from_zero lets the provider answer 503 at zero replicas', async () => {
    const pids = provider.functions.get('echo')!.replicas.map((r) => r.pid!);
    expect((await postJson(`${gw.url}/system/scale-function/echo`, { serviceName: 'echo', replicas: 0 }, authHeader)).status).toBe(202);
    await waitFor('echo at zero', () => pids.every((pid) => !alive(pid)));
    const reply = await postJson(`${direct.url}/function/echo`, {});
    expect([reply.status, reply.body]).toEqual([503, 'No endpoints available for: echo.']);
  });

  it('startGateway() scales from zero once for concurrent calls and releases them after readiness', async () => {
    const scaleCallsBefore = providerLogs.filter((l) => l.startsWith('Set replicas - echo')).length;
    const replies = await Promise.all([1, 2, 3].map((n) => postJson(`${gw.url}/function/echo`, { n })));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(providerLogs.filter((l) => l.startsWith('Set replicas - echo')).length - scaleCallsBefore).toBe(1);
    const readyAtNs = BigInt(provider.functions.get('echo')!.replicas[0]!.readyAt!) * 1_000_000n;
    for (const r of replies) expect(BigInt(r.headers.get('x-start-time')!)).toBeGreaterThan(readyAtNs);
  });

  it('startGateway() answers 404 for an unknown function as the gateway words it', async () => {
    const reply = await postJson(`${gw.url}/function/nope`, {});
    expect([reply.status, reply.body]).toEqual([404, 'error finding function nope.openfaas-fn: server returned non-200 status code (404) for function, nope, body: ']);
  });

  it('startGateway() answers 502 with an empty body on upstream timeout while the replica finishes the work', async () => {
    const before = JSON.parse((await request(`${gw.url}/function/echo/stats`)).body).completed as number;
    const reply = await postJson(`${gw.url}/function/echo`, { sleepMs: 1500 });
    expect([reply.status, reply.body]).toEqual([502, '']);
    await waitFor('orphan completes', async () => JSON.parse((await request(`${gw.url}/function/echo/stats`)).body).completed === before + 1);
  });

  it('startGateway() passes on the provider 500 when a call outlives the provider read_timeout', async () => {
    const reply = await postJson(`${direct.url}/function/echo`, { sleepMs: 2500 });
    expect([reply.status, reply.body]).toEqual([500, "Can't reach service for: echo."]);
  });

  it('startGateway() closes the socket without a status when write_timeout passes first', async () => {
    await expect(postJson(`${shortWrite.url}/function/echo`, { sleepMs: 1500 })).rejects.toThrow();
  });

  it('startGateway() passes through 429 from a replica past its max_inflight', async () => {
    await postJson(`${gw.url}/system/functions`, testfn('limited', { envVars: { max_inflight: '1' } }), authHeader);
    await waitFor('limited ready', async () => (await status('limited')).availableReplicas === 1);
    const slow = postJson(`${gw.url}/function/limited`, { sleepMs: 800 });
    await waitFor('slow call running', async () => JSON.parse((await request(`${gw.url}/function/limited/stats`)).body).inflight === 1);
    const refused = await postJson(`${gw.url}/function/limited`, {});
    expect([refused.status, refused.body]).toEqual([429, 'Concurrent request limit exceeded. Max concurrent requests: 1\n']);
    expect((await slow).status).toBe(200);
  });

  it('startGateway() without a queue has no /async-function route, as a gateway without NATS', async () => {
    // The async path with its queue (NATS JetStream) is tested in live/queue/async-path.test.ts.
    const queued = await postJson(`${gw.url}/async-function/echo`, { n: 7 });
    expect(queued.status).toBe(404);
    expect(queued.body).toBe('404 page not found\n');
  });

  it('startGateway() exposes the OpenFaaS metric names on /metrics, on its own port only', async () => {
    expect(gw.metricsUrl).not.toBe(gw.url);
    expect((await request(`${gw.url}/metrics`)).status).toBe(404);
    expect((await request(`${gw.metricsUrl}/healthz`)).body).toBe('OK');
    const text = (await request(`${gw.metricsUrl}/metrics`)).body;
    expect(text).toMatch(/^gateway_function_invocation_total\{code="200",function_name="echo.openfaas-fn"\} \d+$/m);
    expect(text).toMatch(/^gateway_function_invocation_total\{code="502",function_name="echo.openfaas-fn"\} 1$/m);
    expect(text).toMatch(/^gateway_functions_seconds_bucket\{code="200",function_name="echo.openfaas-fn",le="\+Inf"\} \d+$/m);
    expect(text).toMatch(/^gateway_function_invocation_started\{function_name="echo.openfaas-fn"\} \d+$/m);
    expect(text).toMatch(/^gateway_service_count\{function_name="echo.openfaas-fn"\} 1$/m);
  });

  it('startGateway() refuses bad requests with the status OpenFaaS gives', async () => {
    const big = await request(`${gw.url}/function/echo`, { method: 'POST', body: 'x'.repeat(5000) });
    expect(big.status).toBe(413);
    expect((await request(`${gw.url}/system/scale-function/echo`, { headers: authHeader })).status).toBe(405);
    expect((await request(`${gw.url}/nowhere`)).status).toBe(404);
    expect((await request(`${gw.url}/system/nowhere`, { headers: authHeader })).status).toBe(404);
    expect((await request(`${gw.url}/healthz`)).body).toBe('OK');
  });

  it('startGateway() answers bad JSON, oversized bodies, unknown functions and wrong credentials as OpenFaaS words them', async () => {
    const text = (body: string) => ({ method: 'POST', body, headers: { ...authHeader, 'Content-Type': 'application/json' } });
    // faas-netes deploy.go / replica_updater.go, passed through by the gateway.
    const deploy = await request(`${gw.url}/system/functions`, text('{"service": "x",'));
    expect(deploy.status).toBe(400);
    expect(deploy.body).toMatch(/^failed to unmarshal request: /);
    // The gateway reads a scale body itself (gateway/scaling/ranges.go), whatever the edition.
    const scale = await request(`${gw.url}/system/scale-function/echo`, text('replicas=2'));
    expect([scale.status, scale.body]).toEqual([400, 'Error unmarshalling request body\n']);
    // The gateway never parses a function's body: the function decides (testfn echoes it).
    const fnBadJson = await request(`${gw.url}/function/echo`, { method: 'POST', body: '{"n":' });
    expect([fnBadJson.status, JSON.parse(fnBadJson.body).echo]).toEqual([200, '{"n":']);
    // Oversized: refused before any replica sees it, the limit named.
    const before = JSON.parse((await request(`${gw.url}/function/echo/stats`)).body).started as number;
    const big = await request(`${gw.url}/function/echo`, { method: 'POST', body: 'x'.repeat(4097) });
    expect([big.status, big.body]).toEqual([413, 'request body larger than max_body_bytes=4096']);
    expect(JSON.parse((await request(`${gw.url}/function/echo/stats`)).body).started).toBe(before); // /stats is not counted
    // Unknown function: the scale-from-zero lookup answers.
    const missing = await request(`${gw.url}/function/no-such-fn`, { method: 'POST', body: '{}' });
    expect([missing.status, missing.body]).toEqual([404, 'error finding function no-such-fn.openfaas-fn: server returned non-200 status code (404) for function, no-such-fn, body: ']);
    // Wrong credentials: wrong password, unknown user, not Basic at all.
    for (const authorization of [
      `Basic ${Buffer.from('admin:wrong').toString('base64')}`,
      `Basic ${Buffer.from('root:test-password').toString('base64')}`,
      'Bearer test-password',
      'Basic !!!',
    ]) {
      const refused = await request(`${gw.url}/system/functions`, { headers: { Authorization: authorization } });
      expect([refused.status, refused.body, refused.headers.get('www-authenticate')]).toEqual([401, 'invalid credentials', 'Basic realm="Restricted"']);
    }
    expect(gatewayLogs.join('\n')).not.toContain('test-password');
  });
});

describe('startGateway (Community Edition)', () => {
  it('startGateway() clamps scale requests to at least one replica', async () => {
    const provider = await startProvider(readProviderConfig({ root, port: '0' }), { log: () => {} });
    const gw = await startGateway(
      readGatewayConfig({ functions_provider_url: provider.url, port: '0', community_edition: 'true', basic_auth: 'false' }),
      { log: () => {} },
    );
    try {
      await postJson(`${gw.url}/system/functions`, testfn('ce', { labels: { 'com.openfaas.scale.min': '1' } }));
      expect((await postJson(`${gw.url}/system/scale-function/ce`, { serviceName: 'ce', replicas: 0 })).status).toBe(202);
      expect(provider.functions.get('ce')!.desired).toBe(1);
      // gateway/scaling MakeHorizontalScalingHandler: http.Error adds the newline.
      const bad = await request(`${gw.url}/system/scale-function/ce`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{replicas: 2}' });
      expect([bad.status, bad.body]).toEqual([400, 'Error unmarshalling request body\n']);
    } finally {
      await gw.close();
      await provider.close(1000);
    }
  });
});
