import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { listenOn } from './local-listen.ts';
import { acceptedHosts } from '../../sim/http/local-request.ts';
import { createLocalServer, resolveLimits, type LocalServerOptions } from './local-server.ts';
import { rawRequest, trickleHeaders, untilClosed } from './local-server-probes.ts';

// Real servers on ephemeral ports, real sockets. Limits are shrunk so a cut comes in a
// fraction of a second; the tests only check that it came, never how long it took.

const servers: http.Server[] = [];

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function start(options: Partial<LocalServerOptions> = {}, handler: http.RequestListener = (_req, res) => res.end('ok')) {
  const server = createLocalServer({ host: '127.0.0.1', ...options }, handler);
  servers.push(server);
  const { port } = await listenOn(server, 0, options.host ?? '127.0.0.1');
  return port;
}

describe('createLocalServer: Host and Origin', () => {
  it('answers its own names on its own port: 127.0.0.1, localhost, [::1], the bind host', async () => {
    const port = await start();
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      expect((await rawRequest(port, { headers: { host } })).status, host).toBe(200);
    }
    expect([...acceptedHosts('fave.internal', { localAddress: '::ffff:10.0.0.5', localPort: 8080 })]).toEqual(
      expect.arrayContaining(['fave.internal:8080', '10.0.0.5:8080', '[::1]:8080']),
    );
  });

  it('refuses a foreign Host (DNS rebinding) with 421 and says why', async () => {
    const port = await start();
    for (const host of [`evil.example:${port}`, `127.0.0.1:${port + 1}`, `evil@127.0.0.1:${port}`, '127.0.0.1', `127.0.0.1:${port}/x`]) {
      const reply = await rawRequest(port, { headers: { host } });
      expect(reply.status, host).toBe(421);
      expect(reply.body).toContain('is not this server');
    }
  });

  it('refuses a request without Host (HTTP/1.0)', async () => {
    const port = await start();
    const answer = await untilClosed(port, 'GET / HTTP/1.0\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 421/);
  });

  it('refuses a cross-origin text/plain POST with 403, and accepts its own origin', async () => {
    let handled = 0;
    const port = await start({}, (_req, res) => {
      handled++;
      res.end('ok');
    });
    const host = `127.0.0.1:${port}`;
    for (const origin of ['http://evil.example', 'null', `https://${host}`, `http://localhost:${port}`, `http://${host}/path`]) {
      const reply = await rawRequest(port, { headers: { host, origin, 'content-type': 'text/plain' }, method: 'POST', body: '{"service":"x"}' });
      expect(reply.status, origin).toBe(403);
      expect(reply.body).toContain('cross-origin');
    }
    expect(handled).toBe(0);
    expect((await rawRequest(port, { headers: { host, origin: `http://${host}` }, method: 'POST', body: '{}' })).status).toBe(200);
    // What our own proxies pass on: the origin of the host the browser talked to.
    expect((await rawRequest(port, { headers: { host, origin: 'http://127.0.0.1:1234', 'x-forwarded-host': '127.0.0.1:1234' }, method: 'POST', body: '{}' })).status).toBe(200);
    expect(handled).toBe(2);
  });

  it('lets everything through with localOnly: false (a stage behind of-watchdog)', async () => {
    const port = await start({ localOnly: false });
    expect((await rawRequest(port, { headers: { host: 'ffmpeg-0.openfaas-fn:8080', origin: 'http://elsewhere' } })).status).toBe(200);
  });
});

describe('createLocalServer: slow and idle connections', () => {
  const short = { headersTimeoutMs: 300, requestTimeoutMs: 600, keepAliveTimeoutMs: 200, idleTimeoutMs: 400, checkIntervalMs: 50 };

  it('cuts a client that trickles its headers', async () => {
    const port = await start({ limits: short });
    const answer = await trickleHeaders(port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    expect(answer).not.toContain('200 OK');
  });

  it('cuts a client that connects and sends nothing', async () => {
    const port = await start({ limits: short });
    expect(await untilClosed(port, '')).not.toContain('200 OK');
  });

  it('cuts a client that trickles its body past requestTimeout', async () => {
    let completed = false;
    const port = await start({ limits: { ...short, idleTimeoutMs: 0 } }, (req, res) => {
      req.resume();
      req.on('end', () => {
        completed = true;
        res.end('ok');
      });
    });
    await untilClosed(port, `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 100000\r\n\r\n`, () => 'a');
    expect(completed).toBe(false);
  });

  it('closes an idle keep-alive connection after answering', async () => {
    const port = await start({ limits: { ...short, idleTimeoutMs: 0 } });
    const answer = await untilClosed(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK/);
  });

  it('destroys a socket on which nothing moves for idleTimeout', async () => {
    const port = await start({ limits: { ...short, requestTimeoutMs: 0 } }, (_req, res) => {
      res.writeHead(200, { 'content-length': '10' });
      res.write('half'); // and never the rest
    });
    const answer = await untilClosed(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    expect(answer).toMatch(/half$/);
  });

  it('keeps a request whose answer takes longer than every limit when idleTimeout is off', async () => {
    const port = await start({ limits: { ...short, idleTimeoutMs: 0 } }, (req, res) => {
      req.resume();
      req.on('end', () => setTimeout(() => res.end('late'), 1_000));
    });
    expect(await rawRequest(port, { headers: { host: `127.0.0.1:${port}` }, method: 'POST', body: '{}' })).toEqual({ status: 200, body: 'late' });
  });

  it('keeps headersTimeout within requestTimeout, as Node requires', () => {
    expect(resolveLimits({ requestTimeoutMs: 1_500 }).headersTimeoutMs).toBe(1_500);
    expect(resolveLimits({ requestTimeoutMs: 0 }).headersTimeoutMs).toBe(20_000);
  });
});
