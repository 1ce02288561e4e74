import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../sim/profile/load.ts';
import { ConfigError } from '../../sim/scenario/errors.ts';
import { resolveScenario } from '../../sim/scenario/resolve.ts';
import type { Scenario } from '../../sim/scenario/types.ts';
import { backoffDelay } from '../../sim/model/client.ts';
import { liveSettings } from './settings.ts';

const profile = await loadProfile(new URL('../../profiles/default.json', import.meta.url).pathname);

const scenario = (over: Partial<Scenario> = {}): Scenario => ({
  format: 'fave.scenario/v1', name: 's', seed: 3, horizon: 20, workload: { executor: 'poisson', rate: 1 }, ...over,
});

describe('liveSettings', () => {
  it('liveSettings defaults agree with the simulator (client, regime, drain limit, minimum replicas)', () => {
    for (const s of [
      scenario(),
      scenario({ client: { timeout: 30, retries: { attempts: 3, backoff: 2, on: ['502'] } }, regime: 'cold', drainLimit: 99 }),
      scenario({ platform: { edition: 'community', defaults: { scaling: { min: 9 } }, functions: { librosa: { scaling: { min: 0 } } } } }),
      scenario({ platform: { edition: 'pro', defaults: { scaling: { min: 7 } } } }),
    ]) {
      const live = liveSettings(s, 's.json');
      const sim = resolveScenario(s, profile, 's.json');
      expect(live.client).toEqual(sim.client);
      expect(live.regime).toBe(sim.regime);
      expect(live.drainLimit).toBe(sim.drainLimit);
      expect(live.functions).toEqual(sim.functions.map((f) => f.name));
      expect(live.minReplicas).toEqual(Object.fromEntries(sim.functions.map((f) => [f.name, f.scaling.min])));
    }
  });

  it('liveSettings calls one function when the scenario targets one', () => {
    expect(liveSettings(scenario({ target: 'ffmpeg-0' }), 's.json')).toMatchObject({ target: 'ffmpeg-0', functions: ['ffmpeg-0'] });
  });

  it('liveSettings refuses a function with a regime of its own, naming its path, and takes one that repeats the scenario\'s', () => {
    const own = scenario({ regime: 'warm', platform: { functions: { librosa: { regime: 'unprimed' } } } });
    expect(() => liveSettings(own, 's.json')).toThrow(/\$\.platform\.functions\.librosa\.regime: a regime of its own per function is simulated only/);
    expect(liveSettings(scenario({ regime: 'unprimed', platform: { defaults: { regime: 'unprimed' } } }), 's.json').regime).toBe('unprimed');
  });

  it('liveSettings refuses trace replays, naming the executor', () => {
    const s = scenario({ target: 'trace', workload: { executor: 'azure-trace', format: 'azure2019' } });
    expect(() => liveSettings(s, 'a.json')).toThrow(ConfigError);
    expect(() => liveSettings(s, 'a.json')).toThrow(/a\.json: 1 problem\n {2}\$\.workload\.executor: trace replays/);
  });
});

describe('backoffDelay', () => {
  it('backoffDelay is the simulator client formula: min(max, backoff·mult^(n−1)) scaled by jitter', () => {
    const c = liveSettings(scenario({ client: { retries: { attempts: 5, backoff: 1, multiplier: 3, maxBackoff: 5, jitter: 0.5 } } }), 's.json').client;
    expect(backoffDelay(c, 1, 1)).toBe(1);
    expect(backoffDelay(c, 2, 0)).toBe(1.5);
    expect(backoffDelay(c, 3, 0.5)).toBe(5 * 0.75);
  });
});
