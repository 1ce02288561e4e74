// Every page of the report in headless Chromium, against real simulation results: it loads
// without console errors and its charts hold data-bound SVG marks in the numbers the data
// implies; a malformed file shows its reason. Screenshots go to notebooks/.screenshots/
// (gitignored) for a human to look at.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from '../test/browser.ts';
import type { Scorecard } from '../../calibrate/validate/score.ts';
import type { SimResult } from '../../sim/run/result.ts';
import type { SweepResult } from '../../sim/sweep/types.ts';
import type { ProfileView } from '../server/profile-view.ts';
import { serveReport, type ReportServer } from '../server/serve.ts';
import type { Observed } from '../studies/original-fave/observed.ts';
import { loadStudy, runStudy, studyNames } from '../studies/study.ts';
import { makeFixture, type Fixture } from '../test/fixture.ts';
import { decide } from '../studies/async/decide.js';


let fx: Fixture;
let report: ReportServer;
let base: string;
let browser: Browser;

beforeAll(async () => {
  fx = await makeFixture(['timeouts', 'race']);
  for (const name of studyNames()) await runStudy(loadStudy(name), { resultsDir: fx.base, replications: 2 });
  report = await serveReport({ paths: [fx.results], studyResults: join(fx.base, 'studies') }, { port: 0, host: '127.0.0.1' });
  base = report.url;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (report) await report.close();
  if (fx) rmSync(fx.base, { recursive: true, force: true });
});

/** Opens a page, waits for `ready`, screenshots it; returns the page and its console errors. */
const open = (path: string, ready: string, shot: string) => openPage(browser, base + path, ready, shot);

const count = (page: Page, sel: string) => page.locator(sel).count();
const result = (name: string): SimResult => JSON.parse(readFileSync(join(fx.results, name), 'utf8'));

