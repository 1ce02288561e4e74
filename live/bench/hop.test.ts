import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { measureHops } from './hop.ts';

describe('measureHops', () => {
  it('measureHops times every path the given number of times and fails on a non-200 answer', async () => {
    let calls = 0;
    const server = http.createServer((req, res) => {
      calls++;
      req.resume();
      req.on('end', () => res.writeHead(req.url === '/bad' ? 500 : 200).end('{}'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const out = await measureHops({ a: `${base}/a`, b: `${base}/b` }, 10, 2);
      expect(out['a']!.n).toBe(10);
      expect(out['b']!.p99).toBeGreaterThanOrEqual(out['b']!.p50);
      expect(calls).toBe(24);
      await expect(measureHops({ bad: `${base}/bad` }, 1, 0)).rejects.toThrow('answered 500');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
