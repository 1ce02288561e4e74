import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GO_BUFFER_BEFORE_CHUNKING, relayLikeGo } from './go-relay.ts';

// Go's server frames a short answer with Content-Length and a long one chunked; the parity
// transcript only has short ones, so the long side is pinned here.

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function get(url: string, headers: Record<string, string> = {}): Promise<{ headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ headers: res.headers, body }));
    }).on('error', reject);
  });
}

describe('relayLikeGo', () => {
  // Upstream: /<n> answers n bytes in 100-byte writes, without a Content-Length (chunked).
  const upstream = http.createServer((req, res) => {
    const n = Number(req.url!.slice(1));
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    for (let i = 0; i < n; i += 100) res.write('x'.repeat(Math.min(100, n - i)));
    res.end();
  });
  const relay = http.createServer((req, res) => {
    http.get(`${upstreamUrl}${req.url}`, { agent: false }, (up) => relayLikeGo(req, res, up, { 'X-Call-Id': 'c' }));
  });
  let upstreamUrl = '';
  let relayUrl = '';
  beforeAll(async () => {
    upstreamUrl = await listen(upstream);
    relayUrl = await listen(relay);
  });
  afterAll(() => {
    upstream.close();
    relay.close();
  });

  it('relayLikeGo() sends a body of up to 2048 bytes with Content-Length, and the extra headers', async () => {
    const reply = await get(`${relayUrl}/${GO_BUFFER_BEFORE_CHUNKING}`);
    expect(reply.headers['content-length']).toBe(String(GO_BUFFER_BEFORE_CHUNKING));
    expect(reply.headers['transfer-encoding']).toBeUndefined();
    expect([reply.headers['x-call-id'], reply.headers['content-type'], reply.body.length]).toEqual(['c', 'text/plain', GO_BUFFER_BEFORE_CHUNKING]);
  });

  it('relayLikeGo() sends a longer body chunked, every byte of it', async () => {
    const reply = await get(`${relayUrl}/5000`);
    expect([reply.headers['transfer-encoding'], reply.headers['content-length'], reply.headers['x-call-id']]).toEqual(['chunked', undefined, 'c']);
    expect(reply.body).toBe('x'.repeat(5000));
  });

  it('relayLikeGo() sends an empty body with Content-Length: 0', async () => {
    const reply = await get(`${relayUrl}/0`);
    expect([reply.headers['content-length'], reply.body]).toEqual(['0', '']);
  });
});
