// Readiness 'watchdog' (issue #22, point 1; docs/openfaas-behaviour.md, "Readiness"): of-watchdog's
// default lock file makes a replica ready once its container is up, before its process has
// initialised, and the calls the provider routes to it meanwhile fail with 500. 'stage', the
// default, keeps the probe waiting for the process.
import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../scenario/resolve.ts';
import type { Readiness } from '../scenario/types.ts';
import { constant, functionConfig, oneFunction, simulate } from './helpers.ts';

// Container up at 1 s, init done at 4 s; probes at 2, 4, 6 … s. Three calls at 0.2 s are held
// by the gateway's scale from zero and released together once the function has a ready replica.
function coldBurst(readiness: Readiness | undefined, init = 3, arrivals = [0.2, 0.2, 0.2]) {
  return simulate(oneFunction(
    { scaling: { mode: 'fixed', min: 1, max: 1 }, warm: constant(1), containerStart: constant(1), init: constant(init), firstCall: constant(0), ...(readiness ? { readiness } : {}) },
    { regime: 'cold', workload: { executor: 'trace', arrivals }, platform: { provider: { readinessInitialDelay: 2, readinessPeriod: 2 } }, output: { spans: 10 } },
  )).variants[0]!;
}

describe('readiness', () => {
  it("'stage' (the default): the probe passes once init is done and every held call succeeds", () => {
    const v = coldBurst(undefined);
    const rep = v.replications[0]!;
    expect(rep.outcomes.ok).toBe(3);
    expect(rep.outcomes['500']).toBe(0);
    expect(v.spans.every((s) => s.route! > 4)).toBe(true); // released after the probe at 4 s
  });

  it("'watchdog': the probe passes at 2 s while init runs to 4 s, and the held calls routed then fail with 500", () => {
    const rep = coldBurst('watchdog').replications[0]!;
    expect(rep.outcomes['500']).toBe(3);
    expect(rep.outcomes.ok).toBe(0);
    expect(rep.functions.fn!.coldStarts).toBe(1);
  });

  it("'watchdog': a call that comes after init is done is served by the same replica", () => {
    const rep = coldBurst('watchdog', 3, [0.2, 10]).replications[0]!;
    expect([rep.outcomes['500'], rep.outcomes.ok]).toEqual([1, 1]);
    expect(rep.functions.fn!.coldStarts).toBe(1);
  });

  it("'watchdog' does no harm when init is done before the first probe", () => {
    const rep = coldBurst('watchdog', 0.5).replications[0]!;
    expect(rep.outcomes.ok).toBe(3);
  });

  it("resolves to 'stage' when unset, and takes 'watchdog' from the defaults or the function", () => {
    expect(functionConfig({}).readiness).toBe('stage');
    expect(functionConfig({ readiness: 'watchdog' }).readiness).toBe('watchdog');
    const s = oneFunction({ warm: constant(1) }, { platform: { defaults: { readiness: 'watchdog' } } });
    expect(resolveScenario(s, null, 'test').functions[0]!.readiness).toBe('watchdog');
  });

  it("refuses 'watchdog' on a lambda function, naming the field, and a value that is neither", () => {
    expect(() => resolveScenario(oneFunction({ warm: constant(1), scaling: { mode: 'lambda' }, coldCall: constant(1), readiness: 'watchdog' }), null, 'test'))
      .toThrow(/\$\.platform\.functions\.fn\.readiness: 'watchdog' readiness models of-watchdog behind a readiness probe; 'lambda' scaling has none/);
    expect(() => oneFunction({ warm: constant(1), readiness: 'lockfile' as Readiness })).toThrow(/\$\.platform\.functions\.fn\.readiness/);
  });
});
