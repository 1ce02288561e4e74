// The warm regime's last step: in the simulator a warm replica has already served its first
// call before t = 0 (sim/model/replica-lifecycle.ts warmUp), so its first-call penalty (lazy
// imports, model loads) is not in the run. Live, the same is done by real requests through the target
// before the clock starts: as many at once as the largest minimum, so with several replicas
// most are reached (routing is random; a replica missed shows a first call in the run).
import { LiveError } from '../openfaas/errors.ts';
import { attempt } from './attempt.ts';

/** The timeouts that answer with these, as the scenario names them. */
const TIMED_OUT: Partial<Record<string, string>> = {
  '504': "a function's exec_timeout (execTimeout)",
  '502': "the gateway's upstream timeout (platform.gateway.upstreamTimeout)",
  'client-timeout': 'the client timeout (client.timeout)',
};

export interface WarmUpReport {
  requests: number;
  seconds: number;
}

export async function warmUp(url: URL, bodies: string[], timeoutSeconds: number, signal: AbortSignal): Promise<WarmUpReport> {
  const started = performance.now();
  const results = await Promise.all(bodies.map((body) => attempt(url, body, timeoutSeconds * 1000, signal)));
  for (const r of results) {
    if (r.outcome !== 'ok') {
      const hint = TIMED_OUT[r.outcome] ? ` (${TIMED_OUT[r.outcome]} ended it; the warm regime needs its warm-up call to finish: raise that timeout, or use the cold regime)` : '';
      throw new LiveError(`warm-up request to ${url.pathname} failed (${r.status ?? r.outcome}${r.error ? `, ${r.error}` : ''})${hint}: ${r.body.trim().slice(0, 300)}`);
    }
  }
  return { requests: bodies.length, seconds: (performance.now() - started) / 1000 };
}
