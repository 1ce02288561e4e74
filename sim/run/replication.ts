// One replication: wires engine, platform, autoscaler, workflow runner and client for a seed,
// runs to completion (every request ended) or to horizon + drain limit, and returns the
// recorder. The only place that knows every model part. A single Lambda-style function
// takes the fast path instead (sim/fast), which gives the same result bit for bit.
import { Sampler } from '../dist/sampler.ts';
import { Engine } from '../engine/engine.ts';
import { createStreams } from '../random/streams.ts';
import { Autoscaler } from '../model/autoscaler.ts';
import { Client } from '../model/client.ts';
import type { SimConfig } from '../model/config.ts';
import { WorkflowRunner } from '../model/workflow-runner.ts';
import { Platform } from '../model/platform.ts';
import { NodeSpeed } from '../model/node-speed.ts';
import { NodeSpeedTrace } from '../model/node-speed-trace.ts';
import type { NodeState } from '../model/node-state.ts';
import { Recorder, seriesStep } from '../model/recorder.ts';
import { AsyncStats } from '../model/async-stats.ts';
import { QueueWorker, SINK_WORKFLOW } from '../model/queue-worker.ts';
import { createArrivals } from '../workload/registry.ts';
import { traceArrivals } from '../trace/trace-arrivals.ts';
import { lambdaFastPathBlocker } from '../fast/lambda-eligibility.ts';
import { runLambdaReplication } from '../fast/lambda-replication.ts';

export interface ReplicationRun {
  seed: number;
  recorder: Recorder;
  end: number; // simulated time when the run ended
  events: number;
  cutOff: boolean; // the drain limit ended it with requests still going
}

/** `onTick` is told the simulated time at each time-series sample (at most ~2000 times): how
 * far a long replication has got, for a progress display. It changes nothing in the run.
 * `keepSamples` keeps every latency as well as the histograms (Recorder); nor does it. */
export function runReplication(cfg: SimConfig, seed: number, onTick?: (now: number) => void, keepSamples = false): ReplicationRun {
  return lambdaFastPathBlocker(cfg) === null ? runLambdaReplication(cfg, seed, onTick, keepSamples) : runGeneralReplication(cfg, seed, onTick, keepSamples);
}

