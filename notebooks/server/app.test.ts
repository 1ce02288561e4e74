import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFixture, type Fixture } from '../test/fixture.ts';
import { runStudy, loadStudy } from '../studies/study.ts';
import type { ProfileView } from './profile-view.ts';
import { serveReport, type ReportServer } from './serve.ts';

let fx: Fixture;
let report: ReportServer;
let base: string;

beforeAll(async () => {
  fx = await makeFixture(['warm-burst']);
  await runStudy(loadStudy('state-races'), { resultsDir: fx.base, replications: 1 });
  report = await serveReport({ paths: [fx.results], studyResults: fx.studyResults }, { port: 0, host: '127.0.0.1' });
  base = report.url;
});

afterAll(async () => {
  await report.close();
  rmSync(fx.base, { recursive: true, force: true });
});

/** A GET with the path sent exactly as written (fetch would normalise '..' and '%2e%2e'). */
function rawGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const { port } = report.server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('report server', () => {
  it('answers only its own names and its own pages: a foreign Host gets 421, a foreign Origin 403', async () => {
    const { port } = report.server.address() as AddressInfo;
    expect((await rawGet('/api/results', { host: `rebind.example:${port}` })).status).toBe(421);
    const page = await rawGet('/api/results', { origin: 'http://evil.example' });
    expect([page.status, page.body]).toEqual([403, expect.stringContaining('cross-origin')]);
    expect((await rawGet('/api/results', { host: `localhost:${port}`, origin: `http://localhost:${port}` })).status).toBe(200);
  });
});

