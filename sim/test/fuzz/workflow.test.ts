// Fuzzing the workflow reader and the interpreter. Whatever a workflow file holds — a shipped
// one with values replaced, its text mangled, arbitrary JSON — reading it ends in a machine
// or in a ConfigError whose every issue names a JSON path. Every machine the generator below
// builds (random DAGs of Tasks, Parallels, nested Maps, retries, catchers, Succeed and Fail)
// reads, compiles and runs: every request ends exactly once, in either mode, and the same
// seed gives the same result.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonText } from '../../input/read-json.ts';
import { runScenario } from '../../run/run-scenario.ts';
import { ConfigError } from '../../scenario/errors.ts';
import { parseScenario } from '../../scenario/load.ts';
import { parseWorkflow } from '../../workflow/parse.ts';
import { mangled, mutated } from './mutate.ts';

const text = (path: string) => readFileSync(fileURLToPath(new URL(`../../../${path}`, import.meta.url)), 'utf8');
const WORKFLOWS = ['workflows/image-pipeline.asl.json', 'workflows/video-searcher.asl.json'].map(text);
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

function settles(read: () => void): void {
  try {
    read();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    expect(e.issues.length).toBeGreaterThan(0);
    for (const issue of e.issues) expect(issue.path).toMatch(/^\$/);
    expect(e.message).not.toMatch(RAW_CONTROL);
  }
}

// ---- a generator of valid machines -------------------------------------------------------

const FUNCTIONS = ['fa', 'fb', 'fc'];
const ERRORS = ['States.ALL', 'States.TaskFailed', 'States.Timeout', 'FAVE.429', 'FAVE.503'];

interface Built {
  machine: { StartAt: string; States: Record<string, unknown> };
  maps: string[];
}

/** A random chain of states (with side exits for catchers), nested up to `depth` levels. */
function machineFrom(seed: number[], depth = 2): Built {
  let k = 0;
  const next = () => seed[k++ % seed.length]!;
  let names = 0;
  const maps: string[] = [];
  const scope = (level: number): { StartAt: string; States: Record<string, unknown> } => {
    const length = 1 + (next() % 3);
    const order = Array.from({ length }, () => `S${names++}`);
    const states: Record<string, unknown> = {};
    order.forEach((name, i) => {
      const last = i === length - 1;
      const go = last ? { End: true } : { Next: order[i + 1] };
      const kind = level < depth ? next() % 6 : next() % 3;
      if (kind <= 2) {
        const state: Record<string, unknown> = { Type: 'Task', Resource: FUNCTIONS[next() % 3], TimeoutSeconds: 1 + (next() % 3), ...go };
        if (next() % 2) state.Retry = [{ ErrorEquals: [ERRORS[next() % ERRORS.length]], MaxAttempts: next() % 3, IntervalSeconds: (next() % 3) / 2, BackoffRate: 1 + (next() % 2) }];
        if (next() % 3 === 0) {
          const handler = `S${names++}`;
          states[handler] = next() % 2 ? { Type: 'Fail', Error: 'Handled' } : { Type: 'Succeed' };
          state.Catch = [{ ErrorEquals: ['States.ALL'], Next: handler }];
        }
        states[name] = state;
      } else if (kind === 3) {
        states[name] = { Type: 'Parallel', Branches: Array.from({ length: 1 + (next() % 3) }, () => scope(level + 1)), ...go };
      } else {
        maps.push(name);
        states[name] = { Type: 'Map', MaxConcurrency: next() % 3, ItemProcessor: scope(level + 1), ...go };
      }
    });
    return { StartAt: order[0]!, States: states };
  };
  return { machine: scope(0), maps };
}

function scenarioOf(b: Built, mode: 'sequential' | 'parallel', counts: number[]) {
  return parseScenario(
    {
      format: 'fave.scenario/v1',
      name: 'fuzz',
      seed: 5,
      horizon: 20,
      workload: { executor: 'poisson', rate: 2 },
      client: { timeout: 120 },
      platform: {
        nodes: [{ cores: 2 }],
        defaults: { warm: { type: 'exponential', mean: 0.8 }, maxInflight: 3, execTimeout: 5, scaling: { mode: 'alert', min: 1, max: 3 } },
      },
      workflow: { definition: b.machine, mode, fanout: Object.fromEntries(b.maps.map((m, i) => [m, { type: 'constant', value: counts[i % counts.length]! }])) },
      state: { mode: 'naive' },
    },
    'fuzz.json',
  );
}

describe('fuzzing workflows', () => {
  it('a shipped workflow with values replaced, removed or added reads, or fails by JSON path', () => {
    fc.assert(fc.property(fc.constantFrom(...WORKFLOWS).chain((t) => mutated(JSON.parse(t))), (json) => settles(() => parseWorkflow(json, 'fuzz.asl.json'))), { seed: 19, numRuns: 1000 });
  });

  it('workflow text cut, spliced or flipped, and arbitrary JSON, read to a machine or a path-named error', () => {
    const read = (t: string) => {
      const r = parseJsonText(t);
      if ('issue' in r) throw new ConfigError('fuzz.asl.json', [r.issue]);
      parseWorkflow(r.value, 'fuzz.asl.json');
    };
    fc.assert(fc.property(fc.constantFrom(...WORKFLOWS).chain(mangled), (t) => settles(() => read(t))), { seed: 19, numRuns: 300 });
    fc.assert(fc.property(fc.jsonValue(), (json) => settles(() => parseWorkflow(json, 'fuzz.asl.json'))), { seed: 19, numRuns: 300 });
  });

  it('a random valid machine runs: every request ends once, in either mode, the same for the same seed', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1000), { minLength: 8, maxLength: 64 }), fc.array(fc.nat(4), { minLength: 1, maxLength: 4 }), fc.constantFrom<'sequential' | 'parallel'>('sequential', 'parallel'), (seed, counts, mode) => {
        const built = machineFrom(seed);
        const s = scenarioOf(built, mode, counts);
        const a = runScenario(s, null, null, 'fuzz.json').variants[0]!.replications[0]!;
        const ended = Object.values(a.outcomes).reduce((x, y) => x + y, 0);
        expect(ended).toBe(a.requests);
        expect(a.cutOff).toBe(false);
        const b = runScenario(s, null, null, 'fuzz.json').variants[0]!.replications[0]!;
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      }),
      { seed: 19, numRuns: 150 },
    );
  });
});
