// A dead replica's object and id go to the next replica started (ReplicaLifecycle.place): memory must
// not grow with the number of replicas a run makes, and the events still pending from a
// replica's old life (a container start, a readiness probe) must not act on its new one.
import { describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine.ts';
import { Sampler } from '../dist/sampler.ts';
import { createStreams } from '../random/streams.ts';
import { resolveScenario } from '../scenario/resolve.ts';
import { constant, oneFunction } from '../test/helpers.ts';
import { Platform } from './platform.ts';
import { Recorder } from './recorder.ts';
import { READY, STARTING } from './replica.ts';

function setup() {
  const scenario = oneFunction(
    { warm: constant(1), containerStart: constant(2), init: constant(0.5), scaling: { mode: 'fixed', min: 0, max: 5 } },
    { platform: { edition: 'pro', provider: { readinessInitialDelay: 0, readinessPeriod: 1 } } } as never,
  );
  const cfg = resolveScenario(scenario, null, 'test');
  const engine = new Engine();
  const streams = createStreams(1);
  const platform = new Platform(engine, cfg, {
    routing: streams.stream('routing'),
    overhead: streams.stream('gateway-overhead'),
    warm: cfg.functions.map((f) => new Sampler(f.warm, streams.stream('warm'))),
    coldCall: cfg.functions.map(() => null),
    containerStart: [streams.stream('start')],
    init: [streams.stream('init')],
    firstCall: [streams.stream('first-call')],
  }, new Recorder(['fn']));
  // engine.run(t) stops at the last event before t: a no-op event moves the clock to t.
  const tick = engine.on('tick', () => {});
  const runTo = (t: number) => {
    engine.at(t, tick);
    engine.run(t);
  };
  return { engine, runTo, cluster: platform.cluster, fn: platform.cluster.fns[0]! };
}

describe('replica reuse', () => {
  it('keeps as many replica objects as were ever alive at once, however many it starts', () => {
    const { engine, runTo, cluster, fn } = setup();
    for (let round = 0; round < 50; round++) {
      cluster.lifecycle.setReplicas(fn, 5);
      runTo(engine.now + 10);
      expect(fn.ready.length).toBe(5);
      cluster.lifecycle.setReplicas(fn, 0);
      expect(fn.replicas.length).toBe(0);
    }
    expect(cluster.lifecycle.replicas.length).toBe(5);
  });

  it('ignores the old life\'s pending events: a replica killed while starting and reused starts on its own clock', () => {
    const { runTo, cluster, fn } = setup();
    cluster.lifecycle.setReplicas(fn, 3); // container up at t = 2, ready at t = 3 (init 0.5, probe every 1 s)
    runTo(1);
    cluster.lifecycle.setReplicas(fn, 0); // killed while starting: their container-up events stay queued
    cluster.lifecycle.setReplicas(fn, 3); // the same objects, a new life: up at 3, ready at 4
    expect(cluster.lifecycle.replicas.length).toBe(3);
    runTo(2.5);
    expect(fn.replicas.map((r) => r.state)).toEqual([STARTING, STARTING, STARTING]); // the old lives' t = 2 events did nothing
    runTo(3.9);
    expect(fn.ready.length).toBe(0);
    runTo(4);
    expect(fn.ready.length).toBe(3);
    expect(fn.ready.every((r) => r.state === READY && r.readyAt === 4 && r.createdAt === 1)).toBe(true);
  });
});
