// One workflow, two runs: workflows/image-pipeline.asl.json (resize → thumbnail ∥ classify →
// classify per tile) run live by `npm run live -- run` on the embedded platform, with
// live/testfn standing in for the three functions (workflows/image-pipeline.stack.yml), and
// the same scenario simulated. Both run the same DAG: the same functions, and the same calls
// of each, given that the simulator's Map count is the input's tile count.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../sim/profile/load.ts';
import { runScenario } from '../../sim/run/run-scenario.ts';
import { loadScenarioFile } from '../../sim/scenario/load.ts';
import type { Scenario } from '../../sim/scenario/types.ts';
import { REPO_ROOT } from './platform.ts';
import { runCommand } from '../run/command.ts';
import type { LiveResult } from '../run/live-result.ts';

const WORKFLOW = path.join(REPO_ROOT, 'workflows/image-pipeline.asl.json');
const STACK = path.join(REPO_ROOT, 'workflows/image-pipeline.stack.yml');
const PROFILE = path.join(REPO_ROOT, 'profiles/image-example.json');
const TILES = 3;
const FUNCTIONS = ['orchestrator', 'resize', 'thumbnail', 'classify'];

let work: string;
let scenarioFile: string;
let live: LiveResult;
let out = '';
let err = '';

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'fave-workflow-e2e-'));
  const scenario: Scenario = {
    format: 'fave.scenario/v1', name: 'image-workflow-e2e', seed: 3, horizon: 4, profile: PROFILE, regime: 'warm',
    workload: { executor: 'poisson', rate: 1, duration: 4 },
    client: { timeout: 60 },
    platform: {
      edition: 'community', gateway: { upstreamTimeout: 60 },
      provider: { timeout: 60, readinessInitialDelay: 0.2, readinessPeriod: 0.2 },
      defaults: { execTimeout: 60, scaling: { mode: 'fixed', min: 1 } },
    },
    workflow: { file: WORKFLOW, fanout: { Tiles: { type: 'constant', value: TILES } }, mode: 'parallel' },
    state: { mode: 'cas' },
  };
  scenarioFile = path.join(work, 'image-workflow-e2e.json');
  writeFileSync(scenarioFile, JSON.stringify(scenario));
  const input = path.join(work, 'input.json');
  writeFileSync(input, JSON.stringify({ image: 'cat.jpg', tiles: Array.from({ length: TILES }, (_, i) => ({ tile: i, sleepMs: 5 * i })) }));
  const io = {
    env: {}, root: REPO_ROOT, tty: false, signal: new AbortController().signal,
    stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t),
  };
  const code = await runCommand([scenarioFile, '--body', input, '--stack', STACK, '--out', path.join(work, 'runs'), '--quiet'], io);
  expect(code, err).toBe(0);
  const dir = /run written to (\S+)/.exec(out)![1]!;
  live = JSON.parse(readFileSync(path.resolve(REPO_ROOT, dir, 'result.json'), 'utf8')) as LiveResult;
}, 240_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a workflow live and simulated', () => {
  it('npm run live -- run runs the workflow through the orchestrator: every request ok, the fan-out note in notApplied', () => {
    const rep = live.variants[0]!.replications[0]!;
    expect(rep.requests).toBeGreaterThan(0);
    expect(rep.outcomes.ok).toBe(rep.requests);
    expect(live.live.settings.notApplied.some((n) => n.startsWith('$.workflow.fanout.Tiles=') && n.includes('ItemsPath'))).toBe(true);
    expect(err).toContain('warning: not applied: $.workflow.fanout.Tiles');
  });

  it('live and simulated runs call the same functions the same number of times', async () => {
    const sim = runScenario(loadScenarioFile(scenarioFile), await loadProfile(PROFILE), PROFILE, scenarioFile, { replications: 1 });
    const s = sim.variants[0]!.replications[0]!;
    const l = live.variants[0]!.replications[0]!;
    expect(s.requests).toBe(l.requests);
    expect(s.outcomes.ok).toBe(s.requests);
    const calls = (r: typeof s) => Object.fromEntries(FUNCTIONS.map((f) => [f, r.functions[f]?.calls]));
    expect(calls(l)).toEqual(calls(s));
    // Per request: one resize, one thumbnail, one classify in the Parallel and one per tile.
    expect(calls(l)).toEqual({ orchestrator: l.requests, resize: l.requests, thumbnail: l.requests, classify: l.requests * (1 + TILES) });
  });

  it('each request\'s orchestrator answer lists its calls by Task, and state.json was written after each', () => {
    const dir = /run written to (\S+)/.exec(out)![1]!;
    const requests = readFileSync(path.resolve(REPO_ROOT, dir, 'requests.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { calls: { fn: string }[] });
    for (const r of requests) expect(r.calls.map((c) => c.fn).sort()).toEqual(['classify', 'classify', 'classify', 'classify', 'orchestrator', 'resize', 'thumbnail']);
    const rep = live.variants[0]!.replications[0]!;
    expect(rep.state).toMatchObject({ writes: rep.requests * (3 + TILES), lostUpdates: 0 });
  });
});
