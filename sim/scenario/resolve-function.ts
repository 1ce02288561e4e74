// One function of a scenario resolved: its spec (defaults, then its own entry, then what a
// trace replay knows of it) against its stage in the profile, every default applied and
// every distribution built. Problems go to the shared issues, as resolve.ts collects them.
import type { DistSpec, Distribution } from '../dist/spec.ts';
import { createDistribution } from '../dist/registry.ts';
import type { FunctionConfig } from '../model/config.ts';
import { normalizePolicy } from '../policy/registry.ts';
import { type PolicySlot, type PolicySpec, PolicySpecError } from '../policy/warm-policy.ts';
import type { CalibrationProfile, Fit, StageProfile } from '../profile/types.ts';
import type { TraceData } from '../trace/trace-data.ts';
import type { Plan } from '../workflow/plan.ts';
import { ORCHESTRATOR } from '../workflow/check-graph.ts';
import { EXEC_TIMEOUT } from './defaults.ts';
import type { ConfigIssue } from './errors.ts';
import { type Edition, functionSpec, resolveReadiness, resolveScaling, specPath } from './resolve-platform.ts';
import { resourceOf } from './resolve-workflow.ts';
import type { FunctionSpec, Scenario } from './types.ts';

/** What every function's resolution shares: the scenario, its profile and trace, where
 * problems and notes go, and the distribution builders that report into them. */
export interface FunctionContext {
  s: Scenario;
  profile: CalibrationProfile | null;
  edition: Edition;
  target: string;
  plan: Plan | null;
  traceFns: Map<string, TraceData['functions'][number]>;
  issues: ConfigIssue[];
  notes: string[];
  dist: (spec: DistSpec | undefined, path: string) => Distribution | null;
  fitDist: (fit: Fit | undefined, path: string) => Distribution | null;
}

// The orchestrator is not in the original FAVE measurements: it only waits on other
// functions. These defaults say so; a measured profile may carry an `orchestrator` stage.
const ORCHESTRATOR_DEFAULTS: FunctionSpec = {
  warm: { type: 'constant', value: 0.01 },
  containerStart: { type: 'constant', value: 1 },
  init: { type: 'constant', value: 0.3 },
  firstCall: { type: 'constant', value: 0 },
  cpuFraction: 0,
  memoryMB: { base: 60, perRequest: 1 },
};

