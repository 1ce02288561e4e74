import type { IncomingMessage } from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptedHosts, checkLocalRequest } from './local-request.ts';

// The rule on its own, over requests as a server sees them (headers and the socket they came
// in on); createLocalServer's tests (stages/runtime) and the callback servers' send real ones.
const request = (headers: Record<string, string>, port = 8080, localAddress = '127.0.0.1') =>
  ({ headers, socket: { localAddress, localPort: port } }) as unknown as IncomingMessage;

describe('checkLocalRequest', () => {
  it('accepts this server\'s own names on the port the request came in on', () => {
    for (const host of ['127.0.0.1:8080', 'localhost:8080', 'LocalHost:8080', '[::1]:8080']) {
      expect(checkLocalRequest(request({ host }), '127.0.0.1'), host).toBeUndefined();
    }
  });

  it('refuses another name, another port, or no Host at all, with 421 naming what it expected', () => {
    for (const headers of [{ host: 'evil.example:8080' }, { host: '127.0.0.1:9090' }, {}] as Record<string, string>[]) {
      const r = checkLocalRequest(request(headers), '127.0.0.1');
      expect(r?.status, JSON.stringify(headers)).toBe(421);
      expect(r?.message).toContain('127.0.0.1:8080');
    }
  });

  it('accepts an extra name it was told it is reached by (a tunnel), default port dropped as URL does', () => {
    expect(checkLocalRequest(request({ host: 'tunnel.example' }), '127.0.0.1', ['tunnel.example'])).toBeUndefined();
    expect(checkLocalRequest(request({ host: 'tunnel.example:80' }), '127.0.0.1', ['tunnel.example'])).toBeUndefined();
    expect(checkLocalRequest(request({ host: 'other.example' }), '127.0.0.1', ['tunnel.example'])?.status).toBe(421);
    expect([...acceptedHosts('127.0.0.1', { localPort: 1 }, ['Tunnel.Example:8443', 'not a host'])]).toContain('tunnel.example:8443');
  });

  it('refuses a cross-origin request with 403 and accepts its own origin', () => {
    expect(checkLocalRequest(request({ host: '127.0.0.1:8080', origin: 'http://127.0.0.1:8080' }), '127.0.0.1')).toBeUndefined();
    for (const origin of ['https://evil.example', 'null', 'http://127.0.0.1:9090', 'http://127.0.0.1:8080/x']) {
      expect(checkLocalRequest(request({ host: '127.0.0.1:8080', origin }), '127.0.0.1')?.status, origin).toBe(403);
    }
  });

  it('never accepts a Host that is not host[:port], whatever the extra names', () => {
    fc.assert(
      fc.property(fc.string(), (host) => {
        fc.pre(!/^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(:\d{1,5})?$/i.test(host));
        expect(checkLocalRequest(request({ host }), '127.0.0.1', [host])?.status).toBe(421);
      }),
    );
  });
});
