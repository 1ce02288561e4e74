// Lambda-style instances (scaling.mode "lambda"): one call at a time each, no readiness
// probe and no autoscaler. A call takes the most recently created idle instance (fn.idleHeap)
// or makes a new one. An instance idle past its keep-alive is unloaded. The keep-alive is
// fixed, or a warm policy decides it (warm-policies.ts: expiry).
//
// Expiry is lazy: no event per idle period. An instance found past its keep-alive when it is
// next looked at (routing's idle heap, a time-series sample, the end of the run, and every
// call to a function at its concurrency limit, which sweeps all functions) is removed as of
// the time it expired. This is what the Lambda fast path (sim/fast/) reproduces bit for bit,
// so a change here is a change there.
//
// Idle means ready with no call, no job and no pipeline to drive: an instance whose call timed
// out while its work goes on (orphaned) is busy until that work ends, whatever its keep-alive.
// A sweep looks only at functions that may hold an expired instance. Each function keeps a
// lower bound on when its idle instances expire (FnState.sweepFrom), exact after a sweep
// looked at all of them; an instance that has since gone idle (idle(), a pre-warm loaded, a
// restart made ready) is touched, and the next sweep lowers its function's bound by its
// expiry then. (A trace of 1,000 functions with one at its limit swept every function's
// instances on each call to it: 85% of the run's CPU. docs/performance.md, "Expired
// instances, swept by function".)
import type { Engine } from '../engine/engine.ts';
import type { Call } from './call.ts';
import type { FnState } from './fn-state.ts';
import type { Recorder } from './recorder.ts';
import { READY, type Replica } from './replica.ts';
import type { ReplicaLifecycle } from './replica-lifecycle.ts';
import type { WarmPolicies } from './warm-policies.ts';

/** Idle (see the header): ready, with no call, no job and no pipeline to drive. */
function isIdle(r: Replica): boolean {
  return r.state === READY && r.inflight === 0 && r.jobCount === 0 && r.driving === 0;
}

export class LambdaInstances {
  /** Instances touched since the last sweep (each once: Replica.sweepTouched). */
  private readonly touched: Replica[] = [];

  constructor(
    private readonly engine: Engine,
    private readonly rec: Recorder,
    private readonly fns: FnState[],
    private readonly lifecycle: ReplicaLifecycle,
    private readonly policies: WarmPolicies,
  ) {}

  /** A new lambda instance, busy at once with the call that made it (no readiness probe:
   * lambda instances are chosen from the idle heap, not by the provider). */
  newInstance(fn: FnState): Replica | null {
    const r = this.lifecycle.place(fn);
    if (!r) return null;
    this.rec.coldStarts[fn.cfg.index]!++;
    r.state = READY;
    r.f = fn.cfg.cpuFraction;
    r.firstCallPending = false;
    return r;
  }

  /** Call c found no idle instance: true when it now waits for a pre-warmed one still
   * loading (WarmPolicies.lambdaLoading), which is handed to it once loaded. */
  waitForLoading(c: Call, fn: FnState): boolean {
    return this.policies.lambdaLoading(fn, c.id) !== null;
  }

  /** r's last call is done (ReplicaLifecycle.settle): it joins the idle instances, unless
   * its keep-alive policy unloads it at once. */
  idle(r: Replica, now: number): void {
    r.idleGen++;
    r.lastDeparture = now;
    this.touch(r);
    const policy = this.policies.keepAlive[r.fn.cfg.index]!;
    if (policy !== null && !this.policies.applyIdle(r, policy, now)) return;
    r.fn.pushIdle(r);
  }

  /** Valid idle-heap entry? An instance found past its keep-alive is removed as of then. */
  readonly idleValid = (r: Replica, gen: number): boolean => {
    if (r.state !== READY || r.idleGen !== gen || r.inflight !== 0) return false;
    const expiry = this.policies.expiry(r);
    if (expiry > this.engine.now) return true;
    this.lifecycle.destroy(r, expiry);
    return false;
  };

  /** r (a lambda instance) may have gone idle, with a new expiry: the next sweep takes that
   * into its function's bound. */
  touch(r: Replica): void {
    if (r.sweepTouched) return;
    r.sweepTouched = true;
    this.touched.push(r);
  }

  /** Removes lambda instances idle past their keep-alive (at the time they expired), in
   * function order and, within one, newest first. */
  sweepExpired(): void {
    const now = this.engine.now;
    const touched = this.touched;
    for (let i = 0; i < touched.length; i++) {
      const r = touched[i]!;
      r.sweepTouched = false;
      if (!isIdle(r)) continue;
      const expiry = this.policies.expiry(r);
      if (expiry < r.fn.sweepFrom) r.fn.sweepFrom = expiry; // NaN (never expires) is no bound
    }
    touched.length = 0;
    for (const fn of this.fns) {
      if (fn.cfg.scaling.mode !== 'lambda' || fn.sweepFrom > now) continue;
      let next = Infinity;
      for (let i = fn.replicas.length - 1; i >= 0; i--) {
        const r = fn.replicas[i]!;
        if (!isIdle(r)) continue;
        const expiry = this.policies.expiry(r);
        if (expiry <= now) this.lifecycle.destroy(r, expiry);
        else if (expiry < next) next = expiry;
      }
      fn.sweepFrom = next;
    }
  }
}
