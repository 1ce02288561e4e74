// The part of a scenario's resolution that needs no calibration profile: the client, the
// gateway, provider and autoscaler settings, and each function's merged spec and scaling.
// The simulator (resolve.ts) and live runs (live/run/settings.ts) both take these, so a
// live run starts the platform the simulator models, default for default (defaults.ts).
import type { ScalingConfig, SimConfig } from '../model/config.ts';
import { AUTOSCALER_DEFAULTS, ALL_FAILURES, CHART_ALERT_DEFAULTS, CLIENT_DEFAULTS, COMMUNITY_REPLICAS, GATEWAY_DEFAULTS, PROVIDER_DEFAULTS, READINESS_DEFAULT, SCALING_DEFAULTS } from './defaults.ts';
import type { ConfigIssue } from './errors.ts';
import type { FunctionSpec, Readiness, Scenario, ScalingMode } from './types.ts';

export type Edition = 'community' | 'pro';

export const editionOf = (s: Scenario): Edition => s.platform?.edition ?? 'community';

/** One function's spec: the defaults, then its own entry over them (scaling merged field by field). */
export function functionSpec(s: Scenario, name: string, extra: FunctionSpec = {}): FunctionSpec {
  const base = s.platform?.defaults ?? {};
  const own: FunctionSpec = { ...extra, ...s.platform?.functions?.[name] };
  return { ...base, ...own, scaling: { ...base.scaling, ...own.scaling } };
}

/** Where a function's settings are written: its own entry, or the defaults. */
export const specPath = (s: Scenario, name: string): string => (s.platform?.functions?.[name] ? `$.platform.functions.${name}` : '$.platform.defaults');

/**
 * A function's scaling with every default applied. On Community Edition the replica range
 * is clamped to 1–5 as its gateway clamps scale requests; a value the clamp changes is told
 * in `notes`, and Pro-only modes and scale to zero are issues.
 */
export function resolveScaling(spec: FunctionSpec, edition: Edition, where: string, issues: ConfigIssue[], notes: string[]): ScalingConfig {
  const scaling = spec.scaling ?? {};
  const mode = scaling.mode ?? (edition === 'pro' ? 'rps' : 'alert');
  let min = scaling.min ?? SCALING_DEFAULTS.min;
  let max = scaling.max ?? (mode === 'lambda' ? SCALING_DEFAULTS.max.lambda : SCALING_DEFAULTS.max[edition]);
  if (edition === 'community' && mode !== 'lambda') {
    if (scaling.zero) issues.push({ path: `${where}.scaling.zero`, message: 'scale to zero needs the pro edition' });
    if (['rps', 'capacity', 'cpu'].includes(mode)) {
      issues.push({ path: `${where}.scaling.mode`, message: `'${mode}' scaling needs the pro edition (community has 'alert' and 'fixed')`, value: mode });
    }
    const clamp = (v: number) => Math.min(Math.max(v, COMMUNITY_REPLICAS.min), COMMUNITY_REPLICAS.max);
    for (const [key, value] of [['min', min], ['max', max]] as const) {
      if (clamp(value) !== value) notes.push(`${where}.scaling.${key}: ${value} taken as ${clamp(value)}: Community Edition keeps 1–5 replicas (use "edition": "pro" for more)`);
    }
    min = clamp(min);
    max = clamp(max);
  }
  if (min > max) issues.push({ path: `${where}.scaling`, message: `min (${min}) is greater than max (${max})` });
  return {
    mode,
    min,
    max,
    factor: scaling.factor ?? SCALING_DEFAULTS.factor,
    target: scaling.target ?? SCALING_DEFAULTS.target,
    targetProportion: scaling.targetProportion ?? SCALING_DEFAULTS.targetProportion,
    zero: scaling.zero ?? false,
    zeroDuration: scaling.zeroDuration ?? SCALING_DEFAULTS.zeroDuration,
    keepAlive: scaling.keepAlive ?? SCALING_DEFAULTS.keepAlive,
    schedule: (scaling.schedule ?? []).map((w) => ({ ...w, period: w.period ?? 0 })),
  };
}

/** A function's readiness (defaults.ts). A lambda instance has no readiness probe: 'watchdog'
 * set on the function itself is an issue; set on defaults it reaches only OpenFaaS functions. */
