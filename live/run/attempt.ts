// One attempt of a request: POST, wait for the whole answer or the client timeout, and name
// the outcome as the simulator does (sim/model/outcome.ts). node:http rather than fetch:
// undici's own 300 s header/body timeouts would cut long pipeline calls and blur the
// difference between "the gateway closed the socket" and "the client gave up".
import http from 'node:http';
import https from 'node:https';
import type { OutcomeName } from '../../sim/model/outcome.ts';

export interface AttemptResult {
  outcome: OutcomeName;
  /** HTTP status, null when none came (timeout, closed socket, abort). */
  status: number | null;
  /** Seconds from sending to the end of the answer (or the failure). */
  latency: number;
  body: string;
  callId: string | null;
  error?: string;
}

const BY_STATUS: Record<number, OutcomeName> = { 429: '429', 500: '500', 502: '502', 503: '503', 504: '504' };

/**
 * The outcome name of an HTTP status. Statuses OpenFaaS itself does not produce on the call
 * path (a 400 from a stage refusing its input, a 404 for a missing function) have no name of
 * their own in the simulator: other 5xx count as '500', other 4xx as 'aborted' (the request
 * failed for a reason the platform model does not have). The raw status stays in requests.jsonl.
 */
export function outcomeOfStatus(status: number): OutcomeName {
  if (status >= 200 && status < 300) return 'ok';
  return BY_STATUS[status] ?? (status >= 500 ? '500' : 'aborted');
}

/** `headers`: extra request headers (an asynchronous call's X-Callback-Url and X-Call-Id). */
export function attempt(url: URL, body: string, timeoutMs: number, signal: AbortSignal, headers: Record<string, string> = {}): Promise<AttemptResult> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  return new Promise((resolve) => {
    let settled = false;
    let status: number | null = null;
    let callId: string | null = null;
    const done = (r: Omit<AttemptResult, 'latency' | 'status' | 'callId'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve({ ...r, status, callId, latency: seconds() });
    };
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      agent: false, // a fresh connection per attempt: no stale keep-alive socket misread as a gateway close
    });
    const timer = setTimeout(() => {
      done({ outcome: 'client-timeout', body: '' });
      req.destroy();
    }, timeoutMs);
    const onAbort = () => {
      done({ outcome: 'aborted', body: '', error: 'run stopped' });
      req.destroy();
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort);
    req.on('response', (res) => {
      status = res.statusCode ?? null;
      callId = (res.headers['x-call-id'] as string | undefined) ?? null;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ outcome: outcomeOfStatus(status!), body: Buffer.concat(chunks).toString('utf8') }));
      // The status line came but the body was cut: the gateway's write_timeout closing mid-answer.
      res.on('error', (e) => done({ outcome: 'connection-closed', body: '', error: e.message }));
      res.on('aborted', () => done({ outcome: 'connection-closed', body: '', error: 'answer cut short' }));
    });
    // No status at all: the gateway closed the socket (write_timeout) or nobody listens.
    req.on('error', (e) => done({ outcome: 'connection-closed', body: '', error: (e as NodeJS.ErrnoException).code ?? e.message }));
    req.end(body);
  });
}
