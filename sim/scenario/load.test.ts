import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConfigError } from './errors.ts';
import { applySets, parseScenario, variantsOf } from './load.ts';
import { resolveScenario } from './resolve.ts';

const valid = {
  format: 'fave.scenario/v1',
  name: 'ok',
  seed: 1,
  horizon: 10,
  target: 'fn',
  workload: { executor: 'poisson', rate: 1 },
  platform: { functions: { fn: { warm: { type: 'constant', value: 1 } } } },
};

function problems(json: unknown): string {
  try {
    const s = parseScenario(json, 'x.json');
    variantsOf(s, 'x.json').forEach((v) => resolveScenario(v.scenario, null, 'x.json'));
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  return '';
}

const patch = (path: string[], value: unknown) => {
  const copy = structuredClone(valid) as Record<string, unknown>;
  let cur = copy;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
  if (value === undefined) delete cur[path[path.length - 1]!];
  else cur[path[path.length - 1]!] = value;
  return copy;
};

describe('parseScenario', () => {
  it('parseScenario accepts a minimal valid scenario', () => {
    expect(problems(valid)).toBe('');
  });

  it.each([
    ['a missing horizon', patch(['horizon'], undefined), "$: missing required key 'horizon'"],
    ['a negative rate', patch(['workload', 'rate'], -1), '$.workload.rate: must be > 0 (got -1)'],
    ['an unknown executor', patch(['workload', 'executor'], 'ramp'), '$.workload.executor: must be one of "constant-arrival-rate"'],
    ['a misspelt top-level key', { ...valid, horizn: 5 }, "$: unknown key 'horizn' (did you mean 'horizon'?; expected one of: format, name,"],
    ['an unknown top-level key', { ...valid, zebra: 5 }, "$: unknown key 'zebra' (expected one of: format, name,"],
    ['a misspelt gateway key', { ...valid, platform: { gateway: { upstreamTimeot: 5 } } }, "$.platform.gateway: unknown key 'upstreamTimeot' (did you mean 'upstreamTimeout'?"],
    ['a misspelt $schema', { ...valid, schema: 'x' }, "$: unknown key 'schema' (did you mean '$schema'?; expected one of: format,"],
    ['a wrong format', patch(['format'], 'fave.scenario/v2'), '$.format: must be "fave.scenario/v1"'],
    ['a string seed', patch(['seed'], '1'), '$.seed: must be integer (got "1")'],
    ['an unknown distribution type', patch(['platform'], { functions: { fn: { warm: { type: 'normal', mean: 1 } } } }), "$.platform.functions.fn.warm: 'type' must be one of: constant, empirical, exponential"],
    ['an unknown function', { ...valid, platform: { functions: { fn: { warm: { type: 'constant', value: 1 } }, fnn: {} } } }, "$.platform.functions.fnn: no function 'fnn' in this scenario"],
    ['min above max', patch(['platform'], { edition: 'pro', functions: { fn: { warm: { type: 'constant', value: 1 }, scaling: { min: 4, max: 2 } } } }), 'min (4) is greater than max (2)'],
    ['pro scaling on community', patch(['platform'], { functions: { fn: { warm: { type: 'constant', value: 1 }, scaling: { mode: 'rps' } } } }), "'rps' scaling needs the pro edition"],
    ['a function without warm time', patch(['platform'], {}), "function 'fn' has no warm service time"],
    ['descending trace arrivals', patch(['workload'], { executor: 'trace', arrivals: [0, 5, 3] }), '$.workload.arrivals[2]: arrival times must be ascending'],
    ['a bad variant override', { ...valid, compare: [{ name: 'v', set: { '/workload/rate': 'fast' } }] }, "$.workload.rate: must be number (in variant 'v') (got \"fast\")"],
    ['a pipeline without a profile', { ...valid, target: 'pipeline', platform: {} }, '$.profile: a pipeline scenario needs a calibration profile'],
    // the ranges of docs/input-limits.md, with what a fuzzing probe sent
    ['a burst of 1e308', patch(['workload'], { executor: 'burst', count: 1e308 }), '$.workload.count: must be <= 10000000 (got 1e+308)'],
    ['a rate of 2^53 + 1', patch(['workload', 'rate'], 2 ** 53 + 1), '$.workload.rate: must be <= 1000000 (got 9007199254740992)'],
    ['a rate of 1e21', patch(['workload', 'rate'], 1e21), '$.workload.rate: must be <= 1000000 (got 1e+21)'],
    ['a horizon of 1e10', patch(['horizon'], 1e10), '$.horizon: must be <= 1000000000'],
    ['a frames-per-clip scale of 1e21', { ...valid, target: 'pipeline', pipeline: { framesPerClip: { type: 'gamma', shape: 1, scale: 1e21 } } }, '$.pipeline.framesPerClip.scale: must be <= 1000000000'],
    ['20,000 frames per clip', { ...valid, target: 'pipeline', pipeline: { framesPerClip: { type: 'constant', value: 20000 } } }, '$.pipeline.framesPerClip: its mean (20000) must be at most 10000'],
    ['an autoscaler ticking every microsecond', patch(['platform'], { autoscaler: { interval: 1e-6 } }), '$.platform.autoscaler.interval: must be >= 0.001'],
    ['an unknown alert evaluation', patch(['platform'], { autoscaler: { evaluation: 'prometheus' } }), '$.platform.autoscaler.evaluation: must be one of "tick", "chart"'],
    ['a rule evaluated every 0 s', patch(['platform'], { autoscaler: { evaluation: 'chart', evaluationInterval: 0 } }), '$.platform.autoscaler.evaluationInterval: must be >= 0.001'],
    ['a negative group_wait', patch(['platform'], { autoscaler: { evaluation: 'chart', groupWait: -5 } }), '$.platform.autoscaler.groupWait: must be >= 0'],
    ['a chart timing without the chart', patch(['platform'], { autoscaler: { scrapeInterval: 5 } }), '$.platform.autoscaler.scrapeInterval: is a setting of evaluation "chart"'],
    ['10,001 nodes', patch(['platform'], { nodes: [{ cores: 1, count: 10000 }, { cores: 1, count: 1 }] }), '$.platform.nodes: at most 10000 nodes in all (counts added up) (got 10001)'],
  ])('parseScenario reports %s by JSON path', (_name, json, fragment) => {
    expect(problems(json)).toContain(fragment);
  });

  it('parseScenario collects every problem at once', () => {
    const msg = problems({ ...valid, seed: -1, horizon: 0, workload: { executor: 'poisson' } });
    expect(msg).toContain('$.seed');
    expect(msg).toContain('$.horizon');
    expect(msg).toContain("missing required key 'rate'");
  });

  it('parseScenario throws only ConfigError on arbitrary JSON (fuzz)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.record({ format: fc.constant('fave.scenario/v1'), name: fc.string(), seed: fc.integer(), horizon: fc.double(), workload: fc.jsonValue(), platform: fc.jsonValue() }, { requiredKeys: [] })), (json) => {
        try {
          const s = parseScenario(json, 'fuzz');
          variantsOf(s, 'fuzz').forEach((v) => resolveScenario(v.scenario, null, 'fuzz'));
        } catch (e) {
          expect(e).toBeInstanceOf(ConfigError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('parseScenario names a non-finite number by path (1e999 parses to Infinity)', () => {
    expect(problems(JSON.parse('{"format":"fave.scenario/v1","name":"x","seed":1,"horizon":1e999,"workload":{"executor":"burst","count":1}}'))).toContain(
      '$.horizon: must be a finite number, got Infinity',
    );
  });

  it('variantsOf refuses a pointer through __proto__ and leaves Object.prototype alone', () => {
    const msg = problems({ ...valid, compare: [{ name: 'v', set: { '/__proto__/polluted': 1, '/constructor/prototype/polluted': 1 } }] });
    expect(msg).toContain("'__proto__' is not a scenario field");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('applySets sets fields on a copy, keeps the variants, and validates the result again', () => {
    const s = parseScenario({ ...valid, compare: [{ name: 'v', set: { '/seed': 2 } }] }, 'x.json');
    const set = applySets(s, { '/horizon': 5, '/workload/rate': 2 }, 'x.json');
    expect(set).toMatchObject({ horizon: 5, workload: { rate: 2 }, compare: [{ name: 'v', set: { '/seed': 2 } }] });
    expect(s).toMatchObject({ horizon: 10, workload: { rate: 1 } });
    expect(() => applySets(s, { '/horizon': -1 }, 'x.json')).toThrow('$.horizon: must be > 0');
    expect(() => applySets(s, { '/seed/x': 1 }, 'x.json')).toThrow("$: cannot set /seed/x: 'seed' is not an object");
  });
});
