// Where an asynchronous run's results come back: an HTTP server on 127.0.0.1 (an ephemeral
// port), one path per run with a random token in it, that accepts only callbacks carrying
// one of the run's own X-Call-Ids. Anything else is refused and counted, never recorded as
// a result: a stray or forged POST cannot complete a request, nor can a web page post to it
// (a foreign Host or Origin is refused first, as by every local server:
// sim/http/local-request.ts). Bodies are read and dropped (the run times results; it does
// not keep them), up to a cap.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { refuseForeign } from '../../sim/http/local-request.ts';

export interface Callback {
  callId: string;
  /** performance.now() when the callback arrived. */
  atMs: number;
  /** X-Function-Status; null if absent or not a status code. */
  status: number | null;
  /** X-Duration-Seconds: the worker's call of the function; null if absent. */
  duration: number | null;
}

export interface CallbackServer {
  /** The X-Callback-Url to send. */
  url: string;
  /** Callbacks per expected call id, in arrival order (more than one: a duplicate). */
  received: Map<string, Callback[]>;
  /** Requests refused: wrong path or method, or a call id this run did not send. */
  refused: number;
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;

const num = (v: string | string[] | undefined): number | null => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
};

/** `expected(callId)`: whether this run sent that call; `onCallback` fires for each accepted one. */
export async function startCallbackServer(expected: (callId: string) => boolean, onCallback: (c: Callback, nth: number) => void): Promise<CallbackServer> {
  const token = randomBytes(12).toString('hex');
  const path = `/callback/${token}`;
  const received = new Map<string, Callback[]>();
  const state = { refused: 0 };
  const server = http.createServer((req, res) => {
    const atMs = performance.now();
    if (refuseForeign(req, res, '127.0.0.1')) {
      state.refused++;
      return;
    }
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy();
    });
    req.on('end', () => {
      const callId = req.headers['x-call-id'];
      if (req.method !== 'POST' || req.url !== path || typeof callId !== 'string' || !expected(callId)) {
        state.refused++;
        res.writeHead(404).end();
        return;
      }
      const status = num(req.headers['x-function-status']);
      const c: Callback = { callId, atMs, status: status !== null && Number.isInteger(status) ? status : null, duration: num(req.headers['x-duration-seconds']) };
      const list = received.get(callId) ?? [];
      list.push(c);
      received.set(callId, list);
      onCallback(c, list.length);
      res.writeHead(200).end();
    });
    req.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    received,
    get refused() {
      return state.refused;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
