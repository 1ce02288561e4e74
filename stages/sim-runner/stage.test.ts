// sim-runner served in-process on the stage runtime: a shard in, the local workers' numbers
// out; a shard it cannot run is a 400 naming the field, with its telemetry record.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../sim/profile/load.ts';
import { loadScenarioFile } from '../../sim/scenario/load.ts';
import { runSeed } from '../../sim/sweep/run-seed.ts';
import type { Shard } from '../../sim/sweep/shard.ts';
import { fromWire, toWire } from '../../sim/sweep/wire.ts';
import { serveStage, type RunningStage } from '../runtime/index.ts';
import { telemetrySink } from '../runtime/testing.ts';
import { noObjectStore, simRunner } from './stage.ts';

const root = join(import.meta.dirname, '../..');
const scenarioPath = join(root, 'scenarios', 'warm-burst.json');
const scenario = { ...loadScenarioFile(scenarioPath), workload: { executor: 'burst' as const, count: 2 } };
const sink = telemetrySink();
let stage: RunningStage;
let shard: Shard;

beforeAll(async () => {
  const profile = await loadProfile(join(root, 'profiles', 'default.json'));
  shard = { format: 'fave.sweep-shard/v1', id: 'p3.0', point: 3, source: scenarioPath, scenario, profile, seeds: [4, 5] };
  stage = await serveStage({ ...simRunner, store: noObjectStore, port: 0, handleSignals: false, emit: sink.emit, env: { S3_BUCKET: 'sim-runner-test', memory_limit_mb: '256' } });
  await stage.ready;
});
afterAll(() => stage.close());

const post = async (body: string) => {
  const res = await fetch(stage.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

describe('sim-runner', () => {
  it('POST a shard answers 200 with each seed run, equal bit for bit to runSeed here', async () => {
    const res = await post(JSON.stringify(toWire(shard)));
    expect(res.status).toBe(200);
    const result = fromWire(res.body) as { format: string; id: string; runs: Array<{ seed: number }> };
    expect(result).toMatchObject({ format: 'fave.sweep-shard-result/v1', id: 'p3.0' });
    expect(result.runs.map((r) => r.seed)).toEqual([4, 5]);
    for (const [i, seed] of [4, 5].entries()) {
      const { seed: _s, ...run } = result.runs[i]!;
      expect(JSON.stringify(toWire(run))).toBe(JSON.stringify(toWire(runSeed(scenario, shard.profile, scenarioPath, seed))));
    }
    expect(sink.records.at(-1)).toMatchObject({ stage: 'sim-runner', httpCode: 200, status: 'ok' });
    expect(sink.records.at(-1)!.phases.compute).toBeGreaterThan(0);
  });

  it.each([
    ['a fractional seed', (s: Record<string, any>) => (s.seeds = [4, 4.5]), '$.seeds[1]: must be an integer (got 4.5)'],
    ['a bad scenario value', (s: Record<string, any>) => (s.scenario.workload.count = 0), '$.scenario.workload.count: must be >= 1 (got 0)'],
    ['an unknown key', (s: Record<string, any>) => (s.seed = 1), "$: unknown key 'seed'"],
  ])('POST a shard with %s answers 400 bad-input naming the field', async (_what, patch, expected) => {
    const body = structuredClone(shard) as unknown as Record<string, any>;
    patch(body);
    const res = await post(JSON.stringify(toWire(body)));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ stage: 'sim-runner', cause: 'bad-input' });
    expect(res.body.error.message).toContain(expected);
    expect(sink.records.at(-1)).toMatchObject({ httpCode: 400, cause: 'bad-input' });
  });

  it('POST a body with a bad tagged number or not JSON answers 400', async () => {
    const bad = await post(JSON.stringify({ ...toWire(shard) as object, point: { $number: 'nan' } }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('bad tagged number');
    expect((await post('{')).status).toBe(400);
  });
});
