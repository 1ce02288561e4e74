import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, request, testfn, waitFor } from '../testfn/harness.ts';
import readProviderConfig from './config.ts';
import startProvider from './provider.ts';
import type { RunningProvider } from './provider.ts';
import { rawRequest, trickleHeaders } from '../../stages/runtime/local-server-probes.ts';

// The provider as `live up` runs it (basic auth on), attacked as a probe did: a deploy with
// no credentials whose NODE_OPTIONS runs a shell command in the replica, and the same from
// a web page (a cross-origin text/plain POST, which a browser sends without asking).

const root = path.resolve(import.meta.dirname, '../..');
const work = mkdtempSync(path.join(tmpdir(), 'fave-provider-security-'));
const secrets = path.join(work, 'secrets');
const marker = path.join(work, 'pwned');
const auth = { OPENFAAS_USERNAME: 'admin', OPENFAAS_PASSWORD: 'probe-password' };
const authHeader = { Authorization: `Basic ${Buffer.from('admin:probe-password').toString('base64')}` };

/** The probe's deploy: env that makes every Node process run a command at start-up. */
const hostile = {
  service: 'probe',
  image: 'fave/testfn:dev',
  annotations: { 'com.fave.entry': 'live/testfn/index.ts' },
  envVars: { NODE_OPTIONS: `--import=data:text/javascript,import{execSync}from'child_process';execSync('id > ${marker}')` },
};


