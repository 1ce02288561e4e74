import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { startCallbackServer } from './callback-server.ts';

/** A POST with the headers as given (Host included, which fetch would not let us choose). */
function post(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'x-function-status': '200', ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', reject);
    req.end('{}');
  });
}

describe('the sweep\'s callback server', () => {
  it('takes callbacks addressed to it, and refuses a foreign Host or a web page\'s Origin before reading them', async () => {
    const paths: string[] = [];
    const server = await startCallbackServer((cb) => (paths.push(cb.path), true), { publicUrl: 'https://tunnel.example/' });
    try {
      const { port } = new URL(server.url);
      expect(await post(`${server.url}/sweep/t/0/1`, {})).toBe(204);
      expect(await post(`${server.url}/sweep/t/0/2`, { host: 'tunnel.example' })).toBe(204); // through the advertised tunnel
      expect(await post(`${server.url}/sweep/t/0/3`, { host: 'evil.example' })).toBe(421); // DNS rebinding
      expect(await post(`${server.url}/sweep/t/0/4`, { host: `localhost:${port}`, origin: 'https://evil.example' })).toBe(403);
      expect(paths).toEqual(['/sweep/t/0/1', '/sweep/t/0/2']);
    } finally {
      await server.close();
    }
  });

  it('answers only its own names when no public URL was advertised', async () => {
    const server = await startCallbackServer(() => true);
    try {
      expect(await post(`${server.url}/sweep/t/0/1`, { host: 'tunnel.example' })).toBe(421);
    } finally {
      await server.close();
    }
  });
});