/** The general model, whatever the scenario (the fast path's reference). */
export function runGeneralReplication(cfg: SimConfig, seed: number, onTick?: (now: number) => void, keepSamples = false): ReplicationRun {
  const engine = new Engine();
  const streams = createStreams(seed);
  const names = cfg.functions.map((f) => f.name);
  const recorder = new Recorder(names, keepSamples);
  const platform = new Platform(engine, cfg, {
    routing: streams.stream('routing'),
    overhead: streams.stream('gateway-overhead'),
    warm: cfg.functions.map((f) => new Sampler(f.warm, streams.stream(`warm:${f.name}`))),
    coldCall: cfg.functions.map((f) => (f.coldCall ? new Sampler(f.coldCall, streams.stream(`cold-call:${f.name}`)) : null)),
    containerStart: names.map((n) => streams.stream(`container-start:${n}`)),
    init: names.map((n) => streams.stream(`init:${n}`)),
    firstCall: names.map((n) => streams.stream(`first-call:${n}`)),
  }, recorder);
  const arrivalStream = streams.stream('arrivals');
  const arrivals =
    cfg.trace && cfg.workload.executor === 'azure-trace'
      ? traceArrivals(cfg.trace, cfg.horizon, arrivalStream, cfg.workload.spread)
      : createArrivals(cfg.workload, cfg.horizon, arrivalStream);
  const client = new Client(engine, cfg, platform, arrivals, streams.stream('retry-jitter'));
  platform.owners = [client];
  // Asynchronous invocation: a queue-worker between the caller (the client, or the
  // orchestrator for its asynchronous steps) and the gateway. It draws no random numbers,
  // so every other draw is as in the same run without it.
  const worker = cfg.async ? new QueueWorker(engine, cfg.async, platform, (recorder.asyncStats = new AsyncStats(cfg.async.queues.map((q) => q.name), keepSamples)), [client]) : null;
  client.queue = cfg.async?.requests ? worker : null;
  if (cfg.workflow) {
    const runner = new WorkflowRunner(engine, cfg, platform, {
      fanout: streams.stream('fanout'),
      stateGet: new Sampler(cfg.state.get, streams.stream('state-get')),
      statePut: new Sampler(cfg.state.put, streams.stream('state-put')),
      overloadJitter: streams.stream('overload-jitter'),
      orchestratorWork: cfg.workflow.orchestratorWork ? new Sampler(cfg.workflow.orchestratorWork, streams.stream('orchestrator-work')) : null,
    });
    platform.owners.push(runner);
    platform.driver = runner;
    if (worker && cfg.async!.steps) {
      worker.sinks[SINK_WORKFLOW] = runner;
      runner.queue = worker;
    }
  }
  if (worker) worker.ownerIndex = platform.owners.push(worker) - 1;
  const autoscaler = new Autoscaler(engine, cfg, platform);
  const respeed = (n: NodeState) => platform.cluster.sharing.respeed(n);
  // At most one of the two (resolve.ts): a modelled drift or a measured trace.
  const speed = cfg.speed
    ? new NodeSpeed(engine, cfg.speed, platform.cluster.nodes, streams.stream('node-speed'), respeed)
    : cfg.speedTrace ? new NodeSpeedTrace(engine, cfg.speedTrace, platform.cluster.nodes, respeed) : null;
  // Done when no request is left and no work either: orphaned work still counts.
  const quiet = () => {
    if (client.arrivalsDone && client.active === 0 && platform.pool.live === 0 && (worker?.live ?? 0) === 0) engine.stop();
  };
  client.onQuiet = quiet;
  platform.onQuiet = quiet;
  if (worker) worker.onQuiet = quiet;

  const limit = cfg.horizon + cfg.drainLimit;
  const step = seriesStep(cfg.output.timeSeriesStep, limit);
  const evSample = engine.on('sample', () => {
    sample(platform, recorder, engine.now, worker);
    onTick?.(engine.now);
    engine.after(step, evSample);
  });

  platform.cluster.lifecycle.warmUp();
  autoscaler.start();
  speed?.start();
  engine.at(0, evSample);
  client.start();
  engine.run(limit);
  const cutOff = client.active > 0 || platform.pool.live > 0 || (worker?.live ?? 0) > 0;
  if (cutOff) client.cutOff();
  sample(platform, recorder, engine.now, worker);
  platform.cluster.finish(engine.now);
  return { seed, recorder, end: engine.now, events: engine.eventsProcessed, cutOff };
}

function sample(platform: Platform, rec: Recorder, now: number, worker: QueueWorker | null): void {
  platform.cluster.lambda.sweepExpired();
  rec.seriesT.push(now);
  if (worker) {
    const a = rec.asyncStats!;
    worker.queues.forEach((_, q) => {
      a.depth[q]!.push(worker.depth(q));
      a.running[q]!.push(worker.running(q));
    });
  }
  platform.fns.forEach((fn, i) => {
    const s = rec.series[i]!;
    const live = fn.replicas.length;
    s.ready.push(fn.ready.length);
    s.replicas.push(live);
    s.inflight.push(fn.inflight);
    s.queued.push(fn.held.length);
    if (now > 0) {
      // The deployment's replicas, as `kubectl get deploy` counts them: a pod still
      // draining orphaned work after a scale-down is not one of them.
      const owned = fn.activeCount();
      if (owned < rec.minLive[i]!) rec.minLive[i] = owned;
      if (owned > rec.maxLive[i]!) rec.maxLive[i] = owned;
    }
  });
}
