// Scaling policies. Each looks at one function's recent load and returns a decision (the
// replica count it wants); the autoscaler applies decisions through the provider's scale
// call, as OpenFaaS's alert handler and Pro autoscaler do. Policies never touch replicas.
import type { Engine } from '../engine/engine.ts';
import { type AlertNotice, ChartAlert } from './chart-alert.ts';
import type { SimConfig } from './config.ts';
import type { FnState } from './fn-state.ts';
import { waterLevel } from './node-state.ts';
import type { Platform } from './platform.ts';

export interface LoadSample {
  now: number;
  okRate: number; // 200s per second over the window
  startedRate: number; // invocations per second over the window
  inflight: number; // calls in watchdogs + callers held by the gateway
  cpuMillis: number; // CPU in use by the function's replicas, millicores
  current: number; // desired replicas now
}

export type ScalingDecision = number | null; // desired replicas, or null for no change

/** The largest scheduled minimum whose window covers `now` (pre-warming by the clock), or 0. */
export function scheduledMinimum(fn: FnState, now: number): number {
  let min = 0;
  for (const w of fn.cfg.scaling.schedule) {
    const t = w.period > 0 ? now % w.period : now;
    if (t >= w.from && t < w.to) min = Math.max(min, w.min);
  }
  return min;
}

/** The gateway's alert handler: each firing send adds ceil(max * factor / 100) replicas (max
 * is already clamped to 1–5 on CE); the resolved alert returns to min. */
export function alertStep(fn: FnState, status: AlertNotice, current: number): number {
  const sc = fn.cfg.scaling;
  return status === 'firing' ? Math.min(sc.max, current + Math.ceil((sc.max * sc.factor) / 100)) : sc.min;
}

/** OpenFaaS CE, `evaluation: 'tick'`: a Prometheus alert on rate(200s) > threshold for `for`,
 * checked every tick and sent at once, repeated every repeatInterval while it fires. */
export function alertPolicy(fn: FnState, s: LoadSample, a: SimConfig['autoscaler']): ScalingDecision {
  if (s.okRate > a.alertThreshold) {
    if (Number.isNaN(fn.alertPendingSince)) fn.alertPendingSince = s.now;
    if (s.now - fn.alertPendingSince < a.alertFor) return null;
    if (fn.alertFiring && s.now - fn.lastAlertSend < a.repeatInterval) return null;
    fn.alertFiring = true;
    fn.lastAlertSend = s.now;
    return alertStep(fn, 'firing', s.current);
  }
  fn.alertPendingSince = NaN;
  if (!fn.alertFiring) return null;
  fn.alertFiring = false;
  return alertStep(fn, 'resolved', s.current);
}

/** OpenFaaS Pro: desired = ceil(total load / (target × target-proportion)). */
export function targetPolicy(fn: FnState, s: LoadSample): ScalingDecision {
  const sc = fn.cfg.scaling;
  const load = sc.mode === 'rps' ? s.startedRate : sc.mode === 'capacity' ? s.inflight : s.cpuMillis;
  return Math.ceil(load / (sc.target * sc.targetProportion) - 1e-9);
}

export class Autoscaler {
  private readonly evTick: number;
  private readonly evReconcile: number;
  /** The CE alert with the Helm chart's timing (`evaluation: 'chart'`); made only then, so the
   * default registers no extra event kind and every pinned run is unchanged. */
  private readonly chart: ChartAlert | null;

  constructor(
    private readonly engine: Engine,
    private readonly cfg: SimConfig,
    private readonly platform: Platform,
  ) {
    this.evTick = engine.on('autoscaler tick', () => this.tick());
    this.evReconcile = engine.on('idler reconcile', () => this.reconcile());
    const alerting = platform.fns.filter((f) => f.cfg.scaling.mode === 'alert');
    this.chart = cfg.autoscaler.evaluation === 'chart' ? new ChartAlert(engine, cfg.autoscaler, alerting, (fn, status) => this.applyAlert(fn, status)) : null;
  }