describe('startProvider with basic auth', () => {
  let provider: RunningProvider;

  beforeAll(async () => {
    mkdirSync(secrets, { mode: 0o700 });
    const files = { 's3-access-key': 'key', 's3-secret-key': 'secret', 'basic-auth-user': 'admin', 'basic-auth-password': 'probe-password' };
    for (const [name, value] of Object.entries(files)) {
      writeFileSync(path.join(secrets, name), value, { mode: 0o600 });
    }
    provider = await startProvider(
      readProviderConfig({ root, port: '0', secret_mount_path: secrets, basic_auth: 'true', readiness_initial_delay: '100ms', readiness_period: '100ms', termination_grace: '2s' }),
      { env: auth, log: () => undefined },
    );
  });
  afterAll(async () => {
    await provider.close();
    // Nothing of the copies is left once the provider stopped.
    expect(readdirSync(path.join(work, 'function-secrets'))).toEqual([]);
    rmSync(work, { recursive: true, force: true });
  });

  it('refuses the probe deploy without credentials (401), and every other /system call', async () => {
    const reply = await postJson(`${provider.url}/system/functions`, hostile);
    expect([reply.status, reply.body, reply.headers.get('www-authenticate')]).toEqual([401, 'invalid credentials', 'Basic realm="Restricted"']);
    for (const [method, route] of [['GET', '/system/functions'], ['GET', '/system/info'], ['GET', '/system/function/probe'], ['POST', '/system/scale-function/probe']]) {
      expect((await request(`${provider.url}${route}`, { method: method!, headers: { 'Content-Type': 'application/json' }, body: method === 'POST' ? '{}' : undefined })).status, route).toBe(401);
    }
    const wrong = { Authorization: `Basic ${Buffer.from('admin:probe-passwore').toString('base64')}` };
    expect((await postJson(`${provider.url}/system/functions`, hostile, wrong)).status).toBe(401);
    expect(provider.functions.has('probe')).toBe(false);
  });

  it('refuses the probe deploy with credentials too (400 naming NODE_OPTIONS): nothing runs', async () => {
    const reply = await postJson(`${provider.url}/system/functions`, hostile, authHeader);
    expect(reply.status).toBe(400);
    expect(reply.body).toContain('NODE_OPTIONS');
    expect(provider.functions.has('probe')).toBe(false);
    expect(existsSync(marker)).toBe(false);
  });

  it('refuses every other way a deploy could choose what runs or what it sees', async () => {
    for (const [body, message] of [
      [{ ...hostile, envVars: { LD_PRELOAD: '/tmp/x.so' } }, 'LD_PRELOAD'],
      [{ ...hostile, envVars: { PATH: '/tmp' } }, 'PATH'],
      [{ ...hostile, envVars: { SECRETS_DIR: secrets } }, 'SECRETS_DIR is set by the provider'],
      [{ ...hostile, envVars: {}, annotations: { 'com.fave.entry': 'live/cli.ts' } }, "live/cli.ts is not a stage's index.ts"],
      [{ ...hostile, envVars: { fave_entry: 'live/cli.ts' }, annotations: {} }, "live/cli.ts is not a stage's index.ts"],
      [{ ...hostile, envVars: {}, secrets: ['..'] }, 'secret .. not found'],
    ] as const) {
      const reply = await postJson(`${provider.url}/system/functions`, body, authHeader);
      expect([reply.status, reply.body], message).toEqual([400, expect.stringContaining(message)]);
    }
    expect(provider.functions.has('probe')).toBe(false);
  });

  it('refuses a web page: a cross-origin text/plain POST gets 403 before anything else', async () => {
    const reply = await rawRequest(provider.port, {
      method: 'POST', path: '/system/functions', body: JSON.stringify(hostile),
      headers: { host: `127.0.0.1:${provider.port}`, origin: 'http://evil.example', 'content-type': 'text/plain;charset=UTF-8', ...authHeader },
    });
    expect(reply.status).toBe(403);
    expect(reply.body).toContain('cross-origin');
    expect(provider.functions.has('probe')).toBe(false);
  });

  it('refuses a foreign Host (DNS rebinding) with 421', async () => {
    const reply = await rawRequest(provider.port, { path: '/system/functions', headers: { host: `rebind.example:${provider.port}`, ...authHeader } });
    expect(reply.status).toBe(421);
  });

  it('takes only JSON bodies on /system: 415 for text/plain, forms, or no type from a browser, with credentials', async () => {
    const own = { Origin: `http://127.0.0.1:${provider.port}` };
    for (const [type, extra] of [['text/plain', {}], ['application/x-www-form-urlencoded', {}], [undefined, own]] as const) {
      const headers: Record<string, string> = { ...authHeader, ...extra, ...(type ? { 'Content-Type': type } : {}) };
      const reply = await request(`${provider.url}/system/functions`, { method: 'POST', headers, body: type === undefined ? new Uint8Array(Buffer.from('{}')) : '{}' });
      expect(reply.status, String(type)).toBe(415);
      expect(reply.body).toContain('application/json');
    }
    expect((await postJson(`${provider.url}/system/scale-function/nope`, { replicas: 1 }, { ...authHeader, 'Content-Type': 'application/json; charset=utf-8' })).status).toBe(500);
    // The real OpenFaaS gateway's scale call (alerts, scale from zero) has no Content-Type and
    // no Origin: it reaches the handler (500: no such function, as faas-provider's answer).
    const untyped = await request(`${provider.url}/system/scale-function/nope`, { method: 'POST', headers: authHeader, body: new Uint8Array(Buffer.from('{"serviceName":"nope","replicas":1}')) });
    expect(untyped.status).toBe(500);
  });

  it('leaves /function/* and /healthz open, as faas-provider does', async () => {
    expect((await request(`${provider.url}/healthz`)).status).toBe(200);
    expect((await request(`${provider.url}/function/nope`)).status).toBe(503);
    expect((await postJson(`${provider.url}/system/functions`, testfn('open'), authHeader)).status).toBe(202);
  });

  it('gives each function only the secrets it names, in a directory of its own', async () => {
    const ready = async (name: string) => {
      const fn = await waitFor(`${name} deployed`, () => provider.functions.get(name));
      await waitFor(`${name} ready`, () => fn.ready().length > 0);
    };
    const seen = async (name: string) => JSON.parse((await request(`${provider.url}/function/${name}/secrets`)).body) as { dir: string; names: string[] };
    expect((await postJson(`${provider.url}/system/functions`, testfn('bare'), authHeader)).status).toBe(202);
    expect((await postJson(`${provider.url}/system/functions`, testfn('keyed', { secrets: ['s3-access-key', 's3-secret-key'] }), authHeader)).status).toBe(202);
    await Promise.all([ready('bare'), ready('keyed')]);
    const bare = await seen('bare');
    const keyed = await seen('keyed');
    expect(bare.names).toEqual([]);
    expect(keyed.names).toEqual(['s3-access-key', 's3-secret-key']);
    for (const dir of [bare.dir, keyed.dir]) expect(path.resolve(dir).startsWith(path.join(work, 'function-secrets') + path.sep)).toBe(true);
    expect(bare.dir).not.toBe(keyed.dir);
    // Deleting a function removes its directory once its replicas are gone.
    const gone = await request(`${provider.url}/system/functions`, { method: 'DELETE', headers: { ...authHeader, 'Content-Type': 'application/json' }, body: '{"functionName":"bare"}' });
    expect(gone.status).toBe(202);
    await waitFor('bare secrets removed', () => !existsSync(bare.dir));
    expect(existsSync(keyed.dir)).toBe(true);
  });
});

describe('startProvider connection limits', () => {
  it('cuts a client that trickles its headers (headers within read_timeout, here shrunk)', async () => {
    const provider = await startProvider(readProviderConfig({ root, port: '0', read_timeout: '300ms', secret_mount_path: tmpdir() }), { log: () => undefined });
    try {
      const answer = await trickleHeaders(provider.port, `POST /system/functions HTTP/1.1\r\nHost: 127.0.0.1:${provider.port}\r\nX-Slow: `);
      // Node answers 408 on the way out, or just closes the socket.
      expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
    } finally {
      await provider.close();
    }
  });
});
