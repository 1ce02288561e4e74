// The scenario's settings against what a live platform can honour. Each field is one of:
// applied (the embedded platform is started with it: timeouts, edition, labels, env);
// measured (a model parameter such as a warm-time distribution: the live function has its
// own, which is what the run measures — listed as not applied, with a warning); recorded (a
// real cluster is not reconfigured per run: listed as not applied, with a warning); or
// refused — a behaviour live cannot produce, a ConfigError naming the field
// (sim/scenario/errors.ts, so the CLI exits 2 as the simulator does). live/README.md has the table.
import { type ConfigIssue, ConfigError } from '../../sim/scenario/errors.ts';
import type { FunctionSpec, Scenario } from '../../sim/scenario/types.ts';
import { EXEC_TIMEOUT, GATEWAY_DEFAULTS, OVERLOAD, STAGE_RETRIES, STATE_MAX_ATTEMPTS, TASK_TIMEOUT } from '../../sim/scenario/defaults.ts';
import { functionSpec, resolveGateway, resolveProvider, resolveScaling } from '../../sim/scenario/resolve-platform.ts';
import { alertSettings, alertUsers } from './alert-settings.ts';
import { ANNOTATION_READINESS } from '../openfaas/types.ts';
import type { LiveSettings } from './settings.ts';

export interface FunctionDeploySettings {
  envVars: Record<string, string>;
  labels: Record<string, string>;
  /** limits.memory; null removes the stack's limit (the simulator's default is none). */
  memory?: string | null;
  /** FAVE's own deployment annotations (com.fave.readiness), over the stack's. */
  annotations?: Record<string, string>;
}

export interface PlatformSettings {
  /** Unprefixed variables for the embedded provider and gateway. */
  provider: Record<string, string>;
  gateway: Record<string, string>;
  functions: Record<string, FunctionDeploySettings>;
  /** Request options sent to the orchestrator (pipeline: fanout, stateMode; workflow: mode, stateMode). */
  requestOptions: Record<string, string>;
  applied: string[];
  notApplied: string[];
  /** Accepted on request (--no-autoscale) although the platform does otherwise. */
  approximations: string[];
}

export interface PlatformPlanOptions {
  embedded: boolean;
  /** Names the scenario in errors (its file path). */
  source: string;
  /** Hold 'alert' scaling at the minimum instead of running the gateway's in-process alert. */
  noAutoscale?: boolean;
}

// The parts of a function spec that model the function itself: the live function has its
// own service times, start-up and memory, which are what a live run measures.
const MODEL_FIELDS = ['warm', 'containerStart', 'init', 'firstCall', 'coldCall', 'contention', 'memoryMB', 'cpuFraction', 'workers'] as const;

const ms = (seconds: number) => `${Math.round(seconds * 1000)}ms`;

