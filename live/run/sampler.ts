// Replica counts over the run, read through the gateway API every step: the live
// counterpart of the simulator's time series (ready and replicas per function).
import parseMemoryQuantity from '../openfaas/quantity.ts';
import type { FunctionStatus } from '../openfaas/types.ts';

export interface ReplicaSample {
  t: number; // seconds after the run started
  ready: Record<string, number>;
  replicas: Record<string, number>;
}

export interface Sampler {
  samples: ReplicaSample[];
  /** Memory limit per function in MB, when the platform reports one. */
  memoryMB: Record<string, number>;
  stop(): Promise<void>;
}

export function startSampler(gatewayUrl: string, authorization: string | undefined, functions: string[], stepSeconds: number, t0: number): Sampler {
  const samples: ReplicaSample[] = [];
  const memoryMB: Record<string, number> = {};
  let stopped = false;
  let inFlight: Promise<void> = Promise.resolve();
  const sample = async () => {
    try {
      const res = await fetch(`${gatewayUrl}/system/functions`, { headers: authorization ? { Authorization: authorization } : {} });
      if (res.status !== 200) return;
      const list = (await res.json()) as FunctionStatus[];
      const s: ReplicaSample = { t: (performance.now() - t0) / 1000, ready: {}, replicas: {} };
      for (const f of list) {
        if (!functions.includes(f.name)) continue;
        s.ready[f.name] = f.availableReplicas ?? 0;
        s.replicas[f.name] = f.replicas ?? 0;
        if (f.limits?.memory && memoryMB[f.name] === undefined) {
          try {
            memoryMB[f.name] = parseMemoryQuantity(`${f.name}.limits.memory`, f.limits.memory) / 2 ** 20;
          } catch {
            // An unreadable limit leaves the cost of idle replicas unknown, not wrong.
          }
        }
      }
      samples.push(s);
    } catch {
      // A missed sample is a gap in the series; the run goes on.
    }
  };
  const timer = setInterval(() => {
    if (!stopped) inFlight = sample();
  }, stepSeconds * 1000);
  inFlight = sample();
  return {
    samples,
    memoryMB,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await inFlight;
      await sample();
    },
  };
}
