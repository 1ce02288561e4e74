// The gateway's, provider's and queue-worker's timeouts a stack needs: as long as its longest call. `live up`
// runs the stack as deploy.sh deploys it on a cluster, so it raises them as deploy.sh does
// (the orchestrator's 600 s whole-pipeline call; 5 s more for reading and writing). With
// OpenFaaS's defaults (gateway 60 s, faas-netes 10 s) a whole-pipeline call answered an empty
// 502 after 10 s. The queue-worker's upstream_timeout follows the gateway's, as the OpenFaaS
// chart sets it (jetstream-queueworker-dep.yaml: upstream_timeout = gateway.upstreamTimeout).
// `live run` does not use this: it starts the platform the scenario
// describes, defaults included, as the simulator models it.
import type { Env } from '../openfaas/env.ts';
import parseDuration from '../openfaas/duration.ts';
import type { StackFunction } from '../openfaas/stack.ts';

const HEADROOM_MS = 5_000;

export interface StackTimeouts {
  /** The longest exec_timeout in the stack, ms (0: none set). */
  longestMs: number;
  /** Unprefixed settings for startEmbedded, each left out where env sets it (`gateway_*`, `provider_*`, `queue_*`). */
  gateway: Record<string, string>;
  provider: Record<string, string>;
  queue: Record<string, string>;
}

export function stackTimeouts(functions: readonly StackFunction[], env: Env): StackTimeouts {
  const longestMs = Math.max(0, ...functions.map((f) => (f.environment.exec_timeout ? parseDuration(`${f.name}.exec_timeout`, f.environment.exec_timeout) : 0)));
  const gateway: Record<string, string> = {};
  const provider: Record<string, string> = {};
  const queue: Record<string, string> = {};
  if (longestMs > 0) {
    const set = (out: Record<string, string>, prefix: string, name: string, ms: number) => {
      if (env[`${prefix}${name}`] === undefined) out[name] = `${ms}ms`;
    };
    set(gateway, 'gateway_', 'upstream_timeout', longestMs);
    set(gateway, 'gateway_', 'read_timeout', longestMs + HEADROOM_MS);
    set(gateway, 'gateway_', 'write_timeout', longestMs + HEADROOM_MS);
    set(provider, 'provider_', 'read_timeout', longestMs + HEADROOM_MS);
    set(provider, 'provider_', 'write_timeout', longestMs + HEADROOM_MS);
    set(queue, 'queue_', 'upstream_timeout', longestMs);
  }
  return { longestMs, gateway, provider, queue };
}
