// OpenFaaS behaviour (docs/openfaas-behaviour.md) reproduced in small deterministic scenarios.
import { describe, expect, it } from 'vitest';
import { constant, oneFunction, pipelineProfile, simulate } from './helpers.ts';

const one = { executor: 'burst', count: 1 } as const;

function outcomesOf(r: ReturnType<typeof simulate>) {
  return r.variants[0]!.replications[0]!;
}

describe('simulate (OpenFaaS semantics)', () => {
  it('simulate gives 502 at the gateway upstream timeout while the replica finishes the work (orphan)', () => {
    const r = outcomesOf(simulate(oneFunction({ scaling: { mode: 'fixed', min: 1, max: 1 }, warm: constant(70) }, { workload: one, platform: { gateway: { upstreamTimeout: 60, writeTimeout: 65 } } })));
    expect(r.outcomes['502']).toBe(1);
    expect(r.orphans.calls).toBe(1);
    expect(r.orphans.seconds).toBeCloseTo(10, 6);
    expect(r.latency.max).toBeNaN(); // no success; the run went on until the orphan finished:
    expect(r.end).toBeCloseTo(70, 6);
  });

  it('simulate keeps a lambda instance whose call timed out until its orphaned work ends, whatever its keep-alive: a busy instance does not expire', () => {
    // A sample every 5 s sweeps expired instances; keep-alive 1 s had passed (from the
    // instance's start) when the 504 freed its slot at 2 s. Before, the sweep removed it with
    // its work: the call was never released and the run went on to its drain limit.
    const lambda = { mode: 'lambda', keepAlive: 1 } as const;
    const r = outcomesOf(simulate(oneFunction({ scaling: lambda, warm: constant(10), execTimeout: 2 }, { workload: one, output: { timeSeriesStep: 5 } })));
    expect(r.outcomes['504']).toBe(1);
    expect(r.orphans.calls).toBe(1);
    expect(r.orphans.seconds).toBeCloseTo(8, 6);
    expect(r.cutOff).toBe(false);
    expect(r.end).toBeCloseTo(10, 6);
  });

  it('simulate gives 504 at the watchdog exec_timeout, before the gateway and provider timeouts', () => {
    const r = outcomesOf(simulate(oneFunction({ scaling: { mode: 'fixed', min: 1, max: 1 }, warm: constant(40), execTimeout: 10 }, { workload: one, platform: { gateway: { upstreamTimeout: 60 }, provider: { timeout: 30 } } })));
    expect(r.outcomes['504']).toBe(1);
  });

  it('simulate gives 502 when the provider timeout (faas-netes default 10 s, read = write) is the shortest: the provider cannot write its 500 and drops the connection', () => {
    const r = outcomesOf(simulate(oneFunction({ scaling: { mode: 'fixed', min: 1, max: 1 }, warm: constant(15), execTimeout: 30 }, { workload: one, platform: { gateway: { upstreamTimeout: 60 }, provider: { timeout: 10 } } })));
    expect(r.outcomes['502']).toBe(1);
    expect(r.outcomes['500']).toBe(0);
  });

  it('simulate runs a threaded call (cpuFraction 2) alone on 2 cores at full speed, and two of them at half', () => {
    const node = { nodes: [{ cores: 2 }] };
    const one2 = outcomesOf(simulate(oneFunction({ scaling: { mode: 'fixed', min: 1, max: 1 }, warm: constant(1), cpuFraction: 2 }, { workload: { executor: 'burst', count: 1 }, platform: node })));
    expect(one2.latency.max).toBeCloseTo(1, 2);
    const two2 = outcomesOf(simulate(oneFunction({ scaling: { mode: 'fixed', min: 1, max: 1 }, warm: constant(1), cpuFraction: 2 }, { workload: { executor: 'burst', count: 2 }, platform: node })));
    expect(two2.latency.max).toBeCloseTo(2, 2);
  });

  it('simulate slows calls on different replicas by their interference while the other core is busy, and not calls alone', () => {
    const two = (interference: number, count: number) =>
      outcomesOf(simulate(oneFunction({ scaling: { mode: 'lambda' }, warm: constant(1), coldCall: constant(1), cpuFraction: 1, interference }, { workload: { executor: 'burst', count }, platform: { nodes: [{ cores: 2 }] } })));
    expect(two(0, 2).latency.max).toBeCloseTo(1, 6); // two instances, one core each
    expect(two(0.2, 2).latency.max).toBeCloseTo(1.2, 6);
    expect(two(0.2, 1).latency.max).toBeCloseTo(1, 6);
  });

  it('simulate drifts a node\'s speed as a common factor: log-normal with the given sd, correlated over tau, and steady without it', () => {
    const latencies = (speed: { sigma: number; tau: number } | null) => {
      const r = simulate(oneFunction({ scaling: { mode: 'fixed', min: 1, max: 1 }, warm: constant(0.5) }, {
        horizon: 20_000, workload: { executor: 'constant-arrival-rate', rate: 0.2 }, output: { spans: 5000 }, platform: { speed },
      }));
      return r.variants[0]!.spans.filter((s) => s.fn === 'fn').map((s) => Math.log((s.end - s.start) / 0.5));
    };
    const logs = latencies({ sigma: 0.1, tau: 20 });
    const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
    const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / (logs.length - 1));
    expect(logs.length).toBe(4000);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(sd).toBeGreaterThan(0.085);
    expect(sd).toBeLessThan(0.115);
    // Calls 5 s apart share most of their factor (exp(−5 / 20) ≈ 0.78); 100 s apart, little.
    const corr = (lag: number) => {
      let c = 0;
      for (let i = lag; i < logs.length; i++) c += (logs[i]! - mean) * (logs[i - lag]! - mean);
      return c / (logs.length - lag) / (sd * sd);
    };
    expect(corr(1)).toBeGreaterThan(0.65);
    expect(corr(1)).toBeLessThan(0.9);
    expect(Math.abs(corr(20))).toBeLessThan(0.2);
    expect(new Set(latencies(null).map((x) => x.toFixed(12)))).toEqual(new Set([(0).toFixed(12)]));
  });

  it('simulate lets a one-worker replica serve simultaneous calls in turn: 1, 2 and 3 s, not 3 s each', () => {
    const burst3 = { executor: 'burst', count: 3 } as const;
    const fifo = outcomesOf(simulate(oneFunction({ scaling: { mode: 'fixed', min: 1, max: 1 }, warm: constant(1), workers: 1 }, { workload: burst3 })));
    expect([fifo.latency.mean, fifo.latency.max]).toEqual([expect.closeTo(2, 2), expect.closeTo(3, 2)]);
    expect(fifo.functions.fn!.maxInflightPerReplica).toBe(3); // waiting calls hold watchdog slots
    // Processor sharing (no worker limit, no node limit): all three in parallel, 1 s each.
    const ps = outcomesOf(simulate(oneFunction({ scaling: { mode: 'fixed', min: 1, max: 1 }, warm: constant(1) }, { workload: burst3 })));
    expect(ps.latency.max).toBeCloseTo(1, 2);
  });

  it('simulate fails a one-worker replica\'s waiting calls with its running one when it is OOM-killed', () => {
    const burst3 = { executor: 'burst', count: 3 } as const;
    const r = outcomesOf(simulate(oneFunction({ scaling: { mode: 'fixed', min: 1, max: 1 }, warm: constant(1), workers: 1, memoryLimitMB: 250, memoryMB: { base: 100, perRequest: 60 } }, { workload: burst3 })));
    // The third call's memory (100 + 3 × 60 = 280 MB) is over 250 even while it waits.
    expect(r.outcomes.oom).toBe(3);
  });

  it('simulate gives 500 at the provider read timeout when its write timeout is longer', () => {
    const r = outcomesOf(simulate(oneFunction({ scaling: { mode: 'fixed', min: 1, max: 1 }, warm: constant(15), execTimeout: 30 }, { workload: one, platform: { gateway: { upstreamTimeout: 60 }, provider: { timeout: 10, writeTimeout: 20 } } })));
    expect(r.outcomes['500']).toBe(1);
  });

  it('simulate closes the connection with no status when the gateway write_timeout is shorter than the call', () => {
    const r = outcomesOf(simulate(oneFunction({ scaling: { mode: 'fixed', min: 1, max: 1 }, warm: constant(40) }, { workload: one, platform: { gateway: { upstreamTimeout: 60, writeTimeout: 30 } } })));
    expect(r.outcomes['connection-closed']).toBe(1);
  });

  it('simulate answers 429 at once past max_inflight', () => {
    const r = outcomesOf(simulate(oneFunction({ scaling: { mode: 'fixed', min: 1, max: 1 }, warm: constant(5), maxInflight: 2 }, { workload: { executor: 'burst', count: 5 } })));
    expect(r.outcomes['429']).toBe(3);
    expect(r.outcomes.ok).toBe(2);
    expect(r.functions.fn!.maxInflightPerReplica).toBe(2);
  });

  it('simulate answers 503 with no ready replica when scale from zero is off', () => {
    const r = outcomesOf(simulate(oneFunction({ scaling: { mode: 'fixed', min: 1, max: 1 }, warm: constant(1) }, { regime: 'cold', workload: one, platform: { gateway: { scaleFromZero: false } } })));
    expect(r.outcomes['503']).toBe(1);
  });

  it('simulate holds callers during scale from zero and releases them together when the probe passes', () => {
    // container 1 s + init 0.5 s -> healthy at 1.5 s; probe at 2, 4, ... -> ready at 2 s;
    // the gateway polls every 100 ms from 0.3 s -> released at 2.3 s; +1 s of work.
    const r = simulate(
      oneFunction(
        { scaling: { mode: 'fixed', min: 1, max: 1 }, warm: constant(1), containerStart: constant(1), init: constant(0.5), firstCall: constant(0) },
        { regime: 'cold', workload: { executor: 'burst', count: 3, startTime: 0.2 }, platform: { provider: { readinessInitialDelay: 2, readinessPeriod: 2 } }, output: { spans: 10 } },
      ),
    );
    const v = r.variants[0]!;
    const rep = v.replications[0]!;
    expect(rep.outcomes.ok).toBe(3);
    expect(rep.functions.fn!.coldStarts).toBe(1); // one scale call for all three
    expect(rep.functions.fn!.heldCalls).toBe(3);
    const routes = v.spans.map((s) => s.route!);
    expect(new Set(routes.map((x) => x.toFixed(6))).size).toBe(1);
    expect(routes[0]).toBeCloseTo(2.2, 6);
  });

  it('simulate charges the first call of a process its first-call penalty, once', () => {
    const r = outcomesOf(
      simulate(
        oneFunction({ scaling: { mode: 'fixed', min: 1, max: 1 }, warm: constant(1), containerStart: constant(0.5), init: constant(0.1), firstCall: constant(9) }, {
          regime: 'cold',
          workload: { executor: 'constant-arrival-rate', rate: 1, timeUnit: 20 },
          horizon: 60,
        }),
      ),
    );
    expect(r.functions.fn!.firstCalls).toBe(1);
    expect(r.latency.max).toBeGreaterThan(10);
    expect(r.latency.p50).toBeCloseTo(1, 1);
  });

  it('simulate OOM-kills a replica over its memory limit, failing every call in it, and restarts it', () => {
    const r = outcomesOf(
      simulate(oneFunction({ scaling: { mode: 'fixed', min: 1, max: 1 }, warm: constant(5), memoryMB: { base: 100, perRequest: 100 }, memoryLimitMB: 350 }, { workload: { executor: 'burst', count: 3 } })),
    );
    expect(r.outcomes.oom).toBe(3);
    expect(r.functions.fn!.ooms).toBe(1);
    expect(r.functions.fn!.coldStarts).toBe(1); // the restart
  });

  it('simulate slows concurrent work on a shared node (processor sharing)', () => {
    const alone = outcomesOf(simulate(oneFunction({ scaling: { mode: 'fixed', min: 1, max: 1 }, warm: constant(4), cpuFraction: 1 }, { workload: one, platform: { nodes: [{ cores: 2 }] } })));
    const five = outcomesOf(simulate(oneFunction({ scaling: { mode: 'fixed', min: 1, max: 1 }, warm: constant(4), cpuFraction: 1 }, { workload: { executor: 'burst', count: 5 }, platform: { nodes: [{ cores: 2 }] } })));
    expect(alone.latency.max).toBeCloseTo(4, 6);
    expect(five.latency.max).toBeCloseTo(10, 6); // 5 × 4 s of CPU on 2 cores
  });

  it('simulate scales up on the CE alert and back to min when it resolves', () => {
    const r = outcomesOf(
      simulate(oneFunction({ scaling: { mode: 'alert', min: 1, max: 5 }, warm: constant(0.1), containerStart: constant(1), init: constant(0) }, {
        horizon: 300,
        workload: { executor: 'ramping-arrival-rate', stages: [{ target: 20, duration: 10 }, { target: 20, duration: 100 }, { target: 0, duration: 1 }] },
        platform: { edition: 'community' },
      })),
    );
    expect(r.functions.fn!.maxReplicas).toBeGreaterThan(1);
    expect(r.functions.fn!.maxReplicas).toBeLessThanOrEqual(5);
    expect(r.functions.fn!.minReplicas).toBe(1);
  });

  it('simulate scales a Pro function to zero after its idle duration and wakes it on the next call', () => {
    const r = outcomesOf(
      simulate(oneFunction({ scaling: { mode: 'rps', min: 1, max: 5, zero: true, zeroDuration: 60 }, warm: constant(1), containerStart: constant(2), init: constant(0) }, {
        horizon: 400,
        workload: { executor: 'trace', arrivals: [0, 300] },
        platform: { edition: 'pro', provider: { reconcileInterval: 10 } },
      })),
    );
    expect(r.outcomes.ok).toBe(2);
    expect(r.functions.fn!.minReplicas).toBe(0);
    expect(r.functions.fn!.coldStarts).toBe(1);
    expect(r.latency.max).toBeGreaterThan(3);
  });

  it('simulate retries failed attempts with backoff and counts them', () => {
    const r = outcomesOf(
      simulate(oneFunction({ scaling: { mode: 'fixed', min: 1, max: 1 }, warm: constant(5), maxInflight: 1 }, { workload: { executor: 'burst', count: 2 }, client: { timeout: 100, retries: { attempts: 3, backoff: 4, jitter: 0 } } })),
    );
    // The second request gets 429, waits 4 s, gets 429 again (busy until 5 s)... then 8 s later succeeds.
    expect(r.outcomes.ok).toBe(2);
    expect(r.retries).toBe(2);
    expect(r.latency.max).toBeCloseTo(12 + 5, 6);
  });

  it('simulate runs Lambda-style: a new instance per request when none is idle, expiring after keep-alive', () => {
    const r = outcomesOf(
      simulate(oneFunction({ scaling: { mode: 'lambda', keepAlive: 100 }, warm: constant(1), coldCall: constant(3) }, { horizon: 1000, workload: { executor: 'trace', arrivals: [0, 0, 10, 500] } })),
    );
    expect(r.functions.fn!.coldStarts).toBe(3); // two at t=0, none at 10, one at 500 (both expired)
    expect(r.latency.max).toBe(3);
  });
});

