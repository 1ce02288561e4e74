import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { warmUp } from './warm-up.ts';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A function that answers every call with `status` (and an empty body, as of-watchdog's 504). */
async function answering(status: number): Promise<URL> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(status, { 'content-length': 0 }).end());
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/function/f`);
}

describe('warmUp', () => {
  it('warmUp sends the bodies at once and reports them', async () => {
    // The function answers nobody until all three calls are in: sent one after another, the
    // first would wait out the 5-s timeout and the warm-up would fail.
    const received: string[] = [];
    const waiting: http.ServerResponse[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push(body);
        waiting.push(res);
        if (waiting.length === 3) for (const w of waiting) w.writeHead(200, { 'content-length': 0 }).end();
      });
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/function/f`);
    const report = await warmUp(url, ['{"a":1}', '{"b":2}', '{"c":3}'], 5, new AbortController().signal);
    expect(report.requests).toBe(3);
    expect(received.sort()).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it.each([
    [504, /failed \(504\) \(a function's exec_timeout \(execTimeout\) ended it; the warm regime needs its warm-up call to finish/],
    [502, /failed \(502\) \(the gateway's upstream timeout \(platform\.gateway\.upstreamTimeout\) ended it/],
    [500, /failed \(500\): $/],
  ])('warmUp fails on a %d, naming the timeout that ended the call when one did', async (status, message) => {
    await expect(warmUp(await answering(status), ['{}'], 5, new AbortController().signal)).rejects.toThrow(message);
  });
});
