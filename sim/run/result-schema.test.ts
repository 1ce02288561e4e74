// The result contract: what the simulator writes validates against the published schema
// (after a JSON round trip, as readers see it: NaN becomes null).
import { describe, expect, it } from 'vitest';
import { validateAgainst } from '../scenario/schema-validator.ts';
import { exp, oneFunction, pipelineProfile, simulate } from '../test/helpers.ts';
import { parseScenario } from '../scenario/load.ts';

const roundTrip = (x: unknown) => JSON.parse(JSON.stringify(x));

describe('schemas/result.schema.json', () => {
  it('validates a single-function result with failures and variants', () => {
    const s = oneFunction({ scaling: { mode: 'fixed', min: 1, max: 1 }, warm: exp(1), maxInflight: 1 }, {
      horizon: 50,
      replications: 2,
      compare: [{ name: 'a', set: {} }, { name: 'b', set: { '/workload/rate': 2 } }],
    });
    expect(validateAgainst('result.schema.json', roundTrip(simulate(s)))).toEqual([]);
  });

  it('validates a pipeline result with spans and aborts, and rejects a broken one', () => {
    const s = parseScenario(
      { format: 'fave.scenario/v1', name: 'p', seed: 1, horizon: 30, regime: 'cold', workload: { executor: 'burst', count: 3 }, pipeline: { fanout: 'parallel', stageTimeout: 2 } },
      'test',
    );
    const result = roundTrip(simulate(s, pipelineProfile(1.5)));
    expect(result.variants[0].spans.length).toBeGreaterThan(0);
    expect(validateAgainst('result.schema.json', result)).toEqual([]);
    delete result.variants[0].summary.latency.p95;
    result.format = 'fave.result/v2';
    const issues = validateAgainst('result.schema.json', result).map((i) => i.path + ' ' + i.message);
    expect(issues).toContain('$.format must be "fave.result/v1"');
    expect(issues).toContain("$.variants[0].summary.latency missing required key 'p95'");
  });
});