export function resolveReadiness(s: Scenario, name: string, spec: FunctionSpec, mode: ScalingMode, issues: ConfigIssue[]): Readiness {
  const readiness = spec.readiness ?? READINESS_DEFAULT;
  if (readiness === 'watchdog' && mode === 'lambda') {
    if (s.platform?.functions?.[name]?.readiness) {
      issues.push({ path: `$.platform.functions.${name}.readiness`, message: "'watchdog' readiness models of-watchdog behind a readiness probe; 'lambda' scaling has none", value: readiness });
    }
    return READINESS_DEFAULT;
  }
  return readiness;
}

export function resolveClient(s: Scenario): SimConfig['client'] {
  const r = s.client?.retries ?? {};
  return {
    timeout: s.client?.timeout ?? CLIENT_DEFAULTS.timeout,
    attempts: r.attempts ?? CLIENT_DEFAULTS.attempts,
    backoff: r.backoff ?? CLIENT_DEFAULTS.backoff,
    multiplier: r.multiplier ?? CLIENT_DEFAULTS.multiplier,
    maxBackoff: r.maxBackoff ?? CLIENT_DEFAULTS.maxBackoff,
    jitter: r.jitter ?? CLIENT_DEFAULTS.jitter,
    retryOn: new Set(r.on ?? ALL_FAILURES),
  };
}

/** The gateway's settings but its overhead (a distribution: resolve.ts). */
export function resolveGateway(s: Scenario): Omit<SimConfig['gateway'], 'overhead'> {
  const g = s.platform?.gateway ?? {};
  return {
    upstreamTimeout: g.upstreamTimeout ?? GATEWAY_DEFAULTS.upstreamTimeout,
    writeTimeout: g.writeTimeout ?? GATEWAY_DEFAULTS.writeTimeout,
    scaleFromZero: g.scaleFromZero ?? GATEWAY_DEFAULTS.scaleFromZero,
    pollInterval: g.pollInterval ?? GATEWAY_DEFAULTS.pollInterval,
    pollLimit: g.pollLimit ?? GATEWAY_DEFAULTS.pollLimit,
  };
}

export function resolveProvider(s: Scenario): SimConfig['provider'] {
  const p = s.platform?.provider ?? {};
  return {
    timeout: p.timeout ?? PROVIDER_DEFAULTS.timeout,
    // faas-netes and its Helm chart set read and write timeouts to the same value.
    writeTimeout: p.writeTimeout ?? p.timeout ?? PROVIDER_DEFAULTS.timeout,
    readinessInitialDelay: p.readinessInitialDelay ?? PROVIDER_DEFAULTS.readinessInitialDelay,
    readinessPeriod: p.readinessPeriod ?? PROVIDER_DEFAULTS.readinessPeriod,
    reconcileInterval: p.reconcileInterval ?? PROVIDER_DEFAULTS.reconcileInterval,
  };
}

export function resolveAutoscaler(s: Scenario, issues: ConfigIssue[] = []): SimConfig['autoscaler'] {
  const a = s.platform?.autoscaler ?? {};
  const evaluation = a.evaluation ?? CHART_ALERT_DEFAULTS.evaluation;
  // The chart's timings mean nothing to the tick: set without 'chart', they would be ignored.
  if (evaluation !== 'chart') {
    for (const field of ['scrapeInterval', 'evaluationInterval', 'groupWait', 'groupInterval'] as const) {
      if (a[field] !== undefined) issues.push({ path: `$.platform.autoscaler.${field}`, message: 'is a setting of evaluation "chart" (set $.platform.autoscaler.evaluation to "chart", or remove it)', value: a[field] });
    }
  }
  return {
    evaluation,
    scrapeInterval: a.scrapeInterval ?? CHART_ALERT_DEFAULTS.scrapeInterval,
    evaluationInterval: a.evaluationInterval ?? CHART_ALERT_DEFAULTS.evaluationInterval,
    groupWait: a.groupWait ?? CHART_ALERT_DEFAULTS.groupWait,
    groupInterval: a.groupInterval ?? CHART_ALERT_DEFAULTS.groupInterval,
    interval: a.interval ?? AUTOSCALER_DEFAULTS.interval,
    window: a.window ?? AUTOSCALER_DEFAULTS.window,
    alertThreshold: a.alertThreshold ?? AUTOSCALER_DEFAULTS.alertThreshold,
    alertFor: a.alertFor ?? AUTOSCALER_DEFAULTS.alertFor,
    repeatInterval: a.repeatInterval ?? AUTOSCALER_DEFAULTS.repeatInterval,
  };
}
