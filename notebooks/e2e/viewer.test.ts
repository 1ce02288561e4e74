// The viewer's harder cases in headless Chromium (issue #24, item 5), against real results
// (test/viewer-fixture.ts): zooming and brushing the timeline and the time series, a long
// run summarised in buckets until zoomed in, equal series and equal sweep points both seen,
// tables inside their cards, every validation error on a scale that shows it, profiles,
// sweeps and scorecards side by side, a profile's status, the studies' index. Interactions
// are real mouse and wheel events; every wait is for a selector or an attribute, never a
// time. Screenshots land in notebooks/.screenshots/ (gitignored).
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimResult } from '../../sim/run/result.ts';
import type { SweepResult } from '../../sim/sweep/types.ts';
import type { ProfileView } from '../server/profile-view.ts';
import { serveReport, type ReportServer } from '../server/serve.ts';
import { studyNames } from '../studies/study.ts';
import { launchChromium, openPage } from '../test/browser.ts';
import { FAST_STAGE_ERROR, makeViewerFixture, type ViewerFixture } from '../test/viewer-fixture.ts';

let fx: ViewerFixture;
let report: ReportServer;
let browser: Browser;
let long: SimResult;

beforeAll(async () => {
  fx = await makeViewerFixture();
  long = JSON.parse(readFileSync(join(fx.results, 'long-run.json'), 'utf8'));
  report = await serveReport({ paths: [fx.results], studyResults: join(fx.base, 'studies') }, { port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (report) await report.close();
  if (fx) rmSync(fx.base, { recursive: true, force: true });
});

const open = async (path: string, ready: string, shot: string) => {
  const o = await openPage(browser, report.url + path, ready, `viewer-${shot}`);
  return o;
};
const count = (page: Page, sel: string) => page.locator(sel).count();
const domainOf = async (page: Page, sel: string): Promise<[number, number]> => {
  const d = (await page.locator(sel).first().getAttribute('data-domain'))!;
  return d.split(',').map(Number) as [number, number];
};
/** Waits until `sel`'s data-domain is no longer `before`. */
const domainChange = (page: Page, sel: string, before: [number, number]) =>
  page.waitForFunction(([s, b]) => document.querySelector(s as string)?.getAttribute('data-domain') !== b, [sel, before.join(',')] as const);

/** Cards whose content runs past their edge (a table or chart wider than its card): their text. */
const overflowing = (page: Page) => page.locator('.card').evaluateAll((cards) =>
  cards.filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => (c.textContent ?? '').slice(0, 60)));

/** Drags across the brush of the overview strip under `root`, from fraction a to b of its width. */
async function brush(page: Page, root: string, a: number, b: number): Promise<{ left: number; width: number; x1: number; x2: number }> {
  const overlay = page.locator(`${root} svg.overview-strip g.brush rect.overlay`);
  await overlay.scrollIntoViewIfNeeded(); // mouse coordinates are the viewport's
  const box = (await overlay.boundingBox())!;
  const y = box.y + box.height / 2;
  const x1 = box.x + a * box.width;
  const x2 = box.x + b * box.width;
  await page.mouse.move(x1, y);
  await page.mouse.down();
  await page.mouse.move(x2, y, { steps: 4 });
  await page.mouse.up();
  return { left: box.x, width: box.width, x1, x2 };
}

interface Req { start: number; end: number; spans: SimResult['variants'][number]['spans'] }
function requests(r: SimResult): Req[] {
  const by = new Map<number, Req>();
  for (const s of r.variants[0]!.spans) {
    const q = by.get(s.request) ?? { start: s.start, end: s.end, spans: [] };
    q.start = Math.min(q.start, s.start);
    q.end = Math.max(q.end, s.end);
    q.spans.push(s);
    by.set(s.request, q);
  }
  return [...by.values()];
}

const TIMELINE = '#timeline svg.timeline';

describe('a long run\'s timeline and time series', () => {
  it('draws the whole run in time buckets, not one mark per request, counting every request', async () => {
    const reqs = requests(long);
    expect(reqs.length).toBeGreaterThan(2000);
    const { page, errors } = await open('/result.html?f=long-run.json', `${TIMELINE}[data-mode="summary"]`, 'long-summary');
    expect(errors).toEqual([]);
    expect(await count(page, `${TIMELINE} rect.span`)).toBe(0);
    expect(await count(page, `${TIMELINE} rect.wait`)).toBe(0);
    const bins = await count(page, `${TIMELINE} rect.tbin`);
    expect(bins).toBeGreaterThanOrEqual(10);
    // Bounded by the width, not the requests: far fewer marks in the whole chart than requests.
    expect(await count(page, `${TIMELINE} rect, ${TIMELINE} circle, ${TIMELINE} path`)).toBeLessThan(reqs.length / 4);
    const counted = await page.evaluate(() => (globalThis as any).d3.selectAll('#timeline rect.tbin').data().reduce((a: number, d: any) => a + d.y1 - d.y0, 0));
    expect(counted).toBe(reqs.length);
    expect(await page.locator('#timeline .timeline-status').textContent()).toContain(`${reqs.length} of ${reqs.length} sampled requests`);
    expect(await overflowing(page)).toEqual([]);
    await page.close();
  });

  it('a brush on the overview sets the window; narrow enough, each request is drawn with its spans', async () => {
    const reqs = requests(long);
    const full = [Math.min(...reqs.map((r) => r.start)), Math.max(...reqs.map((r) => r.end))];
    const { page, errors } = await open('/result.html?f=long-run.json', `${TIMELINE}[data-mode="summary"]`, 'long-brush');
    const { left, width, x1, x2 } = await brush(page, '#timeline', 0.5, 0.505);
    await page.waitForSelector(`${TIMELINE}[data-mode="requests"]`);
    const [a, b] = await domainOf(page, TIMELINE);
    const at = (px: number) => full[0]! + ((px - left) / width) * (full[1]! - full[0]!);
    expect(a).toBeCloseTo(at(x1), 0);
    expect(b).toBeCloseTo(at(x2), 0);
    // The overview strip's brush and the chart agree on the window.
    expect(await domainOf(page, '#timeline svg.overview-strip')).toEqual([a, b]);
    const shown = reqs.filter((r) => r.end >= a && r.start <= b);
    expect(shown.length).toBeGreaterThan(0);
    expect(await count(page, `${TIMELINE} rect.span`)).toBe(shown.flatMap((r) => r.spans).filter((s) => s.route !== null).length);
    expect(await count(page, `${TIMELINE} rect.tbin`)).toBe(0);
    // The time axis reads the window: its ticks lie inside it.
    const ticks = (await page.locator(`${TIMELINE} g.axis.x .tick text`).allTextContents()).map((t) => Number(t.replace(/,/g, '')));
    expect(ticks.length).toBeGreaterThan(1);
    for (const t of ticks) expect(t >= a - 1e-9 && t <= b + 1e-9).toBe(true);
    await page.screenshot({ path: join(import.meta.dirname, '..', '.screenshots', 'viewer-long-brushed.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the wheel zooms about the pointer, changing the axis domain, and reset restores the whole run', async () => {
    const { page, errors } = await open('/result.html?f=long-run.json', `${TIMELINE}[data-mode="summary"]`, 'long-wheel');
    const before = await domainOf(page, TIMELINE);
    await page.locator(`${TIMELINE} rect.zoom-bg`).scrollIntoViewIfNeeded();
    const box = (await page.locator(`${TIMELINE} rect.zoom-bg`).boundingBox())!;
    const px = box.x + box.width * 0.3;
    const timeAt = (d: [number, number]) => d[0] + ((px - box.x) / box.width) * (d[1] - d[0]);
    await page.mouse.move(px, box.y + box.height / 2);
    await page.mouse.wheel(0, -600);
    await domainChange(page, TIMELINE, before);
    const after = await domainOf(page, TIMELINE);
    expect(after[1] - after[0]).toBeLessThan((before[1] - before[0]) / 2);
    expect(timeAt(after)).toBeCloseTo(timeAt(before), 0); // the time under the pointer stays put
    const ticks = (await page.locator(`${TIMELINE} g.axis.x .tick text`).allTextContents()).map((t) => Number(t.replace(/,/g, '')));
    for (const t of ticks) expect(t >= after[0] - 1e-9 && t <= after[1] + 1e-9).toBe(true);
    // The overview's brush follows the zoom.
    expect(await domainOf(page, '#timeline svg.overview-strip')).toEqual(after);
    await page.locator('#timeline button.zoom-reset').click();
    await domainChange(page, TIMELINE, after);
    expect(await domainOf(page, TIMELINE)).toEqual(before);
    expect(await page.locator(TIMELINE).getAttribute('data-mode')).toBe('summary');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the time series summarise denser-than-pixel samples and zoom to steps; every chart shares the window', async () => {
    const fns = Object.keys(long.variants[0]!.timeSeries.functions);
    const { page, errors } = await open('/result.html?f=long-run.json', '#series .cell svg[data-mode="envelope"]', 'long-series');
    expect(await count(page, '#series path.ts-line')).toBe(4 * fns.length);
    expect(await count(page, '#series path.ts-band')).toBe(4 * fns.length);
    await brush(page, '#series', 0.2, 0.23);
    await page.waitForSelector('#series .cell svg[data-mode="steps"]');
    const window = await domainOf(page, '#series svg.overview-strip');
    for (const d of await page.locator('#series .cell svg').evaluateAll((els) => els.map((e) => e.getAttribute('data-domain')))) expect(d).toBe(window.join(','));
    expect(await count(page, '#series path.ts-band')).toBe(0);
    expect(await count(page, '#series path.ts-line')).toBe(4 * fns.length);
    // Wheel on a chart moves the window of all (and the strip).
    await page.locator('#series .cell svg rect.zoom-bg').first().scrollIntoViewIfNeeded();
    const box = (await page.locator('#series .cell svg rect.zoom-bg').first().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, 400);
    await domainChange(page, '#series svg.overview-strip', window);
    const wider = await domainOf(page, '#series svg.overview-strip');
    expect(wider[1] - wider[0]).toBeGreaterThan(window[1] - window[0]);
    expect(await domainOf(page, '#series .cell svg')).toEqual(wider);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('a sparse day (26,000 s, 20 requests)', () => {
  it('seen whole, calls too narrow for their markers get counts beside their row instead; zoomed in, the markers', async () => {
    const day = JSON.parse(readFileSync(join(fx.results, 'prewarm.json'), 'utf8')) as SimResult;
    const reqs = requests(day);
    const colds = reqs.flatMap((r) => r.spans).filter((s) => s.cold).length;
    expect(colds).toBeGreaterThan(0);
    const { page, errors } = await open('/result.html?f=prewarm.json', `${TIMELINE}[data-mode="requests"]`, 'day-whole');
    expect(errors).toEqual([]);
    const full = await domainOf(page, TIMELINE);
    expect(full[1] - full[0]).toBeGreaterThan(20_000);
    expect(await count(page, `${TIMELINE} rect.span`)).toBe(reqs.flatMap((r) => r.spans).filter((s) => s.route !== null).length);
    const folded = async () => (await page.locator(`${TIMELINE} text.mark-count`).allTextContents()).reduce((a, t) => a + Number(/▲(\d+)/.exec(t)?.[1] ?? 0), 0);
    // Every cold start is told, as a marker or in a count; seen whole, (almost) all are counts.
    expect((await count(page, `${TIMELINE} path.cold`)) + (await folded())).toBe(colds);
    expect(await folded()).toBeGreaterThan(colds / 2);
    // Zoom on the second request: its calls are wide enough for their markers.
    const r = reqs.sort((a, b) => a.start - b.start)[1]!;
    const frac = (t: number) => (t - full[0]) / (full[1] - full[0]);
    await brush(page, '#timeline', frac(r.start) - 0.0005, frac(r.end) + 0.0005);
    await domainChange(page, TIMELINE, full);
    const [a, b] = await domainOf(page, TIMELINE);
    const shown = reqs.filter((q) => q.end >= a && q.start <= b).flatMap((q) => q.spans).filter((s) => s.cold).length;
    expect(await count(page, `${TIMELINE} path.cold`)).toBeGreaterThan(0);
    expect((await count(page, `${TIMELINE} path.cold`)) + (await folded())).toBe(shown);
    await page.close();
  });
});

describe('overplotting', () => {
  it('two equal series: both CDF lines are drawn, dashed and offset so each colour shows', async () => {
    const { page, errors } = await open('/result.html?f=twins.json', '#cdfs path.cdf', 'twins');
    expect(errors).toEqual([]);
    const first = page.locator('#cdfs .card').first().locator('path.cdf');
    expect(await first.count()).toBe(2);
    const [a, b] = await first.evaluateAll((els) => els.map((e) => [e.getAttribute('d'), e.getAttribute('stroke'), e.getAttribute('stroke-dasharray'), e.getAttribute('stroke-dashoffset')]));
    expect(a![0]).toBe(b![0]); // the same curve…
    expect(a![1]).not.toBe(b![1]); // …in two colours…
    expect(a![2]).not.toBeNull(); // …dashed…
    expect(a![3]).not.toBe(b![3]); // …with the dashes offset, so one never covers the other
    expect(await page.locator('#cdfs .legend').first().textContent()).toContain('= same again');
    // Cost vs p95: the two equal series are two separate dots, each joined to the one spot.
    const dots = await page.locator('#pareto circle.point').evaluateAll((els) => els.map((e) => [Number(e.getAttribute('cx')), Number(e.getAttribute('cy')), Number(e.getAttribute('r'))]));
    expect(dots.length).toBe(2);
    expect(Math.hypot(dots[0]![0]! - dots[1]![0]!, dots[0]![1]! - dots[1]![1]!)).toBeGreaterThanOrEqual(dots[0]![2]! + dots[1]![2]!);
    expect(await count(page, '#pareto line.leader')).toBe(2);
    await page.close();
  });

  it('a 16-point sweep shows 16 separate marks, equal points spread around their spot, and its table fits its card', async () => {
    const sweep = JSON.parse(readFileSync(join(fx.results, 'sweeps', 'sixteen.json'), 'utf8')) as SweepResult;
    expect(sweep.points.length).toBe(16);
    const spots = new Set(sweep.points.map((p) => `${p.objectives.cost},${p.objectives.service}`));
    expect(spots.size).toBeLessThan(16); // the case: some points are equal
    const { page, errors } = await open('/sweep.html?f=sweeps/sixteen.json', '#front circle.point', 'sweep-sixteen');
    expect(errors).toEqual([]);
    const circles = await page.locator('#front circle.point').evaluateAll((els) => els.map((e) => ({ x: Number(e.getAttribute('cx')), y: Number(e.getAttribute('cy')), r: Number(e.getAttribute('r')) })));
    expect(circles.length).toBe(16);
    for (let i = 0; i < circles.length; i++) {
      for (let j = i + 1; j < circles.length; j++) {
        const [p, q] = [circles[i]!, circles[j]!];
        expect(Math.hypot(p.x - q.x, p.y - q.y)).toBeGreaterThanOrEqual(p.r + q.r);
      }
    }
    expect(await count(page, '#front line.leader')).toBe(16 - [...spots].filter((s) => sweep.points.filter((p) => `${p.objectives.cost},${p.objectives.service}` === s).length === 1).length);
    // A narrow window: the table scrolls inside its card instead of running past it.
    await page.setViewportSize({ width: 640, height: 900 });
    const fit = await page.locator('#points .card').evaluate((card) => {
      const c = card.getBoundingClientRect();
      const t = card.querySelector('.table-scroll')!.getBoundingClientRect();
      const scroller = card.querySelector('.table-scroll')!;
      return { inside: t.left >= c.left && t.right <= c.right, scrolls: scroller.scrollWidth > scroller.clientWidth, overflow: card.scrollWidth - card.clientWidth };
    });
    expect(fit).toEqual({ inside: true, scrolls: true, overflow: 0 });
    await page.close();
  });
});

describe('validation scales and labels', () => {
  it('a −53 % fast-stage error beside a slow stage: its bar reaches well past the noise floor, and no labels overlap', async () => {
    const { page, errors } = await open('/validation.html?f=validation-b.json', '#errors-chart rect.error', 'validation-fast-stage');
    expect(errors).toEqual([]);
    const bar = page.locator('#errors-chart rect.error[data-label="fast-stage p50"]');
    expect(await bar.getAttribute('class')).toContain('beyond');
    expect(await overflowing(page)).toEqual([]);
    const geom = await page.locator('#errors-chart svg').evaluate((svg) => {
      const r = (sel: string) => svg.querySelector(sel)!.getBoundingClientRect();
      const floors = [...svg.querySelectorAll('rect.floor')].map((e) => e.getBoundingClientRect());
      const zero = r('line.zero');
      const plot = r('rect.error'); // any bar: its row's height
      return { bar: r('rect.error[data-label="fast-stage p50"]'), zero: zero.left, floors, plotH: plot.height, width: svg.getBoundingClientRect().width };
    });
    // Drawn leftwards from zero, wider than a tenth of the chart, and past its row's floor by 20 px.
    expect(geom.bar.right).toBeCloseTo(geom.zero, 0);
    expect(geom.bar.width).toBeGreaterThan(geom.width / 10);
    const floor = geom.floors.find((f) => f.top <= geom.bar.top && f.bottom >= geom.bar.bottom)!;
    expect(geom.bar.left).toBeLessThan(floor.left - 20);
    expect(FAST_STAGE_ERROR).toBe(-0.53);
    // The per-function chart: category labels run down the side and never overlap.
    const labels = await page.locator('#stages svg g.axis.y .tick text').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((b) => [b.top, b.bottom]));
    expect(labels.length).toBe(6);
    labels.sort((p, q) => p[0]! - q[0]!);
    for (let i = 1; i < labels.length; i++) expect(labels[i]![0]).toBeGreaterThanOrEqual(labels[i - 1]![1]!);
    // Log scale: the fast stage's sim bar is visible (≥ 20 px) beside a stage 100× slower.
    const widths = await page.locator('#stages rect.bar.sim').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
    expect(Math.min(...widths)).toBeGreaterThan(20);
    await page.close();
  });
});

describe('side by side', () => {
  it('two profiles: one column each, the same stage and phase on one row, and each status shown', async () => {
    const view = async (n: string) => (await (await fetch(`${report.url}/api/profile-view/${n}`)).json()) as ProfileView;
    const [a, b] = [await view('profiles/default.json'), await view('profiles/interrupted.partial.json')];
    expect([a.status, b.status]).toEqual(['complete', 'incomplete']);
    const { page, errors } = await open('/profile.html?f=profiles/default.json&f=profiles/interrupted.partial.json', 'path.density', 'profile-compare');
    expect(errors).toEqual([]);
    expect(await count(page, '#measured .compare .column')).toBe(2);
    expect(await page.locator('#measured .column').nth(0).locator('.profile-status').getAttribute('data-status')).toBe('complete');
    expect(await overflowing(page)).toEqual([]);
    expect(await page.locator('#measured .column').nth(1).locator('.profile-status').textContent()).toContain('INCOMPLETE calibration');
    expect(await count(page, 'path.density')).toBe(a.fits.length + b.fits.length);
    const rows = new Set([...a.fits, ...b.fits].map((f) => `${f.stage}/${f.phase}`)).size;
    expect(await count(page, '#stages .compare')).toBe(rows);
    const missing = a.fits.filter((f) => !b.fits.some((g) => g.stage === f.stage && g.phase === f.phase)).length;
    expect(missing).toBeGreaterThan(0);
    expect(await page.locator('#stages .column[data-column="1"]', { hasText: 'Not in this profile.' }).count()).toBe(missing);
    // A row's charts share their axes: the slower machine's fit (2× the first stage's warm
    // times) reads against the other on the same ticks.
    const row = page.locator('#stages .compare').first();
    const ticks = (i: number, cell: string) => row.locator(`.column[data-column="${i}"] .${cell} g.axis.x .tick text`).allTextContents();
    for (const cell of ['density-cell', 'qq-cell']) expect(await ticks(0, cell)).toEqual(await ticks(1, cell));
    const reach = (i: number) => row.locator(`.column[data-column="${i}"] path.density`).evaluate((e) => e.getBoundingClientRect().width);
    expect(await reach(1)).toBeGreaterThan((await reach(0)) * 1.5);
    await page.close();
  });

  it('one incomplete profile says so at the top', async () => {
    const { page, errors } = await open('/profile.html?f=profiles/interrupted.partial.json', '.profile-status', 'profile-incomplete');
    expect(errors).toEqual([]);
    const status = page.locator('.profile-status');
    expect(await status.getAttribute('class')).toContain('incomplete');
    expect(await status.textContent()).toContain('--allow-incomplete');
    expect(await status.isVisible()).toBe(true);
    await page.close();
  });

  it('two sweeps: a column each with every point and its table, on shared axes', async () => {
    const n = (f: string) => (JSON.parse(readFileSync(join(fx.results, 'sweeps', f), 'utf8')) as SweepResult).points.length;
    const { page, errors } = await open('/sweep.html?f=sweeps/small.json&f=sweeps/sixteen.json', '.compare .column circle.point', 'sweep-compare');
    expect(errors).toEqual([]);
    const cols = page.locator('.compare .column');
    expect(await cols.count()).toBe(2);
    expect(await cols.nth(0).locator('circle.point').count()).toBe(n('small.json'));
    expect(await cols.nth(1).locator('circle.point').count()).toBe(n('sixteen.json'));
    expect(await cols.nth(0).locator('.points tbody tr').count()).toBe(n('small.json'));
    expect(await cols.nth(1).locator('.points tbody tr').count()).toBe(n('sixteen.json'));
    const ticks = (i: number) => cols.nth(i).locator('svg g.axis.y .tick text').allTextContents();
    expect(await ticks(0)).toEqual(await ticks(1));
    expect(await page.locator('#title').textContent()).toBe('Sweep: notebook-fixture vs sixteen');
    expect(await overflowing(page)).toEqual([]); // half-width columns: tables scroll inside their cards
    await page.close();
  });

  it('two scorecards: a column each with its checks, bars and errors, on one error axis', async () => {
    const { page, errors } = await open('/validation.html?f=validation-a.json&f=validation-b.json', '.compare .column rect.error', 'validation-compare');
    expect(errors).toEqual([]);
    const cols = page.locator('.compare .column');
    expect(await cols.count()).toBe(2);
    expect(await cols.nth(0).locator('.e2e rect.bar.live').count()).toBe(2);
    expect(await cols.nth(0).locator('rect.error').count()).toBe(4); // end to end and one stage, p50 and p95
    expect(await cols.nth(1).locator('rect.error').count()).toBe(8); // and two more stages
    const ticks = (i: number) => cols.nth(i).locator('.errors-chart g.axis.x .tick text').allTextContents();
    expect(await ticks(0)).toEqual(await ticks(1));
    expect(await page.locator('[id]').evaluateAll((els) => els.length - new Set(els.map((e) => e.id)).size)).toBe(0); // ids stay unique
    expect(await overflowing(page)).toEqual([]);
    await page.close();
  });

  it('the index opens ticked files of one kind together, and refuses a mix', async () => {
    const { page, errors } = await open('/', '#study-list li', 'index-pick');
    expect(errors).toEqual([]);
    const tick = (name: string) => page.locator(`#files input[value="${name}"]`).check();
    await tick('sweeps/small.json');
    await tick('validation-a.json');
    expect(await page.locator('#open').isDisabled()).toBe(true);
    expect(await page.locator('#pick-note').textContent()).toContain('one kind');
    await page.locator('#files input[value="validation-a.json"]').uncheck();
    await tick('sweeps/sixteen.json');
    expect(await page.locator('#open').textContent()).toBe('Compare 2 sweeps');
    await page.locator('#open').click();
    await page.waitForSelector('.compare .column circle.point');
    expect(new URL(page.url()).search).toBe('?f=sweeps%2Fsixteen.json&f=sweeps%2Fsmall.json');
    await page.close();
  });
});

describe('the studies index', () => {
  it('/studies/ lists every study with its question, linking to its page; the index links to it', async () => {
    const { page, errors } = await open('/studies/', 'section.study', 'studies-index');
    expect(errors).toEqual([]);
    const names = studyNames();
    expect(await count(page, 'section.study')).toBe(names.length);
    for (const name of names) {
      const card = page.locator(`section.study[data-study="${name}"]`);
      expect(await card.locator(`a[href="/studies/${name}/"]`).count()).toBe(1);
      expect((await card.locator('.question').textContent())!.length).toBeGreaterThan(40);
      expect(await card.locator('.results-state').textContent()).toMatch(/results present/);
    }
    await page.close();
    const index = await open('/', '#study-list li', 'index-studies-link');
    expect(await index.page.locator('main a[href="/studies/"]').count()).toBe(1);
    await index.page.close();
  });
});
