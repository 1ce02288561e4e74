import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestError } from '../openfaas/errors.ts';
import { FunctionLogs, type LogMessage, serveLogs } from './logs.ts';
import { Namespaces } from './namespaces.ts';

const namespaces = new Namespaces('openfaas-fn', ['team']);

describe('FunctionLogs', () => {
  const now = Date.parse('2026-12-07T12:00:00Z');
  const logs = new FunctionLogs(4);
  logs.append('fn', 'fn', 'openfaas-fn', 'fn-1', 'old', now - 10 * 60_000);
  logs.append('fn', 'fn', 'openfaas-fn', 'fn-1', 'one', now - 3000);
  logs.append('fn', 'fn', 'openfaas-fn', 'fn-2', 'two', now - 2000);
  logs.append('fn', 'fn', 'openfaas-fn', 'fn-1', 'three', now - 1000);

  it('keeps logs.Message fields, with Go\'s RFC 3339 nanosecond timestamps', () => {
    expect(logs.query('fn', { tail: 1 }, now)).toEqual([{ name: 'fn', namespace: 'openfaas-fn', instance: 'fn-1', timestamp: '2026-12-07T11:59:59.000000000Z', text: 'three' }]);
  });

  it('without tail answers the last 5 minutes, as faas-netes; tail, since and instance select', () => {
    const texts = (m: LogMessage[]) => m.map((x) => x.text);
    expect(texts(logs.query('fn', {}, now))).toEqual(['one', 'two', 'three']);
    expect(texts(logs.query('fn', { tail: 10 }, now))).toEqual(['old', 'one', 'two', 'three']);
    expect(texts(logs.query('fn', { tail: 2 }, now))).toEqual(['two', 'three']);
    expect(texts(logs.query('fn', { sinceMs: now - 2500 }, now))).toEqual(['two', 'three']);
    expect(texts(logs.query('fn', { instance: 'fn-1' }, now))).toEqual(['one', 'three']);
  });

  it('keeps only the last maxLines lines, and drops a function\'s lines with it', () => {
    logs.append('fn', 'fn', 'openfaas-fn', 'fn-1', 'four', now);
    expect(logs.query('fn', { tail: 100 }, now).map((m) => m.text)).toEqual(['one', 'two', 'three', 'four']);
    logs.drop('fn');
    expect(logs.query('fn', { tail: 100 }, now)).toEqual([]);
  });
});

describe('GET /system/logs (serveLogs)', () => {
  const logs = new FunctionLogs();
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      try {
        serveLogs(res, new URL(req.url!, 'http://x').searchParams, logs, namespaces, 1_000);
      } catch (error) {
        const e = error as RequestError;
        res.writeHead(e.status ?? 500).end(e.message);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/system/logs`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('streams NDJSON, one message a line, for the function in the namespace asked', async () => {
    logs.append('echo.team', 'echo', 'team', 'echo-1', 'hello');
    logs.append('echo', 'echo', 'openfaas-fn', 'echo-1', 'default namespace');
    const res = await fetch(`${base}?name=echo&namespace=team`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as LogMessage);
    expect(lines.map((l) => [l.name, l.namespace, l.instance, l.text])).toEqual([['echo', 'team', 'echo-1', 'hello']]);
  });

  it('follow=true keeps the stream open: a line written later arrives, and the stream ends at the timeout', async () => {
    const started = Date.now();
    const res = await fetch(`${base}?name=later&follow=true`);
    const reading = res.text();
    setTimeout(() => logs.append('later', 'later', 'openfaas-fn', 'later-1', 'written after the request'), 200);
    const body = await reading;
    expect(JSON.parse(body.trim()).text).toBe('written after the request');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('answers 422 to a tail or since it cannot parse and to no name, 400 to a namespace not served', async () => {
    for (const query of ['name=echo&tail=x', 'name=echo&since=yesterday', 'tail=1']) {
      expect((await fetch(`${base}?${query}`)).status, query).toBe(422);
    }
    expect((await fetch(`${base}?name=echo&namespace=kube-system`)).status).toBe(400);
  });
});
