// What a live run takes from a scenario: the functions it touches, the client's timeout and
// retries, the regime and each function's minimum replicas. The defaults are those of
// sim/scenario/resolve.ts (which needs a calibration profile, so the live runner cannot
// call it); settings.test.ts checks the two agree.
import { compileWorkflow } from '../../sim/workflow/compile.ts';
import { videoSearcher } from '../../sim/workflow/video-searcher.ts';
import type { FailureCause, FunctionSpec, Regime, Scenario } from '../../sim/scenario/types.ts';
import { ConfigError } from '../../sim/scenario/errors.ts';

const ALL_FAILURES: FailureCause[] = ['429', '500', '502', '503', '504', 'connection-closed', 'oom', 'client-timeout', 'aborted'];

export interface ClientSettings {
  timeout: number; // seconds per attempt
  attempts: number;
  backoff: number;
  multiplier: number;
  maxBackoff: number;
  jitter: number;
  retryOn: ReadonlySet<FailureCause>;
}

export interface LiveSettings {
  name: string;
  /** 'pipeline' or the one function the scenario calls. */
  target: string;
  /** Every function the run involves (pipeline: orchestrator first, then the stages). */
  functions: string[];
  regime: Regime;
  edition: 'community' | 'pro';
  horizon: number;
  drainLimit: number;
  client: ClientSettings;
  /** Minimum replicas per function, Community Edition clamp applied as the simulator does. */
  minReplicas: Record<string, number>;
}

/** The merged spec of one function: defaults, then its own entry (as resolve.ts merges). */
export function functionSpec(s: Scenario, name: string): FunctionSpec {
  const base = s.platform?.defaults ?? {};
  const own = s.platform?.functions?.[name] ?? {};
  return { ...base, ...own, scaling: { ...base.scaling, ...own.scaling } };
}

export function liveSettings(s: Scenario, source: string): LiveSettings {
  if (s.workload.executor === 'azure-trace' || s.target === 'trace') {
    throw new ConfigError(source, [{ path: '$.workload.executor', message: 'trace replays of many functions are simulated only (a live run calls one target)', value: s.workload.executor }]);
  }
  const target = s.target ?? 'pipeline';
  const functions = target === 'pipeline' ? ['orchestrator', ...compileWorkflow(videoSearcher()).functions] : [target];
  const edition = s.platform?.edition ?? 'community';
  const minReplicas: Record<string, number> = {};
  for (const name of functions) {
    const spec = functionSpec(s, name);
    if (spec.regime !== undefined && spec.regime !== (s.regime ?? 'warm')) {
      const where = s.platform?.functions?.[name]?.regime !== undefined ? `$.platform.functions.${name}` : '$.platform.defaults';
      throw new ConfigError(source, [{ path: `${where}.regime`, message: 'a regime of its own per function is simulated only: a live run brings every function to the scenario\'s regime', value: spec.regime }]);
    }
    const scaling = spec.scaling ?? {};
    const min = scaling.min ?? 1;
    // Community Edition clamps replicas to 1-5 (docs/openfaas-behaviour.md), as resolve.ts does.
    minReplicas[name] = edition === 'community' && scaling.mode !== 'lambda' ? Math.min(Math.max(min, 1), 5) : min;
  }
  const r = s.client?.retries ?? {};
  return {
    name: s.name,
    target,
    functions,
    regime: s.regime ?? 'warm',
    edition,
    horizon: s.horizon,
    drainLimit: s.drainLimit ?? 3600,
    client: {
      timeout: s.client?.timeout ?? 600,
      attempts: r.attempts ?? 1,
      backoff: r.backoff ?? 1,
      multiplier: r.multiplier ?? 2,
      maxBackoff: r.maxBackoff ?? 30,
      jitter: r.jitter ?? 0.5,
      retryOn: new Set(r.on ?? ALL_FAILURES),
    },
    minReplicas,
  };
}

/** Seconds to wait before attempt `attempt + 1`, exactly as sim/model/client.ts computes it. */
export function backoffDelay(c: ClientSettings, attempt: number, u: number): number {
  const base = Math.min(c.maxBackoff, c.backoff * Math.pow(c.multiplier, attempt - 1));
  return base * (1 - c.jitter + c.jitter * u);
}
