// The provider's side of the platform: nodes, the functions' replicas on them, and the work
// those replicas run. Calls are the gateway's business (platform.ts): the cluster knows only
// job ids, and reports finished or killed work back through a WorkListener.
//
// It is four parts, one concept each, wired together here:
// - processor-sharing.ts: jobs on replicas, each node's cores shared among them, the memory
//   calls hold (the hot loop);
// - replica-lifecycle.ts: placement, start -> init -> readiness probe -> ready -> draining ->
//   dead, OOM restarts, and the cost books;
// - warm-policies.ts: sim/policy's keep-alive, pre-warm and eviction decisions, applied;
// - lambda-instances.ts: lambda-style instances, their idle set and lazy expiry.
// They are separate objects that hold each other directly, with no interface between them:
// each call from one to another has one target, which V8 can inline as it did when they were
// methods of one class. The split measured no slower (docs/performance.md). What runs on every
// job stays inside processor-sharing.ts.
import type { Uniform } from '../dist/spec.ts';
import type { Engine } from '../engine/engine.ts';
import type { SimConfig } from './config.ts';
import { FnState } from './fn-state.ts';
import { LambdaInstances } from './lambda-instances.ts';
import { NodeState } from './node-state.ts';
import { ProcessorSharing } from './processor-sharing.ts';
import type { Recorder } from './recorder.ts';
import type { Replica } from './replica.ts';
import { ReplicaLifecycle } from './replica-lifecycle.ts';
import { WarmPolicies } from './warm-policies.ts';

export interface ClusterStreams {
  containerStart: Uniform[];
  init: Uniform[];
  firstCall: Uniform[]; // drawn here only for a pre-warm's warm-up call
}

/** What the cluster tells the gateway side about calls' work. */
export interface WorkListener {
  /** A call's work finished on r (its job was popped). */
  workDone(r: Replica, callId: number): void;
  /** r was OOM-killed; these call jobs died with it (r is already not ready). */
  killed(r: Replica, callIds: number[]): void;
}

export class Cluster {
  readonly fns: FnState[];
  readonly nodes: NodeState[];
  readonly lifecycle: ReplicaLifecycle;
  readonly sharing: ProcessorSharing;
  readonly policies: WarmPolicies;
  readonly lambda: LambdaInstances;

  constructor(engine: Engine, cfg: SimConfig, rnd: ClusterStreams, rec: Recorder, listener: WorkListener) {
    const a = cfg.autoscaler;
    const ringSize = Math.ceil(a.window / a.interval) + 1;
    this.fns = cfg.functions.map((f) => new FnState(f, ringSize));
    this.nodes = cfg.nodes.map((n, i) => new NodeState(n, i));
    // In this order: each part registers its event kinds with the engine as it is made.
    const lifecycle = new ReplicaLifecycle(engine, cfg, rnd, rec, this.fns, this.nodes, listener);
    const sharing = new ProcessorSharing(engine, cfg, this.fns, this.nodes, lifecycle.replicas, listener);
    const policies = new WarmPolicies(engine, cfg, rnd, rec, this.fns, lifecycle);
    const lambda = new LambdaInstances(engine, rec, this.fns, lifecycle, policies);
    // The cycles: the lifecycle starts init jobs and drops killed ones, asks the policies
    // at placement, and idles lambda instances; a job's end makes a process healthy.
    lifecycle.sharing = sharing;
    lifecycle.policies = policies;
    lifecycle.lambda = lambda;
    sharing.lifecycle = lifecycle;
    this.lifecycle = lifecycle;
    this.sharing = sharing;
    this.policies = policies;
    this.lambda = lambda;
  }

  /** Closes the books at the end of a replication: lambda instances expired by then are
   * removed as of their expiry, and every replica still alive is charged to `end`. */
  finish(end: number): void {
    this.lambda.sweepExpired();
    this.lifecycle.closeLive(end);
  }
}
