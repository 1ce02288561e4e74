import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IncompleteProfileError, loadProfile, parseProfile, ProfileError } from './load.ts';

const fit = (dist: unknown = { type: 'lognormal', mu: 0, sigma: 0.5 }) => ({ dist, family: 'lognormal', n: 12 });

function valid(): Record<string, any> {
  return {
    format: 'fave.calibration/v1',
    measured: { source: 'fave-csv', date: '2025-12-25T06:00:00Z', notes: ['a note'] },
    node: { cores: 4 },
    stages: {
      'ffmpeg-0': { warm: fit(), containerStart: fit(), firstCall: { dist: { type: 'constant', value: 0 }, family: 'constant', n: 3 } },
      librosa: {
        warm: { ...fit(), ks: 0.1, aic: 3, samples: [1, 2], candidates: [{ family: 'gamma', dist: { type: 'gamma', shape: 2, scale: 1 }, aic: 4, ks: 0.2 }] },
        containerStart: fit(),
        init: fit(),
        firstCall: fit(),
        contention: [{ concurrency: 2, slowdown: 1.3 }],
        memoryMB: { base: 250, perRequest: 100 },
      },
    },
    fanout: { clipsPerVideo: fit({ type: 'constant', value: 1 }), framesPerClip: fit({ type: 'constant', value: 1 }) },
  };
}

function problems(mutate: (p: Record<string, any>) => void): string {
  const p = valid();
  mutate(p);
  try {
    parseProfile(p, 'fixture.json');
  } catch (e) {
    expect(e).toBeInstanceOf(ProfileError);
    return (e as Error).message;
  }
  throw new Error('expected the profile to be rejected');
}

