import { describe, expect, it } from 'vitest';
import { RequestError } from '../openfaas/errors.ts';
import type { FunctionStatus } from '../openfaas/types.ts';
import type { GatewayApi } from './gateway-api.ts';
import { applyRegime, RegimeError } from './regime.ts';

/** A gateway whose replicas become available `lag` status reads after a scale. */
function fakeGateway(initial: Record<string, number>, o: { clampZeroTo?: number; refuseZero?: boolean; lag?: number } = {}) {
  const fns = new Map(Object.entries(initial).map(([name, n]) => [name, { replicas: n, available: n, reads: 0 }]));
  const calls: string[] = [];
  const api = {
    url: 'http://gw',
    async status(name: string): Promise<FunctionStatus | undefined> {
      const f = fns.get(name);
      if (!f) return undefined;
      if (++f.reads > (o.lag ?? 0)) f.available = f.replicas;
      return { name, image: 'x', replicas: f.replicas, availableReplicas: f.available } as FunctionStatus;
    },
    async scale(name: string, replicas: number) {
      calls.push(`scale ${name} ${replicas}`);
      if (replicas === 0 && o.refuseZero) throw new RequestError(400, 'replicas cannot be set to 0 in OpenFaaS CE');
      const f = fns.get(name)!;
      f.replicas = replicas === 0 && o.clampZeroTo !== undefined ? o.clampZeroTo : replicas;
      f.reads = 0;
    },
  };
  return { api: api as unknown as GatewayApi, calls, fns };
}

describe('applyRegime', () => {
  it('applyRegime warm scales every function to its minimum and waits until that many are ready', async () => {
    const { api, calls } = fakeGateway({ a: 0, b: 0 }, { lag: 2 });
    const report = await applyRegime(api, 'warm', { a: 2, b: 1 }, { pollMs: 1 });
    expect(calls).toEqual(['scale a 2', 'scale b 1']);
    expect(report).toEqual({ regime: 'warm', functions: [{ name: 'a', asked: 2, replicas: 2, available: 2 }, { name: 'b', asked: 1, replicas: 1, available: 1 }] });
  });

  it('applyRegime cold sets zero outside the gateway when given a way to, and waits until gone', async () => {
    const { api, calls, fns } = fakeGateway({ a: 1 }, { clampZeroTo: 1 });
    const zeroed: string[] = [];
    const report = await applyRegime(api, 'cold', { a: 1 }, {
      pollMs: 1,
      zero: async (name) => {
        zeroed.push(name);
        fns.get(name)!.replicas = 0;
        fns.get(name)!.available = 0;
      },
    });
    expect(calls).toEqual([]);
    expect(zeroed).toEqual(['a']);
    expect(report.functions).toEqual([{ name: 'a', asked: 0, replicas: 0, available: 0 }]);
  });

  it('applyRegime unprimed takes every function through zero (new processes) to its minimum, and reports unprimed', async () => {
    const { api, calls } = fakeGateway({ a: 1, b: 2 });
    const report = await applyRegime(api, 'unprimed', { a: 1, b: 1 }, { pollMs: 1 });
    expect(calls).toEqual(['scale a 0', 'scale b 0', 'scale a 1', 'scale b 1']);
    expect(report).toEqual({ regime: 'unprimed', functions: [{ name: 'a', asked: 1, replicas: 1, available: 1 }, { name: 'b', asked: 1, replicas: 1, available: 1 }] });
  });

  it('applyRegime unprimed names itself when the gateway refuses zero', async () => {
    const { api } = fakeGateway({ a: 1 }, { refuseZero: true });
    await expect(applyRegime(api, 'unprimed', { a: 1 }, { pollMs: 1 })).rejects.toThrow(/^\$\.regime: "unprimed" needs zero replicas first \(new processes\)/);
  });

  it('applyRegime cold leaves a function already at zero alone (a CE gateway would clamp it back to 1)', async () => {
    const { api, calls } = fakeGateway({ a: 0 }, { clampZeroTo: 1 });
    await applyRegime(api, 'cold', { a: 1 }, { pollMs: 1 });
    expect(calls).toEqual([]);
  });

  it.each([
    ['clamps zero to one', { clampZeroTo: 1 }],
    ['refuses zero with 400', { refuseZero: true }],
  ])('applyRegime cold fails, naming $.regime, when the gateway %s', async (_name, o) => {
    const { api } = fakeGateway({ a: 1, b: 1 }, o);
    const error = await applyRegime(api, 'cold', { a: 1, b: 1 }, { pollMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegimeError);
    expect((error as Error).message).toMatch(/^\$\.regime: "cold" needs zero replicas, and http:\/\/gw refused them for a, b /);
  });

  it('applyRegime fails naming a function that is not deployed', async () => {
    const { api } = fakeGateway({});
    await expect(applyRegime(api, 'cold', { ghost: 1 }, { pollMs: 1 })).rejects.toThrow('function ghost is not deployed on http://gw');
  });

  it('applyRegime gives up after its limit, saying how far the function got', async () => {
    const { api } = fakeGateway({ a: 0 }, { lag: 1e9 });
    await expect(applyRegime(api, 'warm', { a: 1 }, { pollMs: 1, limitMs: 20 })).rejects.toThrow('a: still not ready at 1 after 0.02 s (replicas 1, available 0)');
  });
});
