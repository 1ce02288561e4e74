// The HTTP server the OpenFaaS queue worker posts async results to (X-Callback-Url). It
// binds 127.0.0.1 only; reaching it from a remote cluster is the user's choice (a tunnel,
// advertised with --callback-url, whose host it then also answers to). Like every local
// server it refuses a foreign Host or Origin (sim/http/local-request.ts): a web page cannot
// post to it. It only receives: matching a callback to its shard is the caller's job
// (`accept` returns false for a path it does not know → 404).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { refuseForeign } from '../../http/local-request.ts';

export interface Callback {
  /** The request path, e.g. /sweep/<token>/3/1. */
  path: string;
  /** X-Function-Status: the function's HTTP status; null when missing or not a number. */
  status: number | null;
  callId: string | null;
  body: Buffer;
}

export interface CallbackServer {
  /** http://127.0.0.1:<port> */
  url: string;
  close(): Promise<void>;
}

export interface CallbackServerOptions {
  port?: number; // default 0: any free port
  maxBodyBytes?: number; // default 256 MiB
  /** The URL advertised to the queue worker when it is not this server's own (a tunnel):
   * its host is accepted in the Host header too. */
  publicUrl?: string;
}

class TooLarge extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new TooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const header = (req: IncomingMessage, name: string): string | null => {
  const v = req.headers[name];
  return typeof v === 'string' && v !== '' ? v : null;
};

export function startCallbackServer(accept: (cb: Callback) => boolean, opts: CallbackServerOptions = {}): Promise<CallbackServer> {
  const limit = opts.maxBodyBytes ?? 256 * 1024 * 1024;
  const publicHosts = opts.publicUrl === undefined ? [] : [new URL(opts.publicUrl).host];
  const server = createServer((req, res) => {
    if (refuseForeign(req, res, '127.0.0.1', publicHosts)) return;
    const reply = (code: number, text = '') => res.writeHead(code, { 'content-type': 'text/plain', connection: 'close' }).end(text);
    if (req.method !== 'POST') {
      req.resume();
      return reply(405, 'POST results here');
    }
    readBody(req, limit).then(
      (body) => {
        const raw = header(req, 'x-function-status');
        const status = raw !== null && /^\d{3}$/.test(raw) ? Number(raw) : null;
        const known = accept({ path: (req.url ?? '/').split('?')[0]!, status, callId: header(req, 'x-call-id'), body });
        reply(known ? 204 : 404, known ? '' : 'no shard waits on this path');
      },
      (err: unknown) => reply(err instanceof TooLarge ? 413 : 400, err instanceof TooLarge ? `body over ${limit} bytes` : 'could not read the body'),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      const port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${port}`,
        // The last callback usually closes the server from inside its own request: let
        // that answer go out (replies say connection: close), then cut what is left.
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
            setTimeout(() => server.closeAllConnections(), 1000).unref();
          }),
      });
    });
  });
}
