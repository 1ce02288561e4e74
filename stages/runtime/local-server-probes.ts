// Clients that misbehave on purpose, for the tests of every embedded server started through
// local-server.ts (gateway, provider, S3, report viewer, stage runtime): a request with
// exactly the headers given (fetch chooses Host itself and will not send some), and a
// connection that trickles bytes until the server cuts it.
import http from 'node:http';
import net from 'node:net';

export interface RawRequest {
  headers: Record<string, string>;
  method?: string;
  path?: string;
  body?: string;
}

/** One request on a fresh connection, with exactly these headers: its status and body. */
export function rawRequest(port: number, r: RawRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: r.method ?? 'GET', path: r.path ?? '/', headers: r.headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

/**
 * Connects, writes `first`, then `next()` every 20 ms while the socket is writable, and
 * resolves with everything received once the server closes the connection.
 */
export function untilClosed(port: number, first: string, next?: () => string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    let timer: NodeJS.Timeout | undefined;
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => (received += c));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve(received);
    });
    socket.on('connect', () => {
      if (first) socket.write(first);
      if (next) timer = setInterval(() => socket.writable && socket.write(next()), 20);
    });
  });
}

/** A request head sent a byte at a time, then filler, forever: what the server answers before it cuts. */
export function trickleHeaders(port: number, head: string): Promise<string> {
  let i = 0;
  return untilClosed(port, '', () => head[i++] ?? 'a');
}