describe('report pages in Chromium', () => {
  it('index.html lists every file, the malformed one with its reason, and every study', async () => {
    const { page, errors } = await open('/', '#study-list li', 'index');
    expect(errors).toEqual([]);
    expect(await count(page, '#files tbody tr')).toBe(9);
    expect(await page.locator('tr.bad', { hasText: 'broken.json' }).textContent()).toContain('cannot be shown: not valid JSON');
    expect(await page.locator('tr.bad', { hasText: 'bad-sweep.json' }).textContent()).toContain("cannot be shown: $.points[1].metrics: missing required key 'latency'");
    expect(await page.locator('a[href="/sweep.html?f=sweeps%2Fsweep.json"]').count()).toBe(1);
    expect(await page.locator('a[href="/validation.html?f=validation.json"]').count()).toBe(1);
    // Every file that can be shown can be ticked: two simulations, the profile, the sweep, the scorecard.
    expect(await count(page, '#files input[type=checkbox]')).toBe(5);
    expect(await count(page, '#study-list li')).toBe(studyNames().length);
    await page.close();
  });

  it('result.html with two files draws every view with marks bound to each series', async () => {
    const files = ['timeouts.json', 'race.json'];
    const variants = files.flatMap((f) => result(f).variants);
    const { page, errors } = await open(`/result.html?${files.map((f) => `f=${f}`).join('&')}`, '#pareto circle.point', 'result-compare');
    expect(errors).toEqual([]);
    const withE2e = variants.filter((v) => v.histograms.e2e.total > 0).length;
    expect(await count(page, '#cdfs .card:first-of-type path.cdf')).toBe(withE2e);
    expect(await count(page, '#cdfs path.cdf')).toBeGreaterThanOrEqual(variants.length);
    // Each CDF is a real distribution: it ends at 1.
    const ends = await page.evaluate(() => (globalThis as any).d3.selectAll('path.cdf').data().map((d: any) => d.pts.at(-1).p));
    for (const p of ends) expect(p).toBeCloseTo(1, 12);
    expect(await count(page, '#summary rect.outcome')).toBeGreaterThanOrEqual(variants.length);
    expect(await count(page, '#summary circle.pct')).toBe(withE2e * 5);
    expect(await count(page, '#summary rect.cold')).toBe(variants.length * Object.keys(variants[0]!.summary.functions).length);
    expect(await count(page, '#pareto circle.point')).toBe(withE2e);
    expect(await count(page, '#pareto circle.point.front')).toBeGreaterThanOrEqual(1);
    const first = variants[0]!;
    expect(await count(page, '#timeline rect.span')).toBe(first.spans.filter((s) => s.route !== null).length);
    expect(await count(page, '#series path.ts-line')).toBe(4 * Object.keys(first.timeSeries.functions).length);
    // Switching the series redraws the timeline from that variant's spans.
    const last = variants.at(-1)!;
    await page.locator('#timeline select').selectOption({ index: variants.length - 1 });
    expect(await count(page, '#timeline rect.span')).toBe(last.spans.filter((s) => s.route !== null).length);
    await page.close();
  });

  it('result.html with a malformed file shows the reason instead of charts', async () => {
    const { page, errors } = await open('/result.html?f=broken.json', '#errors:not(:empty)', 'result-broken');
    expect(await page.locator('#errors').textContent()).toMatch(/broken\.json.*not valid JSON/);
    expect(await count(page, 'svg')).toBe(0);
    // The only console error allowed is the browser's note of the 422 answer itself.
    for (const e of errors) expect(e).toMatch(/status of 422/);
    await page.close();
  });

  it('profile.html draws a density per fit, a histogram where there are samples, and the QQ points', async () => {
    const view = (await (await fetch(`${base}/api/profile-view/more/default-profile.json`)).json()) as ProfileView;
    const { page, errors } = await open('/profile.html?f=more/default-profile.json', 'path.density', 'profile');
    expect(errors).toEqual([]);
    expect(await count(page, 'path.density')).toBe(view.fits.length);
    expect(await count(page, 'rect.bin')).toBe(view.fits.reduce((a, f) => a + f.bins.length, 0));
    expect(await count(page, 'circle.qq')).toBe(view.fits.reduce((a, f) => a + f.qq.length, 0));
    expect(await page.locator('#stages').textContent()).toContain('lognormal');
    await page.close();
  });

  it('sweep.html plots every point, rings and joins the front, tells each point\'s overrides, and tables the points', async () => {
    const sweep = JSON.parse(readFileSync(join(fx.results, 'sweeps', 'sweep.json'), 'utf8')) as SweepResult;
    const { page, errors } = await open('/sweep.html?f=sweeps/sweep.json', '#front circle.point', 'sweep');
    expect(errors).toEqual([]);
    expect(await count(page, '#front circle.point')).toBe(sweep.points.length);
    expect(await count(page, '#front circle.point.front')).toBe(sweep.pareto.length);
    expect(await page.locator('#front circle.point.front').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-index'))).sort())).toEqual([...sweep.pareto].sort());
    // One line joins the front's points, cheapest first, as the sweep lists them.
    expect(await count(page, '#front path.front-line')).toBe(1);
    expect(await page.evaluate(() => (globalThis as any).d3.select('#front path.front-line').datum().map((d: any) => d.p.index))).toEqual(sweep.pareto);
    expect(await page.locator('#front svg .axis-title').allTextContents()).toEqual(['replica GB·s per run', 'p95 end-to-end latency (s)']);
    const bound = await page.evaluate(() => (globalThis as any).d3.selectAll('#front circle.point').data().map((d: any) => [d.p.index, d.cost, d.service]));
    for (const [i, cost, service] of bound) {
      expect(cost).toBe(sweep.points[i].objectives.cost);
      expect(service).toBe(sweep.points[i].objectives.service);
    }
    const last = sweep.points.at(-1)!;
    await page.locator(`#front circle.point[data-index="${last.index}"]`).hover();
    const tip = await page.locator('.tooltip').textContent();
    for (const [k, v] of Object.entries(last.overrides)) expect(tip).toContain(`${k} = ${JSON.stringify(v)}`);
    expect(await count(page, '#points tbody tr')).toBe(sweep.points.length);
    expect(await count(page, '#points tbody tr.front')).toBe(sweep.pareto.length);
    expect(await page.locator('#points tbody tr').first().textContent()).toContain('/workload/count = 1');
    await page.close();
  });

  it('validation.html shows the checks and verdict, live vs sim bars and distances against the noise floor for each scored thing, and says why there are no CDFs', async () => {
    const card = JSON.parse(readFileSync(join(fx.results, 'validation.json'), 'utf8')) as Scorecard;
    const b = card.replays.withoutTrace;
    const { page, errors } = await open('/validation.html?f=validation.json', '#outcomes rect.bar', 'validation');
    expect(errors).toEqual([]);
    expect(await count(page, '#checks tbody tr')).toBe(b.checks.length);
    expect(await count(page, '#checks tbody tr.fail')).toBe(b.checks.filter((c) => !c.pass).length);
    expect(await page.locator('#checks .verdict').textContent()).toMatch(card.match ? /^MATCH/ : /^MISS/);
    expect(await count(page, '#e2e rect.bar.live')).toBe(2);
    expect(await count(page, '#e2e rect.bar.sim')).toBe(2);
    const e2e = await page.evaluate(() => (globalThis as any).d3.selectAll('#e2e rect.bar.sim').data().map((d: any) => d.v));
    expect(e2e).toEqual([b.e2e.sim.p50, b.e2e.sim.p95]);
    expect(await page.locator('#e2e table.data tbody tr td').last().textContent()).toBe(b.e2e.verdict);
    expect(await count(page, '#stages rect.bar')).toBe(Object.keys(b.functions).length * 4);
    expect(await count(page, '#stages table.data tbody tr')).toBe(Object.keys(b.functions).length);
    expect(await page.locator('#about').textContent()).toContain('splits of the run into halves');
    expect(await count(page, '#cold rect.bar')).toBe((Object.keys(b.coldStarts.byStage).length + 1) * 2);
    const o = b.outcomes[0]!;
    const causes = new Set([...Object.keys(o.live), ...Object.keys(o.sim)].filter((k) => (o.live[k] ?? 0) > 0 || (o.sim[k] ?? 0) > 0));
    expect(await count(page, '#outcomes rect.bar')).toBe(causes.size * 2);
    expect(await page.locator('#cdf .note').textContent()).toContain('no samples, CDF points or histograms');
    await page.close();
  });

  it.each([
    ['sweep.html?f=sweeps/bad-sweep.json', "$.points[1].metrics: missing required key 'latency'"],
    ['validation.html?f=bad-validation.json', '$.replays.withoutTrace.checks: must be an array'],
  ])('%s shows the reason instead of charts', async (path, reason) => {
    const { page, errors } = await open(`/${path}`, '#errors:not(:empty)', `malformed-${path.split('.')[0]}`);
    expect(await page.locator('#errors').textContent()).toContain(reason);
    expect(await count(page, 'svg')).toBe(0);
    for (const e of errors) expect(e).toMatch(/status of 422/);
    await page.close();
  });

  // Every study there is, so a new one cannot go unopened.
  it.each(studyNames())('studies/%s/ states its question, prints numbers and draws its charts', async (name) => {
    const { page, errors } = await open(`/studies/${name}/`, '#findings li', `study-${name}`);
    expect(errors).toEqual([]);
    expect(await page.locator('#errors').textContent()).toBe('');
    expect((await page.locator('#question').textContent())!.length).toBeGreaterThan(40);
    const items = await page.locator('#findings li').allTextContents();
    expect(items.length).toBeGreaterThanOrEqual(2);
    for (const t of items) {
      expect(t).toMatch(/\d/);
      expect(t).not.toMatch(/NaN|undefined|no series/);
    }
    expect(await count(page, 'svg rect, svg circle, svg path.cdf')).toBeGreaterThan(10);
    await page.close();
  });

  it('studies/async/ prints the recommendations decide.js computes from its results, and draws each queue over time', async () => {
    const results = ['long-job.json', 'ack-wait.json', 'retries-429.json'].map((n) => JSON.parse(readFileSync(join(fx.base, 'studies', 'async', n), 'utf8')) as SimResult);
    const d = decide(results.flatMap((r) => r.variants.map((v) => ({ scenario: r.scenario, name: v.name, overrides: v.overrides, summary: v.summary }))));
    const { page, errors } = await open('/studies/async/', '#findings li', 'study-async-recommendation');
    expect(errors).toEqual([]);
    const items = await page.locator('#findings li').allTextContents();
    const recommended = [...d.longJob.text, ...d.ackWait.text, ...d.retries.text].filter((t) => t.startsWith('Recommendation:'));
    expect(recommended.length).toBe(3);
    for (const t of recommended) expect(items).toContain(t);
    expect(await count(page, '#findings li b')).toBeGreaterThanOrEqual(3);
    // One line per asynchronous variant, in one chart per scenario that has any.
    const asyncVariants = results.flatMap((r) => r.variants).filter((v) => v.summary.async).length;
    expect(await count(page, '#queues path.queue-depth')).toBe(asyncVariants);
    // The replicas-and-load view of an async series has a cell for its queue: waiting and running.
    expect(await count(page, '#series path.ts-line.depth')).toBe(1);
    expect(await count(page, '#series path.ts-line.running')).toBe(1);
    await page.close();
  });

  it('studies/original-fave/ sets each prediction beside the measured and published outcome, cited, with the error', async () => {
    const observed = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'studies', 'original-fave', 'observed.json'), 'utf8')) as Observed;
    const { page, errors } = await open('/studies/original-fave/', '.experiment table', 'study-original-fave-tables');
    expect(errors).toEqual([]);
    expect(await count(page, '.experiment')).toBe(observed.experiments.length);
    for (const exp of observed.experiments) {
      const box = page.locator(`.experiment[data-scenario="${exp.scenario}"]`);
      const text = (await box.textContent())!;
      expect(text).toContain(exp.measured.file);
      expect(text).toContain(`${exp.measured.ok} of ${exp.measured.requests}`);
      if (exp.measured.e2eOkS) expect(text).toContain(`${exp.measured.e2eOkS.mean.toFixed(2).replace(/0+$/, '').replace(/\.$/, '')} s`);
      // Every published claim is there with a link to its lines in the original repository.
      const cites = exp.published.flatMap((p) => p.cite);
      for (const c of cites) expect(text).toContain(c);
      expect(await box.locator('a.cite').count()).toBeGreaterThanOrEqual(cites.length);
      // A prediction with its CI, and an error, on the first row.
      const first = await box.locator('tbody tr').first().locator('td').allTextContents();
      expect(first[3]).toMatch(/of 5|of 20/);
      expect(first[4]).toMatch(/requests?$/);
      expect(text).not.toMatch(/NaN|undefined/);
    }
    expect(await count(page, '#compare-charts rect.bar.live')).toBeGreaterThanOrEqual(observed.experiments.length);
    expect(await count(page, '#compare-charts rect.bar.sim')).toBeGreaterThanOrEqual(observed.experiments.length);
    const items = await page.locator('#findings li').allTextContents();
    expect(items.length).toBeGreaterThanOrEqual(observed.experiments.length + 2);
    expect(items.join(' ')).toMatch(/miss/);
    await page.close();
  });
});