describe('report API', () => {
  it('GET /api/results lists every JSON file with its kind, and the malformed ones with the reason', async () => {
    const res = await fetch(`${base}/api/results`);
    expect(res.status).toBe(200);
    const { files } = (await res.json()) as { files: { name: string; kind: string; variants?: string[]; error?: string }[] };
    const byName = Object.fromEntries(files.map((f) => [f.name, f]));
    expect(Object.keys(byName).sort()).toEqual([
      'bad-validation.json', 'broken.json', 'more/default-profile.json', 'scenario-copy.json',
      'sweeps/bad-sweep.json', 'sweeps/sweep.json', 'validation.json', 'warm-burst.json',
    ]);
    expect(byName['warm-burst.json']).toMatchObject({ kind: 'simulation', variants: ['base'] });
    expect(byName['warm-burst.json']!.error).toBeUndefined();
    expect(byName['more/default-profile.json']).toMatchObject({ kind: 'profile' });
    expect(byName['broken.json']).toMatchObject({ kind: 'unknown' });
    expect(byName['broken.json']!.error).toMatch(/^not valid JSON/);
    expect(byName['scenario-copy.json']!.error).toBe('$.format: expected one of "fave.result/v1", "fave.calibration/v1", "fave.sweep-result/v1", "fave.validation/v2", got "fave.scenario/v1"');
    expect(byName['sweeps/sweep.json']).toEqual({ name: 'sweeps/sweep.json', kind: 'sweep', title: 'notebook-fixture (warm-burst)', variants: ['4 points'], size: expect.any(Number) });
    expect(byName['sweeps/bad-sweep.json']).toMatchObject({ kind: 'sweep', error: "$.points[1].metrics: missing required key 'latency'" });
    expect(byName['validation.json']).toEqual({ name: 'validation.json', kind: 'validation', title: 'validate-synthetic', size: expect.any(Number) });
    expect(byName['bad-validation.json']).toMatchObject({ kind: 'validation', error: '$.replays.withoutTrace.checks: must be an array' });
  });

  it('GET /api/results/<sweep> and <scorecard> return the files as the sweep and validate commands wrote them', async () => {
    const sweep = (await (await fetch(`${base}/api/results/sweeps/sweep.json`)).json()) as { format: string; points: { pareto: boolean }[]; pareto: number[] };
    expect(sweep.format).toBe('fave.sweep-result/v1');
    expect(sweep.points).toHaveLength(4);
    expect(sweep.points.filter((p) => p.pareto)).toHaveLength(sweep.pareto.length);
    const card = (await (await fetch(`${base}/api/results/validation.json`)).json()) as { format: string; replays: { withoutTrace: { checks: unknown[] } } };
    expect(card.format).toBe('fave.validation/v2');
    // e2e, the one function (ffmpeg-1), cold starts, failure causes.
    expect(card.replays.withoutTrace.checks).toHaveLength(4);
  });

  it.each([
    ['sweeps/bad-sweep.json', "sweeps/bad-sweep.json (sweep): $.points[1].metrics: missing required key 'latency'"],
    ['bad-validation.json', 'bad-validation.json (validation): $.replays.withoutTrace.checks: must be an array'],
  ])('GET /api/results/%s answers 422 with the field that is wrong', async (name, error) => {
    const res = await fetch(`${base}/api/results/${name}`);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: string }).error).toBe(error);
  });

  it('GET /api/results/<name> returns the stored result', async () => {
    const res = await fetch(`${base}/api/results/warm-burst.json`);
    expect(res.status).toBe(200);
    const r = (await res.json()) as { format: string; scenario: { name: string }; variants: unknown[] };
    expect(r.format).toBe('fave.result/v1');
    expect(r.scenario.name).toBe('warm-burst');
    expect(r.variants).toHaveLength(1);
  });

  it('GET /api/results/<malformed> answers 422 with the reason instead of the file', async () => {
    const res = await fetch(`${base}/api/results/broken.json`);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: string }).error).toMatch(/broken\.json \(unknown\): not valid JSON/);
  });

  it.each([
    ['/api/results/../secret.json', [400, 404]],
    ['/api/results/..%2fsecret.json', [400]],
    ['/api/results/%2e%2e/secret.json', [400]],
    ['/api/results/more/..%2f..%2fsecret.json', [400]],
    ['/api/results/%2fetc%2fpasswd', [400]],
    ['/api/results/nothing-here.json', [404]],
    ['/api/results/notes.txt', [404]],
  ])('GET %s refuses to read outside the listed files', async (path, statuses) => {
    const res = await rawGet(path);
    expect(statuses).toContain(res.status);
    expect(res.body).not.toContain('secret":true');
    expect(JSON.parse(res.body)).toHaveProperty('error');
  });

  it('GET /api/profile-view/<profile> gives a density per fit that integrates to about 1 over the plotted range', async () => {
    const res = await fetch(`${base}/api/profile-view/more/default-profile.json`);
    expect(res.status).toBe(200);
    const view = (await res.json()) as ProfileView;
    const warm = view.fits.find((f) => f.stage === 'librosa' && f.phase === 'warm')!;
    expect(warm.family).toBe('lognormal');
    expect(warm.bins.reduce((a, b) => a + b.count, 0)).toBe(warm.n);
    expect(warm.qq).toHaveLength(warm.n);
    const dx = warm.curve[1]!.x - warm.curve[0]!.x;
    const area = warm.curve.reduce((a, p) => a + p.density * dx, 0);
    expect(area).toBeGreaterThan(0.95);
    expect(area).toBeLessThan(1.05);
  });

  it('GET /api/profile-view/<a simulation> answers 400', async () => {
    const res = await fetch(`${base}/api/profile-view/warm-burst.json`);
    expect(res.status).toBe(400);
  });

  it('GET /api/studies lists the six studies with their questions', async () => {
    const studies = (await (await fetch(`${base}/api/studies`)).json()) as { name: string; question: string }[];
    expect(studies.map((s) => s.name)).toEqual(['async', 'original-fave', 'prewarming', 'regimes', 'state-races', 'timeouts']);
    for (const s of studies) expect(s.question.length).toBeGreaterThan(20);
  });

  it('GET /api/studies/<name> lists the results the study wrote, readable through the study route', async () => {
    const study = (await (await fetch(`${base}/api/studies/state-races`)).json()) as { results: { name: string; kind: string }[] };
    expect(study.results.map((r) => [r.name, r.kind])).toEqual([['race.json', 'simulation']]);
    const r = (await (await fetch(`${base}/api/studies/state-races/results/race.json`)).json()) as { variants: { name: string }[] };
    expect(r.variants.map((v) => v.name)).toEqual(['naive', 'cas']);
  });

  it('GET /api/studies/<unknown> answers 404 naming the known studies', async () => {
    const res = await fetch(`${base}/api/studies/nope`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toMatch(/async, original-fave, prewarming, regimes, state-races, timeouts/);
  });

  it('GET /api/studies/<name>/observed answers the study\'s observed.json, 404 for a study without one', async () => {
    const res = await fetch(`${base}/api/studies/original-fave/observed`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { experiments: { scenario: string }[] };
    expect(body.experiments.map((e) => e.scenario)).toEqual(['warm-steady-5req.json', 'cold-burst-5.json', 'steady-20-1rps.json', 'steady-20-1rps-temp-file.json']);
    const none = await fetch(`${base}/api/studies/regimes/observed`);
    expect([none.status, ((await none.json()) as { error: string }).error]).toEqual([404, "study 'regimes' has no observed.json"]);
    expect((await fetch(`${base}/api/studies/nope/observed`)).status).toBe(404);
    // Only that one name: the folder's other files stay out of reach, as do foreign pages.
    expect((await rawGet('/api/studies/original-fave/observed.ts')).status).toBe(404);
    expect((await rawGet('/api/studies/original-fave/../observed')).status).toBe(404);
    expect((await fetch(`${base}/studies/original-fave/observed.json`)).status).toBe(404);
    expect((await rawGet('/api/studies/original-fave/observed', { origin: 'http://evil.example' })).status).toBe(403);
  });

  it('GET /vendor/d3.min.js serves the installed d3', async () => {
    const res = await fetch(`${base}/vendor/d3.min.js`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/d3js\.org v7/);
  });

  it('GET /studies/<name>/study.ts is not served', async () => {
    expect((await fetch(`${base}/studies/study.ts`)).status).toBe(404);
  });
});