describe('parseProfile', () => {
  it('parseProfile(json, source) accepts a valid profile and returns it', () => {
    const p = valid();
    expect(parseProfile(p, 'fixture.json')).toBe(p);
  });

  it('parseProfile(json, source) rejects bad profiles naming the JSON path and what was expected', () => {
    const table: [string, (p: Record<string, any>) => void, string][] = [
      ['wrong format', (p) => (p.format = 'fave.calibration/v2'), '$.format: must be "fave.calibration/v1", got "fave.calibration/v2"'],
      ['unknown top-level key', (p) => (p.extra = 1), "$: unknown key 'extra' (expected one of: $schema, format,"],
      ['misspelt stage key', (p) => (p.stages.librosa.warmth = fit()), `$.stages.librosa: unknown key 'warmth' (did you mean 'warm'?; expected one of:`],
      ['missing warm', (p) => delete p.stages['ffmpeg-0'].warm, `$.stages["ffmpeg-0"]: missing required key 'warm'`],
      ['cores not positive', (p) => (p.node.cores = 0), '$.node.cores: must be > 0, got 0'],
      ['cores a string', (p) => (p.node.cores = '8'), '$.node.cores: must be number, got "8"'],
      ['bad date', (p) => (p.measured.date = 'yesterday'), '$.measured.date: must match pattern'],
      ['negative n', (p) => (p.stages.librosa.init.n = -1), '$.stages.librosa.init.n: must be >= 0, got -1'],
      ['unknown family', (p) => (p.stages.librosa.warm.dist = { type: 'normal', mu: 0 }), '$.stages.librosa.warm.dist.type: must be one of constant, empirical, exponential, gamma, lognormal, mixture, shifted, weibull, got "normal"'],
      ['bad parameter', (p) => (p.stages.librosa.firstCall.dist.sigma = -2), '$.stages.librosa.firstCall.dist.sigma: must be > 0, got -2'],
      ['unknown parameter', (p) => (p.fanout.clipsPerVideo.dist.mean = 2), "$.fanout.clipsPerVideo.dist: unknown key 'mean'"],
      ['bad candidate', (p) => (p.stages.librosa.warm.candidates[0].dist.shape = 0), '$.stages.librosa.warm.candidates[0].dist.shape: must be > 0, got 0'],
      ['negative sample', (p) => (p.stages.librosa.warm.samples[1] = -3), '$.stages.librosa.warm.samples[1]: must be >= 0, got -3'],
      ['bad contention', (p) => (p.stages.librosa.contention[0].slowdown = 0), '$.stages.librosa.contention[0].slowdown: must be > 0, got 0'],
      ['memory without perRequest', (p) => delete p.stages.librosa.memoryMB.perRequest, "$.stages.librosa.memoryMB: missing required key 'perRequest'"],
      ['no stages', (p) => (p.stages = {}), '$.stages: must NOT have fewer than 1 properties'],
      ['zero mixture weights', (p) => (p.stages.librosa.init.dist = { type: 'mixture', components: [{ weight: 0, dist: { type: 'constant', value: 1 } }] }), '$.stages.librosa.init.dist.components: weights must sum to > 0'],
      ['unknown overhead', (p) => (p.overheads = { dns: fit() }), "$.overheads: unknown key 'dns'"],
      ['unknown status', (p) => (p.status = 'partial'), '$.status: must be equal to one of the allowed values, got "partial"'],
      ['host without flags', (p) => (p.host = { cpuModel: 'x', cores: 2, memoryMB: 1, kernel: 'k', platform: 'linux-x64' }), "$.host: missing required key 'cpuFlags'"],
      ['steal above 1', (p) => (p.conditions = { probe: { baseline: 0.003, p50: 0.003, p95: 0.004, max: 0.01 }, load1: { mean: 1, max: 2 }, steal: { mean: 0.1, max: 1.5 }, samples: 3, busy: false, forced: false }), '$.conditions.steal'],
    ];
    for (const [name, mutate, fragment] of table) expect(problems(mutate), name).toContain(fragment);
  });

  it('parseProfile(json, source) reports every problem at once, prefixed by the source', () => {
    const message = problems((p) => {
      p.node.cores = -1;
      p.extra = true;
      delete p.stages.librosa.firstCall;
    });
    expect(message).toMatch(/^fixture\.json: invalid calibration profile \(3 problems\)/);
    expect(message).toContain('$.node.cores');
    expect(message).toContain("unknown key 'extra'");
    expect(message).toContain("missing required key 'firstCall'");
  });

  it('parseProfile never throws anything but ProfileError on arbitrary JSON', () => {
    const nearlyValid = fc.tuple(fc.constantFrom('format', 'measured', 'node', 'stages', 'fanout', 'overheads'), fc.jsonValue())
      .map(([k, v]) => ({ ...valid(), [k]: v }));
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), nearlyValid), (json) => {
        try {
          parseProfile(json, 'fuzz');
        } catch (e) {
          expect(e).toBeInstanceOf(ProfileError);
        }
      }),
      { seed: 4, numRuns: 400 },
    );
  });
});

describe('loadProfile', () => {
  it('loadProfile(path) reads a file and turns unreadable or non-JSON files into ProfileError', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fave-profile-'));
    await writeFile(join(dir, 'ok.json'), JSON.stringify(valid()));
    await writeFile(join(dir, 'bad.json'), '{ "format": ');
    expect((await loadProfile(join(dir, 'ok.json'))).node.cores).toBe(4);
    await expect(loadProfile(join(dir, 'bad.json'))).rejects.toThrow(/bad\.json: invalid calibration profile \(1 problem\):\n {2}\$: not valid JSON/);
    await expect(loadProfile(join(dir, 'missing.json'))).rejects.toThrow(ProfileError);
  });

  it('loadProfile(path) refuses an incomplete profile naming the file and the override, and takes it when allowed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fave-profile-'));
    const file = join(dir, 'calibrated.partial.json');
    await writeFile(file, JSON.stringify({ ...valid(), status: 'incomplete' }));
    await expect(loadProfile(file)).rejects.toThrow(IncompleteProfileError);
    await expect(loadProfile(file)).rejects.toThrow(`${file}: an incomplete calibration profile`);
    await expect(loadProfile(file)).rejects.toThrow(/--allow-incomplete/);
    expect((await loadProfile(file, { allowIncomplete: true })).status).toBe('incomplete');
    // "complete", and no status at all (every profile before the field), are complete.
    await writeFile(file, JSON.stringify({ ...valid(), status: 'complete' }));
    expect((await loadProfile(file)).status).toBe('complete');
  });
});