export function resolveFunction(c: FunctionContext, name: string, index: number): FunctionConfig {
  const { s, profile, edition, target, plan, traceFns, issues, notes, dist, fitDist } = c;
  const base = s.platform?.defaults ?? {};
  const fromTrace = traceFns.get(name);
  const spec = functionSpec(s, name, fromTrace ? { warm: fromTrace.warm, memoryMB: { base: fromTrace.memoryMB, perRequest: 0 } } : {});
  const where = specPath(s, name);
  const stage: StageProfile | undefined = profile?.stages[name];
  const fallback = name === ORCHESTRATOR ? ORCHESTRATOR_DEFAULTS : {};
  const pick = (key: 'warm' | 'containerStart' | 'init' | 'firstCall', fit: Fit | undefined): Distribution | null =>
    dist(spec[key], `${where}.${key}`) ?? fitDist(fit, `profile.stages.${name}.${key}`) ?? dist(fallback[key], `orchestrator.${key}`);
  const warm = pick('warm', stage?.warm);
  const calledBy = plan && target === 'workflow' && index > 0 ? ` (a Task's Resource, at ${resourceOf(s, plan, index - 1)})` : '';
  if (!warm) issues.push({ path: `${where}.warm`, message: `function '${name}'${calledBy} has no warm service time: give one here or in the profile` });
  const zero = { type: 'constant', value: 0 } as const;
  const scaling = resolveScaling(spec, edition, where, issues, notes);
  const mode = scaling.mode;
  const slowdownPoints = spec.contention ?? stage?.contention ?? [];
  const memBase = spec.memoryMB?.base ?? stage?.memoryMB?.base ?? fallback.memoryMB?.base ?? 128;
  const memPer = spec.memoryMB?.perRequest ?? stage?.memoryMB?.perRequest ?? fallback.memoryMB?.perRequest ?? 0;
  const memoryLimitMB = spec.memoryLimitMB ?? Infinity;
  const policyOf = (slot: PolicySlot): PolicySpec | null => {
    const ownPolicy = s.platform?.functions?.[name]?.policy?.[slot];
    const raw = ownPolicy ?? base.policy?.[slot];
    if (raw === undefined) return null;
    const path = `${ownPolicy ? `$.platform.functions.${name}` : '$.platform.defaults'}.policy.${slot}`;
    try {
      return normalizePolicy(raw, slot, path);
    } catch (e) {
      if (!(e instanceof PolicySpecError)) throw e;
      issues.push({ path: e.path, message: e.problem, value: e.value });
      return null;
    }
  };
  const policy = { keepAlive: policyOf('keepAlive'), prewarm: policyOf('prewarm') };
  if (policy.keepAlive && mode !== 'lambda' && s.platform?.functions?.[name]?.policy?.keepAlive) {
    issues.push({ path: `${where}.policy.keepAlive`, message: "keep-alive policies apply to 'lambda' scaling; OpenFaaS functions idle with scaling.zero and zeroDuration", value: mode });
  }
  // Cores a warm call keeps busy: above 1 for stages that run threads (x264, onnxruntime).
  const cpuFromProfile = stage?.cpu && warm ? (fitDist(stage.cpu, `profile.stages.${name}.cpu`)?.mean() ?? 0) / warm.mean() : undefined;
  const cpuFraction = spec.cpuFraction ?? cpuFromProfile ?? fallback.cpuFraction ?? 1;
  // The stage's measured cap is what calls sent together used; it never binds one call
  // alone, whose demand the warm times were measured at (calibration raises it to that
  // from medians, the simulator reads means: the floor here keeps the two from parting).
  // A pod's limit from the scenario binds whatever it is.
  const stageCap = stage?.cpuLimit === undefined ? Infinity : Math.max(stage.cpuLimit, cpuFraction);
  return {
    name,
    index,
    scaling,
    maxInflight: spec.maxInflight ? spec.maxInflight : Infinity,
    execTimeout: spec.execTimeout ?? EXEC_TIMEOUT,
    memoryLimitMB,
    chargedMemoryGB: (Number.isFinite(memoryLimitMB) ? memoryLimitMB : memBase + memPer) / 1024,
    // The pod's limit (scenario) and the stage's own (a serial decoder, one JS thread: profile).
    cpuLimit: Math.min(spec.cpuLimit ?? Infinity, stageCap),
    workers: spec.workers ?? stage?.workers ?? Infinity,
    interference: spec.interference ?? stage?.interference ?? 0,
    cpuFraction,
    warm: warm ?? createDistribution(zero),
    containerStart: pick('containerStart', stage?.containerStart) ?? createDistribution(zero),
    init: pick('init', stage?.init) ?? createDistribution(zero),
    firstCall: pick('firstCall', stage?.firstCall) ?? createDistribution(zero),
    coldCall: dist(spec.coldCall, `${where}.coldCall`),
    slowdown: slowdownTable(slowdownPoints),
    memBaseMB: memBase,
    memPerRequestMB: memPer,
    // Keep-alive policies set on defaults reach only lambda functions (an orchestrator
    // beside lambda stages keeps its OpenFaaS scaling).
    policy: { keepAlive: mode === 'lambda' ? policy.keepAlive : null, prewarm: policy.prewarm },
    regime: spec.regime ?? s.regime ?? 'warm',
    readiness: resolveReadiness(s, name, spec, mode, issues),
  };
}

function slowdownTable(points: { concurrency: number; slowdown: number }[]): Float64Array {
  // Piecewise-linear in concurrency through the given points, 1 at concurrency 1 unless
  // given, flat past the last point. Tabulated up to 64; beyond that the last value holds.
  const pts = [...points].sort((x, y) => x.concurrency - y.concurrency);
  if (!pts.length || pts[0]!.concurrency > 1) pts.unshift({ concurrency: 1, slowdown: 1 });
  const table = new Float64Array(65);
  for (let k = 1; k <= 64; k++) {
    let v = pts[pts.length - 1]!.slowdown;
    for (let i = 0; i < pts.length - 1; i++) {
      const a = pts[i]!;
      const b = pts[i + 1]!;
      if (k >= a.concurrency && k <= b.concurrency) {
        v = a.slowdown + ((b.slowdown - a.slowdown) * (k - a.concurrency)) / (b.concurrency - a.concurrency);
        break;
      }
    }
    table[k] = Math.max(v, 1e-9);
  }
  table[0] = 1;
  return table;
}

