// Executors by name: a new load shape registers here and touches nothing else.
import type { Uniform } from '../dist/spec.ts';
import type { WorkloadSpec } from '../scenario/types.ts';
import type { ArrivalSource, Executor } from './arrivals.ts';
import { burst } from './burst.ts';
import { constantArrivalRate } from './constant-arrival-rate.ts';
import { poisson } from './poisson.ts';
import { rampingArrivalRate } from './ramping-arrival-rate.ts';
import { trace } from './trace.ts';

const executors = new Map<string, Executor>(
  ([constantArrivalRate, rampingArrivalRate, poisson, burst, trace] as Executor[]).map((e) => [e.name, e]),
);

export const executorNames = (): string[] => [...executors.keys()];

function executorOf(spec: WorkloadSpec): Executor {
  const executor = executors.get(spec.executor);
  if (!executor) throw new Error(`unknown executor '${spec.executor}' (known: ${executorNames().join(', ')})`);
  return executor;
}

export function createArrivals(spec: WorkloadSpec, horizon: number, u: Uniform): ArrivalSource {
  return executorOf(spec).create(spec, horizon, u);
}

/** Arrivals the shape gives before the horizon, in expectation (Executor.expected). */
export function expectedArrivals(spec: WorkloadSpec, horizon: number): number {
  return executorOf(spec).expected(spec, horizon);
}
