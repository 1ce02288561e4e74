// Raw scenario + calibration profile -> live SimConfig. The defaults are in defaults.ts,
// each with its source (OpenFaaS code defaults per docs/openfaas-behaviour.md); the profile
// fills what the scenario leaves. The parts: resolve-platform.ts (what needs no profile, and
// live runs share), resolve-function.ts (one function), resolve-workflow.ts (the workflow).
// Problems that the schema cannot see (min > max, a function the workflow lacks, a
// distribution with bad parameters) are collected and thrown together as one ConfigError.
import type { DistSpec, Distribution } from '../dist/spec.ts';
import { createDistribution } from '../dist/registry.ts';
import type { CalibrationProfile, Fit } from '../profile/types.ts';
import { type FunctionConfig, type NodeConfig, type SimConfig, type SpeedTrace, callChain } from '../model/config.ts';
import { ORCHESTRATOR } from '../workflow/check-graph.ts';
import { planOf, resourceOf, workflowConfig } from './resolve-workflow.ts';
import { createKeepAlive, createPrewarm } from '../policy/registry.ts';
import { type PolicySlot, PolicySpecError } from '../policy/warm-policy.ts';
import { type ConfigIssue, ConfigError } from './errors.ts';
import type { Scenario } from './types.ts';
import type { TraceData } from '../trace/trace-data.ts';
import { DRAIN_LIMIT, STATE_MAX_ATTEMPTS } from './defaults.ts';
import { resolveFunction } from './resolve-function.ts';
import { resolveAsync } from './resolve-async.ts';
import { editionOf, resolveAutoscaler, resolveClient, resolveGateway, resolveProvider } from './resolve-platform.ts';

export { MAX_FANOUT } from './resolve-workflow.ts';

export function resolveScenario(s: Scenario, profile: CalibrationProfile | null, source: string, trace: TraceData | null = null): SimConfig {
  const issues: ConfigIssue[] = [];
  const notes: string[] = [];
  const dist = (spec: DistSpec | undefined, path: string): Distribution | null => {
    if (spec === undefined) return null;
    try {
      return createDistribution(spec, path);
    } catch (e) {
      const err = e as Error & { path?: string; value?: unknown };
      issues.push({ path: err.path ?? path, message: err.message, value: err.value });
      return null;
    }
  };
  const fitDist = (fit: Fit | undefined, path: string) => (fit ? dist(fit.dist, path) : null);

  const replaysTrace = s.workload.executor === 'azure-trace';
  const target = s.target ?? (replaysTrace ? 'trace' : s.workflow ? 'workflow' : 'pipeline');
  const runsWorkflow = target === 'pipeline' || target === 'workflow';
  const edition = editionOf(s);
  if (replaysTrace !== (target === 'trace')) {
    issues.push({ path: '$.target', message: "target 'trace' goes with an azure-trace workload, and only with it", value: target });
  }
  if (replaysTrace && !trace) issues.push({ path: '$.workload', message: 'the trace files were not read (internal: pass the parsed trace)' });
  const traceFns = new Map((trace?.functions ?? []).map((f) => [f.name, f]));
  // A workflow's functions follow the orchestrator that runs it, in plan order.
  const plan = runsWorkflow ? planOf(s, target, issues) : null;
  if (!runsWorkflow && s.workflow) issues.push({ path: '$.workflow', message: `a workflow goes with target 'workflow' (here the target is '${target}')` });
  const names: string[] = runsWorkflow ? [ORCHESTRATOR, ...(plan?.functions ?? [])] : target === 'trace' ? [...traceFns.keys()] : [target];
  for (const key of Object.keys(s.platform?.functions ?? {})) {
    if (!names.includes(key)) {
      issues.push({ path: `$.platform.functions.${key}`, message: `no function '${key}' in this scenario (functions: ${names.join(', ')})` });
    }
  }
  if (target === 'pipeline' && !profile) {
    issues.push({ path: '$.profile', message: 'a pipeline scenario needs a calibration profile' });
  }

  const fctx = { s, profile, edition, target, plan, traceFns, issues, notes, dist, fitDist };
  const functions: FunctionConfig[] = names.map((name, index) => resolveFunction(fctx, name, index));

  const nodes: NodeConfig[] = [];
  // Without nodes of its own, a scenario runs on one node like the profile's: its cores and
  // its memory (which the replicas' resident memory may not exceed: node-memory OOM).
  const nodeSpecs = s.platform?.nodes ?? [{ cores: profile?.node.cores ?? null, memoryMB: profile?.node.memoryMB }];
  nodeSpecs.forEach((n, i) => {
    for (let k = 0; k < (n.count ?? 1); k++) {
      nodes.push({
        name: `${n.name ?? `node-${i + 1}`}${(n.count ?? 1) > 1 ? `-${k + 1}` : ''}`,
        cores: n.cores ?? Infinity,
        memoryMB: n.memoryMB ?? Infinity,
      });
    }
  });

  const st = s.state ?? {};
  const gateway = resolveGateway(s);
  const speedTrace = speedTraceOf(s.platform, issues);
  const cfg: SimConfig = {
    name: s.name,
    horizon: s.horizon,
    drainLimit: s.drainLimit ?? DRAIN_LIMIT,
    regime: s.regime ?? 'warm',
    edition,
    workload: s.workload,
    target: runsWorkflow ? 'workflow' : target === 'trace' ? target : 0,
    trace,
    functions,
    nodes,
    // A measured trace replaces the modelled drift, the profile's included: the trace is
    // what the machine did, the drift a model of it.
    speed: speedTrace ? null : speedOf(s.platform?.speed === null ? null : s.platform?.speed ?? profile?.node.speed ?? null),
    speedTrace,
    gateway: {
      ...gateway,
      overhead: dist(s.platform?.gateway?.overhead, '$.platform.gateway.overhead') ?? fitDist(profile?.overheads?.gateway, 'profile.overheads.gateway'),
    },
    provider: resolveProvider(s),
    autoscaler: resolveAutoscaler(s, issues),
    client: resolveClient(s),
    workflow: plan ? workflowConfig(s, target, plan, names, profile, { dist, fitDist }, issues) : null,
    state: {
      mode: st.mode ?? 'cas',
      maxAttempts: st.maxAttempts ?? STATE_MAX_ATTEMPTS,
      // Defaults: a same-region MinIO/S3 round trip for a small JSON object.
      get: dist(st.get, '$.state.get') ?? fitDist(profile?.overheads?.s3Get, 'profile.overheads.s3Get') ?? createDistribution({ type: 'constant', value: 0.02 }),
      put: dist(st.put, '$.state.put') ?? fitDist(profile?.overheads?.s3Put, 'profile.overheads.s3Put') ?? createDistribution({ type: 'constant', value: 0.03 }),
    },
    output: { timeSeriesStep: s.output?.timeSeriesStep ?? 1, spans: s.output?.spans ?? 20 },
    async: resolveAsync(s, edition, names, runsWorkflow, gateway.upstreamTimeout, issues, notes),
    notes,
  };
  if (plan && profile) {
    plan.functions.forEach((name, f) => {
      if (!profile.stages[name] && !s.platform?.functions?.[name]?.warm) {
        const calledBy = target === 'workflow' ? ` (a Task's Resource, at ${resourceOf(s, plan, f)})` : '';
        issues.push({ path: `profile.stages`, message: `the profile has no stage '${name}'${calledBy} and the scenario gives no warm time for it` });
      }
    });
  }
  checkPolicies(s, cfg, issues);
  if (issues.length) throw new ConfigError(source, issues);
  return cfg;
}

