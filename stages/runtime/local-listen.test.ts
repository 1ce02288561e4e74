import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalServer, urlHost, type LocalListener } from './local-listen.ts';

// Real servers on ephemeral ports. A held request is one the handler has not answered yet:
// what close() does to it is what these tests look at.

const started: LocalListener[] = [];
afterEach(async () => {
  for (const s of started.splice(0)) await s.close();
});

/** A server whose answers wait until `release()`; `held` resolves when a request arrived. */
async function holding() {
  let release: () => void = () => undefined;
  let arrived: () => void = () => undefined;
  const held = new Promise<void>((r) => (arrived = r));
  const listener = await startLocalServer({}, (_req, res) => {
    arrived();
    release = () => void res.end('done');
  });
  started.push(listener);
  return { listener, held, release: () => release() };
}

/** GET / on a keep-alive socket: the body, or the error if the server cut the connection. */
function get(port: number, agent: http.Agent): Promise<string> {
  return new Promise((resolve) => {
    http
      .get({ host: '127.0.0.1', port, agent }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c));
        res.on('end', () => resolve(text));
        res.on('error', (e) => resolve(`error: ${e.message}`));
      })
      .on('error', (e) => resolve(`error: ${e.message}`));
  });
}

/** Whether `p` settles within `ms`. */
const settles = (p: Promise<unknown>, ms: number) => Promise.race([p.then(() => true), new Promise((r) => setTimeout(() => r(false), ms))]);

describe('startLocalServer', () => {
  it('binds 127.0.0.1 and a free port by default, and says where', async () => {
    const listener = await startLocalServer({}, (_req, res) => res.end('ok'));
    started.push(listener);
    expect(listener.server.address()).toMatchObject({ address: '127.0.0.1', port: listener.port });
    expect(listener.port).toBeGreaterThan(0);
    expect(listener.url).toBe(`http://127.0.0.1:${listener.port}`);
    expect(urlHost('::1')).toBe('[::1]');
  });

  it('names host:port and the cause when the port is taken', async () => {
    const first = await startLocalServer({}, (_req, res) => res.end('ok'));
    started.push(first);
    const second = startLocalServer({ port: first.port }, (_req, res) => res.end('ok'));
    await expect(second).rejects.toThrow(`cannot listen on 127.0.0.1:${first.port}: the port is in use`);
    await expect(second).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('close drains: a held answer still goes out, and an idle keep-alive socket does not hold it', async () => {
    const { listener, held, release } = await holding();
    const agent = new http.Agent({ keepAlive: true });
    const answer = get(listener.port, agent);
    await held;
    const closed = listener.close(60_000);
    expect(await settles(closed, 50)).toBe(false);
    release();
    expect(await answer).toBe('done');
    // The client keeps its socket (keep-alive); the server closes it now, not after its
    // keepAliveTimeout (5 s).
    expect(await settles(closed, 1_000)).toBe(true);
    agent.destroy();
  });

  it('close forces after the grace, and at once on a second call', async () => {
    const { listener, held } = await holding();
    const answer = get(listener.port, new http.Agent({ keepAlive: true }));
    await held;
    await listener.close(50); // never released: cut after 50 ms
    expect(await answer).toMatch(/^error: /);

    const again = await holding();
    const second = get(again.listener.port, new http.Agent({ keepAlive: true }));
    await again.held;
    const closed = again.listener.close(Infinity);
    expect(await settles(closed, 50)).toBe(false);
    void again.listener.close(); // the second stop
    await closed;
    expect(await second).toMatch(/^error: /);
  });
});
