// The default space of each kind of scenario, and the winner written as a scenario of its own.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../profile/load.ts';
import { loadScenarioFile, profilePathOf } from '../scenario/load.ts';
import { resolveScenario } from '../scenario/resolve.ts';
import type { Scenario } from '../scenario/types.ts';
import { applyPoint } from '../sweep/apply-point.ts';
import { chainOf, defaultKnobs, defaultSpace } from './space.ts';
import { rebase, winnerScenario } from './winner-scenario.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const scenarioPath = (name: string) => join(root, 'scenarios', `${name}.json`);
const load = (name: string): Scenario => {
  const { compare: _compare, ...s } = loadScenarioFile(scenarioPath(name));
  return s;
};
const names = (s: Scenario) => defaultKnobs(s).map((k) => k.name);
const SHIPPED = ['burst', 'cold-burst', 'cold-steady', 'steady', 'warm-burst', 'warm-steady', 'warm-burst-long', 'warm-steady-long', 'timeouts', 'race', 'stage-retries', 'prewarm', 'image-workflow', 'azure-keepalive'];

describe('space', () => {
  it('defaultKnobs follows what the scenario\'s scaling can do', () => {
    expect(names(load('steady'))).toEqual(['replicas', 'max_inflight']); // warm, Community, timeouts already 300 s
    expect(names(load('timeouts'))).toEqual(['replicas', 'max_inflight', 'timeouts', 'pre-warm']); // cold, OpenFaaS's default timeouts
    expect(names(load('prewarm'))).toEqual(['replicas', 'max_inflight', 'idle to zero', 'pre-warm']); // Pro, scale to zero
    expect(names(load('azure-keepalive'))).toEqual(['keep-alive']); // lambda instances on a trace
    expect(names(load('image-workflow'))).toEqual(['replicas', 'max_inflight', 'timeouts']); // a workflow with branches: no chain to pre-warm
  });

  it('defaultSpace crosses the knobs, first slowest, the scenario itself first', () => {
    const space = defaultSpace(load('timeouts'));
    expect(space.columns).toEqual(['replicas', 'max_inflight', 'timeouts', 'pre-warm']);
    expect(space.points).toHaveLength(3 * 3 * 2 * 2);
    expect(space.points[0]).toEqual({ index: 0, overrides: {}, settings: ['1', 'unlimited', '60/10/30 s', 'none'] });
    expect(space.points[2]!.settings).toEqual(['1', 'unlimited', '300/300/300 s', 'none']);
    expect(space.points[2]!.overrides).toEqual({
      '/platform/gateway/upstreamTimeout': 300,
      '/platform/gateway/writeTimeout': 305,
      '/platform/gateway/readTimeout': 305,
      '/platform/provider/timeout': 300,
      '/platform/defaults/execTimeout': 300,
    });
    // A cap on stage calls leaves the orchestrator, which holds each request, as it was.
    expect(space.points[4]!.overrides).toEqual({ '/platform/defaults/maxInflight': 1, '/platform/functions/orchestrator/maxInflight': 0 });
    expect(space.points[35]!.settings).toEqual(['3', '2', '300/300/300 s', 'dag']);
  });

  it('the pre-warm knob has each function of the chain but the last warm the next', () => {
    const chain = chainOf(load('burst'))!;
    expect(chain).toEqual(['orchestrator', 'ffmpeg-0', 'librosa', 'ffmpeg-1', 'ffmpeg-2', 'deepspeech', 'ffmpeg-3', 'object-detector']);
    const dag = defaultKnobs(load('burst')).find((k) => k.name === 'pre-warm')!.options[1]!;
    expect(Object.keys(dag.set)).toEqual(chain.slice(0, -1).map((f) => `/platform/functions/${f}/policy/prewarm`));
    expect(chainOf(load('image-workflow'))).toBeNull();
    expect(chainOf(load('azure-keepalive'))).toBeNull();
  });

  it('the keep-alive knob replaces the policy: fixed keep-alives and the hybrid histogram', () => {
    const knob = defaultKnobs(load('azure-keepalive'))[0]!;
    expect(knob.options.map((o) => o.label)).toEqual(['10 min', '5 min', '30 min', 'hybrid']);
    expect(knob.options[1]!.set).toEqual({ '/platform/defaults/policy/keepAlive': { type: 'fixed', keepAlive: 300 } });
  });

  it('every point of every shipped scenario\'s default space is a valid scenario the model resolves', async () => {
    for (const name of SHIPPED) {
      const base = load(name);
      const space = defaultSpace(base);
      expect(space.points.length, name).toBeLessThanOrEqual(54);
      const profilePath = profilePathOf(base, scenarioPath(name), join(root, 'profiles', 'default.json'));
      const profile = profilePath ? await loadProfile(profilePath) : null;
      for (const p of space.points) {
        const s = applyPoint(base, { format: 'fave.sweep/v1', name, scenario: scenarioPath(name), seeds: 1 }, p, name);
        if (s.workload.executor !== 'azure-trace') expect(() => resolveScenario(s, profile, name, null), `${name} #${p.index}`).not.toThrow();
      }
    }
  });
});

describe('winner scenario', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fave-winner-'));

  it('rebase moves a path relative to one folder to another, and keeps absolute paths', () => {
    expect(rebase('../profiles/x.json', '/a/scenarios', '/a/results/recommend')).toBe('../../profiles/x.json');
    expect(rebase('x.json', '/a', '/a')).toBe('x.json');
    expect(rebase('/abs/x.json', '/a', '/b')).toBe('/abs/x.json');
  });

  it('winnerScenario sets the winner\'s overrides and keeps the profile and the workflow file reachable from where it is written', () => {
    const from = scenarioPath('image-workflow');
    const to = join(dir, 'deep', 'winner.json');
    const s = winnerScenario(loadScenarioFile(from), { from, to, overrides: { '/platform/defaults/maxInflight': 1 }, replications: 7, description: 'chosen' });
    expect(s).toMatchObject({ name: 'image-workflow-recommended', description: 'chosen', replications: 7, platform: { defaults: { maxInflight: 1 } } });
    expect(s.compare).toBeUndefined();
    expect(s.workflow?.definition).toBeUndefined();
    const written = join(dirname(to), 'w.json');
    mkdirSync(dirname(written), { recursive: true });
    writeFileSync(written, JSON.stringify(s));
    const back = loadScenarioFile(written);
    expect(resolve(dirname(written), back.profile!)).toBe(join(root, 'profiles', 'image-example.json'));
    expect(back.workflow?.definition).toEqual(loadScenarioFile(from).workflow?.definition);
    // --profile, from the working directory, becomes its profile.
    const other = winnerScenario(loadScenarioFile(from), { from, to, overrides: {}, replications: 2, description: 'd', profile: 'profiles/default.json' });
    expect(resolve(dirname(to), other.profile!)).toBe(resolve('profiles/default.json'));
  });

  it('winnerScenario rewrites a trace\'s files', () => {
    const from = scenarioPath('azure-keepalive');
    const to = join(dir, 'trace-winner.json');
    const s = winnerScenario(loadScenarioFile(from), { from, to, overrides: {}, replications: 1, description: 'd' });
    const w = s.workload as { invocations: string };
    expect(resolve(dir, w.invocations)).toBe(join(root, 'data', 'azure2019', '100_inv.csv'));
  });
});