  start(): void {
    const needsTick = this.platform.fns.some((f) => f.cfg.scaling.mode !== 'lambda');
    if (needsTick) this.engine.at(0, this.evTick);
    if (this.platform.fns.some((f) => f.cfg.scaling.zero)) this.engine.after(this.cfg.provider.reconcileInterval, this.evReconcile);
    this.chart?.start();
  }

  /** One AlertManager notification reaching the gateway (`evaluation: 'chart'`), bounded as
   * the tick bounds its decisions. At zero the function waits for a call, as in the tick. */
  private applyAlert(fn: FnState, status: AlertNotice): void {
    if (fn.desired === 0) return;
    const sc = fn.cfg.scaling;
    const want = alertStep(fn, status, fn.desired);
    const desired = Math.min(sc.max, Math.max(sc.min, scheduledMinimum(fn, this.engine.now), 1, want));
    if (desired !== fn.desired || fn.activeCount() < desired) this.platform.cluster.lifecycle.setReplicas(fn, desired);
  }

  private tick(): void {
    const now = this.engine.now;
    const a = this.cfg.autoscaler;
    for (const fn of this.platform.fns) {
      const sc = fn.cfg.scaling;
      if (sc.mode === 'lambda') continue;
      const ring = fn.okRing.length;
      const back = (fn.ringPos + 1) % ring; // the oldest entry = `window` ago (or less, early on)
      const span = Math.min(now, (ring - 1) * a.interval);
      const sample: LoadSample = {
        now,
        okRate: span > 0 ? (fn.ok - fn.okRing[back]!) / span : 0,
        startedRate: span > 0 ? (fn.started - fn.startedRing[back]!) / span : 0,
        inflight: fn.inflight + fn.held.length,
        cpuMillis: cpuMillis(fn),
        current: fn.desired,
      };
      fn.ringPos = back;
      fn.okRing[back] = fn.ok;
      fn.startedRing[back] = fn.started;
      const scheduled = scheduledMinimum(fn, now);
      if (fn.desired === 0) {
        // At zero (cold regime or idled): the gateway wakes it on a call; only a schedule may.
        if (scheduled > 0) this.platform.cluster.lifecycle.setReplicas(fn, Math.min(sc.max, scheduled));
        continue;
      }
      let want: ScalingDecision = null;
      if (sc.mode === 'alert') want = this.chart ? null : alertPolicy(fn, sample, a);
      else if (sc.mode !== 'fixed') want = targetPolicy(fn, sample);
      const desired = Math.min(sc.max, Math.max(sc.min, scheduled, 1, want ?? fn.desired));
      if (desired !== fn.desired || fn.activeCount() < desired) this.platform.cluster.lifecycle.setReplicas(fn, desired);
    }
    this.engine.after(a.interval, this.evTick);
  }

  /** The idler (Pro): scale to zero after `zeroDuration` without calls, checked periodically. */
  private reconcile(): void {
    const now = this.engine.now;
    for (const fn of this.platform.fns) {
      const sc = fn.cfg.scaling;
      if (!sc.zero || fn.desired === 0 || fn.inflight > 0 || fn.held.length > 0) continue;
      if (scheduledMinimum(fn, now) > 0) continue; // a scheduled pre-warm window holds it
      if (now - fn.lastActivity >= sc.zeroDuration) this.platform.cluster.lifecycle.setReplicas(fn, 0);
    }
    this.engine.after(this.cfg.provider.reconcileInterval, this.evReconcile);
  }
}

function cpuMillis(fn: FnState): number {
  let total = 0;
  for (const r of fn.replicas) {
    const k = r.jobCount;
    if (k === 0) continue;
    const node = r.node;
    const share = node.demand > node.cfg.cores ? waterLevel(node) : 1;
    total += Math.min(k * r.f * share, fn.cfg.cpuLimit) * 1000;
  }
  return total;
}
