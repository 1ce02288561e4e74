// When a replication may take the Lambda fast path (lambda-replication.ts) instead of the
// general model: one Lambda-style function called straight by the client, with nothing the
// fast path leaves out able to happen. Each condition names the mechanism it rules out; the
// fast path is exact only because, under these conditions, the general model never reaches
// those mechanisms either.
import type { SimConfig } from '../model/config.ts';

/** Why `cfg` must take the general path, or null when the Lambda fast path applies. */
export function lambdaFastPathBlocker(cfg: SimConfig): string | null {
  if (typeof cfg.target !== 'number' || cfg.functions.length !== 1) return 'not a single-function scenario';
  if (cfg.async) return 'requests are asynchronous (a queue-worker calls the function)';
  const fn = cfg.functions[0]!;
  if (fn.scaling.mode !== 'lambda') return `scaling mode is '${fn.scaling.mode}', not 'lambda'`;
  if (fn.scaling.zero) return 'scale to zero (the idler) is on';
  if (fn.policy.keepAlive !== null || fn.policy.prewarm !== null) return 'a warm-instance policy is set';
  if (cfg.gateway.overhead !== null) return 'the gateway adds an overhead delay';
  if (cfg.speed !== null) return "the nodes' speed drifts";
  if (cfg.speedTrace !== null) return "the nodes' speed follows a measured trace";
  // Unlimited nodes: no processor sharing between instances, no placement failure (503).
  for (const n of cfg.nodes) {
    if (n.cores !== Infinity) return `node '${n.name}' has a core limit (processor sharing)`;
    if (n.memoryMB !== Infinity) return `node '${n.name}' has a memory limit`;
  }
  // An instance holds one call at a time: base + one request is all it ever uses.
  if (fn.memBaseMB + fn.memPerRequestMB * 1 > fn.memoryLimitMB) return 'one call exceeds the memory limit (OOM)';
  // No timer of any call can come due before the run's end (the general path schedules
  // none then), and no answer can be late enough for the write timeout to close it.
  const runEnd = cfg.horizon + cfg.drainLimit;
  const firstDeadline = Math.min(fn.execTimeout, cfg.provider.timeout, cfg.provider.writeTimeout, cfg.gateway.upstreamTimeout, cfg.client.timeout);
  if (!(firstDeadline > runEnd)) return `a timeout (${firstDeadline} s) is within the run (${runEnd} s)`;
  if (!(cfg.gateway.writeTimeout > runEnd)) return `the gateway write timeout (${cfg.gateway.writeTimeout} s) is within the run`;
  // 429 at the concurrency limit is the only failure left; a retry of it would need timers.
  if (cfg.client.attempts > 1 && cfg.client.retryOn.has('429')) return 'the client retries 429';
  return null;
}