export function platformSettings(s: Scenario, live: LiveSettings, o: PlatformPlanOptions): PlatformSettings {
  const out: PlatformSettings = { provider: {}, gateway: {}, functions: {}, requestOptions: {}, applied: [], notApplied: [], approximations: [] };
  const issues: ConfigIssue[] = [];
  const refuse = (path: string, message: string, value?: unknown) => issues.push({ path, message, value });
  const measured = (path: string, value: unknown) => {
    if (value !== undefined) out.notApplied.push(`${path} (a model parameter: the live platform has its own, and the run measures it)`);
  };
  // A platform setting the scenario sets: the embedded platform is started with it (below);
  // a running cluster is not reconfigured, so it is recorded as not applied.
  const take = (path: string, value: unknown) => {
    if (value === undefined) return;
    if (o.embedded) out.applied.push(`${path}=${JSON.stringify(value)}`);
    else out.notApplied.push(`${path}=${JSON.stringify(value)} (a running cluster is not reconfigured per run: set it on the cluster)`);
  };

  const p = s.platform ?? {};
  if (p.nodes) refuse('$.platform.nodes', 'the live platform runs on the machines it has (the embedded one on this machine)', p.nodes);
  // The functions that scale by Community Edition's alert, live: on the embedded platform the
  // gateway's in-process alert (live/gateway/alert-autoscaler.ts) with the scenario's rule.
  const alerting = o.embedded && !o.noAutoscale ? alertUsers(s, live) : [];
  if (p.autoscaler && !o.embedded) out.notApplied.push('$.platform.autoscaler (the cluster\'s Prometheus/AlertManager rules apply)');
  else if (p.autoscaler && alerting.length === 0) out.notApplied.push(`$.platform.autoscaler (no function scales by the alert in this run${o.noAutoscale ? ': --no-autoscale' : ''})`);
  const g = p.gateway ?? {};
  const pr = p.provider ?? {};
  for (const [path, value] of Object.entries({
    '$.platform.edition': p.edition, '$.platform.gateway.upstreamTimeout': g.upstreamTimeout, '$.platform.gateway.writeTimeout': g.writeTimeout,
    '$.platform.gateway.readTimeout': g.readTimeout, '$.platform.gateway.scaleFromZero': g.scaleFromZero, '$.platform.provider.timeout': pr.timeout,
    '$.platform.provider.readinessInitialDelay': pr.readinessInitialDelay, '$.platform.provider.readinessPeriod': pr.readinessPeriod,
    '$.platform.provider.reconcileInterval': pr.reconcileInterval,
  })) take(path, value);
  if (o.embedded) {
    // Unset fields take the simulator's defaults (sim/scenario/resolve.ts: OpenFaaS code
    // defaults), not the embedded platform's own, so both run the same configuration. The
    // gateway clamps /system/scale-function to 1-5 in CE; the provider is not told: zero
    // replicas for the cold regime are set on it directly, as `kubectl scale` does in CE.
    const gateway = resolveGateway(s);
    const provider = resolveProvider(s);
    out.gateway.community_edition = String(live.edition === 'community');
    out.gateway.upstream_timeout = ms(gateway.upstreamTimeout);
    out.gateway.write_timeout = ms(gateway.writeTimeout);
    out.gateway.read_timeout = ms(g.readTimeout ?? GATEWAY_DEFAULTS.readTimeout);
    out.gateway.scale_from_zero = String(gateway.scaleFromZero);
    // On when a function scales by the alert; otherwise off, so nothing moves the replicas
    // the regime set ('fixed', or 'alert' held at the minimum with --no-autoscale).
    out.gateway.autoscaling = String(alerting.length > 0);
    if (alerting.length > 0) {
      const alert = alertSettings(s);
      Object.assign(out.gateway, alert.gateway);
      out.applied.push(...alert.applied);
      out.approximations.push(...alert.approximations);
    }
    out.provider.read_timeout = ms(provider.timeout);
    out.provider.write_timeout = ms(provider.writeTimeout);
    out.provider.readiness_initial_delay = ms(provider.readinessInitialDelay);
    out.provider.readiness_period = ms(provider.readinessPeriod);
    out.provider.reconcile_interval = ms(provider.reconcileInterval);
  }
  if (g.pollInterval !== undefined && g.pollInterval !== 0.1) refuse('$.platform.gateway.pollInterval', 'the gateway polls every 100 ms, as OpenFaaS does', g.pollInterval);
  if (g.pollLimit !== undefined && g.pollLimit !== 1000) refuse('$.platform.gateway.pollLimit', 'the gateway polls up to 1000 times, as OpenFaaS does', g.pollLimit);
  measured('$.platform.gateway.overhead', g.overhead);
  // The machine's speed, modelled or replayed from a measurement: live, the machine is what it is.
  measured('$.platform.speed', p.speed);
  measured('$.platform.speedTrace', p.speedTrace);

  for (const fn of live.functions) {
    const spec = functionSpec(s, fn);
    const own = s.platform?.functions?.[fn];
    const at = (field: string) => (own && fieldSet(own, field) ? `$.platform.functions.${fn}.${field}` : `$.platform.defaults.${field}`);
    const d: FunctionDeploySettings = { envVars: {}, labels: {} };
    out.functions[fn] = d;
    for (const field of MODEL_FIELDS) measured(at(field), spec[field]);
    if (typeof spec.cpuLimit === 'number') refuse(at('cpuLimit'), 'CPU limits are not enforced on the embedded platform (replicas share this machine\'s cores)', spec.cpuLimit);
    take(at('execTimeout'), spec.execTimeout);
    take(at('maxInflight'), spec.maxInflight);
    take(at('memoryLimitMB'), spec.memoryLimitMB);
    take(at('readiness'), spec.readiness);
    const sc = spec.scaling ?? {};
    if (o.embedded) {
      // Unset means the simulator's default, not the stack's: unlimited in-flight calls, no
      // memory limit, min 1 (live/openfaas/stack.yml caps some stages for a small machine).
      d.envVars.max_inflight = String(spec.maxInflight ?? 0);
      // The stage runtime stands in for of-watchdog here: 504 at exec_timeout, the work going on.
      d.envVars.exec_timeout = ms(spec.execTimeout ?? EXEC_TIMEOUT);
      d.memory = spec.memoryLimitMB === undefined ? null : `${spec.memoryLimitMB}Mi`;
      d.labels['com.openfaas.scale.min'] = String(live.minReplicas[fn]);
      // of-watchdog's lock-file readiness, reproduced by the embedded provider (live/provider/readiness.ts).
      if (spec.readiness !== undefined) d.annotations = { [ANNOTATION_READINESS]: spec.readiness };
    }
    const mode = sc.mode ?? (live.edition === 'pro' ? 'rps' : 'alert');
    const modePath = at('scaling.mode');
    if (mode === 'lambda') refuse(modePath, "'lambda' scaling is simulated only: OpenFaaS has no instance-per-request mode", sc.mode);
    else if (!o.embedded) out.notApplied.push(`${modePath}="${mode}" (the cluster's own autoscaler runs, with its labels)`);
    else if (mode === 'alert') {
      if (o.noAutoscale) out.approximations.push(`${modePath}="alert": replicas held at the minimum (--no-autoscale)`);
      else {
        // The labels the gateway's alert handler reads (alert-handler.ts scalingLabels): an
        // integer or the default; a factor outside 1–100 stops the function's scaling there,
        // where the simulator would still scale it, so such a factor is refused.
        const resolved = resolveScaling(spec, live.edition, '', [], []); // its issues: settings.ts reports them
        if (!Number.isInteger(resolved.factor) || resolved.factor < 1) {
          refuse(at('scaling.factor'), 'the gateway reads com.openfaas.scale.factor as a whole number from 1 to 100 (anything else stops its alert scaling; the simulator would scale)', resolved.factor);
        }
        d.labels['com.openfaas.scale.max'] = String(resolved.max);
        d.labels['com.openfaas.scale.factor'] = String(resolved.factor);
        out.applied.push(`${modePath}="alert" (the gateway's in-process alert, labels com.openfaas.scale.min/max/factor)`);
        if (resolved.max > 5) out.approximations.push(`${at('scaling.max')}=${resolved.max}: the gateway's alert handler stops at 5 replicas and steps by ${resolved.factor}% of 5 (CalculateReplicas takes min(max, 5)), the simulated alert at ${resolved.max} by ${resolved.factor}% of it`);
      }
    } else if (mode === 'fixed' && alerting.length > 0) {
      // The gateway's alert acts on every function: min = max is how OpenFaaS turns it off
      // for one (docs/openfaas-behaviour.md, Labels).
      d.labels['com.openfaas.scale.max'] = String(live.minReplicas[fn]);
    } else if (mode !== 'fixed') {
      refuse(modePath, `'${mode}' scaling needs an autoscaler the embedded platform does not have: use "fixed" (replicas stay where the regime put them)`, sc.mode);
    }
    if (sc.schedule?.length) refuse(at('scaling.schedule'), 'scheduled minimum replicas are simulated only', sc.schedule);
    if (spec.policy?.keepAlive || spec.policy?.prewarm) refuse(at('policy'), 'warm-instance policies (keep-alive, pre-warm) are simulated only: OpenFaaS has no hook for them', spec.policy);
    // Parameters of the autoscalers above: with the mode refused or held, they change nothing
    // live (the factor is applied, as a label, when the gateway's alert scales the function).
    for (const field of ['factor', 'target', 'targetProportion', 'keepAlive'] as const) {
      // (platform.defaults' factor is applied if any function alerts: not noted for a fixed one.)
      if (field === 'factor' && (alerting.includes(fn) || (alerting.length > 0 && at('scaling.factor').startsWith('$.platform.defaults')))) continue;
      if (sc[field] !== undefined) out.notApplied.push(`${at(`scaling.${field}`)}=${sc[field]} (no live autoscaler uses it)`);
    }
    take(at('scaling.min'), sc.min);
    take(at('scaling.max'), sc.max);
    take(at('scaling.zero'), sc.zero);
    take(at('scaling.zeroDuration'), sc.zeroDuration);
    if (o.embedded) {
      if (sc.max !== undefined && !d.labels['com.openfaas.scale.max']) d.labels['com.openfaas.scale.max'] = String(sc.max);
      // Pro scale to zero: the embedded provider idles the function after zeroDuration.
      if (sc.zero !== undefined) d.labels['com.openfaas.scale.zero'] = String(sc.zero);
      if (sc.zeroDuration !== undefined) d.labels['com.openfaas.scale.zero-duration'] = `${sc.zeroDuration}s`;
    }
  }

  const orchestrated = live.target === 'pipeline' || live.target === 'workflow';
  if (live.target === 'pipeline') {
    const pl = s.pipeline ?? {};
    for (const field of ['clipsPerVideo', 'framesPerClip'] as const) {
      if (pl[field]) refuse(`$.pipeline.${field}`, 'synthetic pipeline sizes are simulated only: the live fan-out comes from the video (--video)', pl[field]);
    }
    // Request options reach the orchestrator on any platform.
    out.requestOptions.fanout = pl.fanout ?? 'sequential';
    take('$.pipeline.stageTimeout', pl.stageTimeout);
    take('$.pipeline.stageRetries', pl.stageRetries);
    take('$.pipeline.overloadAttempts', pl.overloadAttempts);
  } else if (s.pipeline) refuse('$.pipeline', `only for the pipeline target (this scenario calls '${live.target}')`);
  if (live.target === 'workflow') {
    const w = s.workflow ?? {};
    // Live, a Map has as many items as the execution's input holds at its ItemsPath (--body);
    // the simulator draws the count. Same machine, so the same calls per item either way.
    for (const [name, dist] of Object.entries(w.fanout ?? {})) {
      out.notApplied.push(`$.workflow.fanout.${name}=${JSON.stringify(dist)} (live, the Map '${name}' has as many items as the execution's input (--body) holds at its ItemsPath; the simulator draws the count)`);
    }
    out.requestOptions.mode = w.mode ?? 'parallel';
    take('$.workflow.taskTimeout', w.taskTimeout);
    take('$.workflow.overloadAttempts', w.overloadAttempts);
    measured('$.workflow.orchestratorWork', w.orchestratorWork);
  }
  if (orchestrated) {
    const orchestrator = out.functions.orchestrator!;
    const st = s.state ?? {};
    if (st.mode === 'off') refuse('$.state.mode', "the orchestrator always writes state.json: 'off' is simulated only", st.mode);
    else if (st.mode === 'temp-file') refuse('$.state.mode', "'temp-file' is the original FAVE's race, simulated only: FAVE's orchestrator writes from memory", st.mode);
    else out.requestOptions.stateMode = st.mode ?? 'cas';
    take('$.state.maxAttempts', st.maxAttempts);
    if (o.embedded) {
      // The simulator's orchestrator: a 429 is called again up to overloadAttempts times in
      // all (default 1: it fails the call; a workflow's Retry may then name FAVE.429), the
      // parallel fan-out is not throttled, cas gives up after maxAttempts (default 10), a
      // call's timeout is the stage or task timeout.
      const pl = s.pipeline ?? {};
      const timeout = live.target === 'pipeline' ? (pl.stageTimeout ?? TASK_TIMEOUT) : (s.workflow?.taskTimeout ?? TASK_TIMEOUT);
      Object.assign(orchestrator.envVars, {
        OVERLOAD_ATTEMPTS: String((live.target === 'pipeline' ? pl.overloadAttempts : s.workflow?.overloadAttempts) ?? OVERLOAD.attempts),
        MAX_PARALLEL_CALLS: '1000',
        STATE_MAX_ATTEMPTS: String(st.maxAttempts ?? STATE_MAX_ATTEMPTS),
        STAGE_TIMEOUT_MS: String(Math.round(timeout * 1000)),
        STAGE_RETRIES: String(live.target === 'pipeline' ? (pl.stageRetries ?? STAGE_RETRIES) : 0),
      });
    }
    measured('$.state.get', st.get);
    measured('$.state.put', st.put);
  }
  if (issues.length) throw new ConfigError(o.source, dedupe(issues));
  // Each setting once, even when platform.defaults repeats it for every function.
  out.applied = [...new Set(out.applied)];
  out.notApplied = [...new Set(out.notApplied)];
  out.approximations = [...new Set(out.approximations)];
  return out;
}

function fieldSet(spec: FunctionSpec, dotted: string): boolean {
  let v: unknown = spec;
  for (const part of dotted.split('.')) v = (v as Record<string, unknown> | undefined)?.[part];
  return v !== undefined;
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => !seen.has(i.path + i.message) && seen.add(i.path + i.message) !== undefined);
}