/** Builds each policy once, so problems that depend on the functions (a pre-warm target
 * that does not exist) are reported now, by path, rather than when a run starts. */
function checkPolicies(s: Scenario, cfg: SimConfig, issues: ConfigIssue[]): void {
  const names = cfg.functions.map((f) => f.name);
  const chain = callChain(cfg);
  for (const fn of cfg.functions) {
    const ctx = { fn, names, chain, workflow: cfg.workflow };
    const where = (slot: PolicySlot) => `${s.platform?.functions?.[fn.name]?.policy?.[slot] ? `$.platform.functions.${fn.name}` : '$.platform.defaults'}.policy.${slot}`;
    try {
      if (fn.policy.keepAlive) createKeepAlive(fn.policy.keepAlive, ctx, where('keepAlive'));
      if (fn.policy.prewarm) createPrewarm(fn.policy.prewarm, ctx, where('prewarm'));
    } catch (e) {
      if (!(e instanceof PolicySpecError)) throw e;
      issues.push({ path: e.path, message: e.problem, value: e.value });
    }
  }
}

/** A drift with no spread is a steady machine. */
function speedOf(spec: { sigma: number; tau: number } | null): SimConfig['speed'] {
  return spec && spec.sigma > 0 ? { sigma: spec.sigma, tau: spec.tau } : null;
}

/**
 * The measured speed trace, checked where the schema cannot look (both arrays the same
 * length, the first point at 0, times strictly increasing; the schema bounds each number),
 * without the points that repeat the speed before them: those change nothing, and an event
 * for each would still re-time every running job (node-speed-trace.ts).
 */
function speedTraceOf(platform: Scenario['platform'], issues: ConfigIssue[]): SpeedTrace | null {
  const t = platform?.speedTrace;
  if (!t) return null;
  const before = issues.length;
  if (platform.speed !== undefined) {
    issues.push({ path: '$.platform.speedTrace', message: 'give $.platform.speed (a modelled drift) or $.platform.speedTrace (a measured speed), not both', value: platform.speed });
  }
  if (t.speed.length !== t.at.length) {
    issues.push({ path: '$.platform.speedTrace.speed', message: `must have one speed per time in $.platform.speedTrace.at (${t.at.length}), has ${t.speed.length}` });
  }
  if (t.at[0] !== 0) issues.push({ path: '$.platform.speedTrace.at[0]', message: 'must be 0: the trace gives the speed from the start of the run', value: t.at[0] });
  for (let i = 1; i < t.at.length; i++) {
    if (!(t.at[i]! > t.at[i - 1]!)) {
      issues.push({ path: `$.platform.speedTrace.at[${i}]`, message: `times must be strictly increasing (the one before is ${t.at[i - 1]})`, value: t.at[i] });
      break;
    }
  }
  if (issues.length > before) return null;
  const at: number[] = [];
  const speed: number[] = [];
  for (let i = 0; i < t.at.length; i++) {
    if (i > 0 && t.speed[i] === speed[speed.length - 1]) continue;
    at.push(t.at[i]!);
    speed.push(t.speed[i]!);
  }
  return { at: Float64Array.from(at), speed: Float64Array.from(speed) };
}
