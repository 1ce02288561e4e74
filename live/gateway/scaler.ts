import { setTimeout as sleep } from 'node:timers/promises';
import type { ProviderClient, ReplicaQuery } from './provider-client.ts';
import { ProviderStatusError } from './provider-client.ts';

// Scale from zero (gateway/scaling/function_scaler.go): a call to a function with no ready
// replica waits while the gateway asks for com.openfaas.scale.min replicas and polls every
// 100 ms, up to 1000 times, then lets the call through whatever the answer. Concurrent
// calls for one function share one scale operation and are released together.

export interface ScaleResult {
  found: boolean;
  available: boolean;
  error?: string;
  /** How many scale calls were sent to the provider (0 when replicas were ready). */
  scaleCalls: number;
}

export interface ScalerOptions {
  namespace: string;
  pollIntervalMs?: number;
  maxPolls?: number;
  /** Freshness of a cached replica count (the gateway's CacheExpiry, 250 ms). */
  cacheExpiryMs?: number;
}

export class FunctionScaler {
  private readonly cache = new Map<string, { query: ReplicaQuery; expires: number }>();
  private readonly inflight = new Map<string, Promise<ScaleResult>>();
  private readonly pollIntervalMs: number;
  private readonly maxPolls: number;
  private readonly cacheExpiryMs: number;
  private stopped = false;

  constructor(
    private readonly client: ProviderClient,
    private readonly options: ScalerOptions,
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.maxPolls = options.maxPolls ?? 1000;
    this.cacheExpiryMs = options.cacheExpiryMs ?? 250;
  }

  /** Ends pending polls (gateway shutting down). */
  stop(): void {
    this.stopped = true;
  }

  /** `namespace`: the gateway's function_namespace unless the call named another ("fn.ns"). */
  async ensureAvailable(name: string, namespace = this.options.namespace): Promise<ScaleResult> {
    const key = `${name}.${namespace}`;
    const cached = this.cache.get(key);
    if (cached && cached.expires > Date.now() && cached.query.availableReplicas > 0) {
      return { found: true, available: true, scaleCalls: 0 };
    }
    const running = this.inflight.get(key);
    if (running) return running;
    const scaling = this.scale(name, namespace).finally(() => this.inflight.delete(key));
    this.inflight.set(key, scaling);
    return scaling;
  }

  private async query(name: string, namespace: string): Promise<ReplicaQuery> {
    const query = await this.client.getReplicas(name, namespace);
    this.cache.set(`${name}.${namespace}`, { query, expires: Date.now() + this.cacheExpiryMs });
    return query;
  }

  private async scale(name: string, namespace: string): Promise<ScaleResult> {
    let query: ReplicaQuery;
    try {
      query = await this.query(name, namespace);
    } catch (error) {
      const found = !(error instanceof ProviderStatusError && error.status === 404);
      return { found, available: false, error: (error as Error).message, scaleCalls: 0 };
    }
    if (query.availableReplicas > 0) return { found: true, available: true, scaleCalls: 0 };
    try {
      await this.client.setReplicas(name, namespace, query.minReplicas);
    } catch (error) {
      return { found: true, available: false, error: `unable to scale function [${name}], err: ${(error as Error).message}`, scaleCalls: 1 };
    }
    for (let i = 0; i < this.maxPolls && !this.stopped; i++) {
      try {
        if ((await this.query(name, namespace)).availableReplicas > 0) return { found: true, available: true, scaleCalls: 1 };
      } catch (error) {
        return { found: true, available: false, error: (error as Error).message, scaleCalls: 1 };
      }
      await sleep(this.pollIntervalMs);
    }
    return { found: true, available: true, scaleCalls: 1 };
  }
}