describe('a stage cap from the profile', () => {
  // Calibration's cpuLimit is what calls sent together used (a serial decoder, one JS
  // thread). A lone warm call used cpuFraction cores, so the cap must not slow it; a pod
  // limit from the scenario must.
  const capped = (cpuLimit: number | undefined) => {
    const p = pipelineProfile(1);
    const od = p.stages['object-detector']!;
    od.cpu = { dist: { type: 'constant', value: 1.2 }, family: 'constant', n: 1 }; // 1.2 cores for 1 s
    od.cpuLimit = 1.1;
    const s = oneFunction({ scaling: { mode: 'fixed', min: 1, max: 1 }, ...(cpuLimit ? { cpuLimit } : {}) }, { target: 'object-detector', workload: { executor: 'burst', count: 1 }, platform: { nodes: [{ cores: 4 }] } });
    delete (s.platform!.functions as Record<string, unknown>)['fn'];
    (s.platform!.functions as Record<string, unknown>)['object-detector'] = { scaling: { mode: 'fixed', min: 1, max: 1 }, ...(cpuLimit ? { cpuLimit } : {}) };
    return outcomesOf(simulate(s, p)).latency.max;
  };

  it('never slows a call alone, even when the cap is below its demand', () => {
    expect(capped(undefined)).toBeCloseTo(1, 6);
  });

  it('while a pod cpuLimit from the scenario below the demand does', () => {
    expect(capped(0.6)).toBeCloseTo(1.2 / 0.6, 6);
  });
});
