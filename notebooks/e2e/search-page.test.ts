// The search page in headless Chromium against the embedded S3 with indexed videos: a
// match is shown with its time, clip, frame and text, and its frame with the box drawn where
// the text was read; notes and "no match" are shown. Screenshots go to notebooks/.screenshots/.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from '../test/browser.ts';
import { serveReport, type ReportServer } from '../server/serve.ts';
import { FRAME_SIZE, startSearchPlatform, type SearchPlatform } from '../test/search-platform.ts';


let platform: SearchPlatform;
let report: ReportServer;
let browser: Browser;

beforeAll(async () => {
  platform = await startSearchPlatform();
  report = await serveReport({ paths: [platform.root], studyResults: platform.root, search: { env: platform.env, root: platform.root } }, { port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await report?.close();
  await platform?.close();
});

const open = (path: string, ready: string, shot: string) => openPage(browser, report.url + path, ready, shot);

describe('search.html in Chromium', () => {
  it('search.html shows an on-screen match with its frame and the box drawn where the text was read', async () => {
    const { page, errors } = await open('/search.html?q=serverless&request=talk', 'li.hit.on-screen figure.loaded', 'search');
    expect(errors).toEqual([]);
    expect(await page.locator('#summary').textContent()).toBe('3 matches in 1 video searched');
    const first = page.locator('li.hit.on-screen').first();
    expect(await first.locator('.time').textContent()).toBe('00:00:04.600');
    expect(await first.locator('.clip').textContent()).toBe('clip-001');
    expect(await first.locator('.frame-name').textContent()).toBe('frame-00000');
    expect(await first.locator('q.text').textContent()).toBe('SERVERLESS');
    expect(await first.locator('figcaption').textContent()).toBe('s3://fave/requests/talk/ffmpeg-3/clip-001/frame-00000.jpg');
    // The picture is the frame (640×360, shown scaled), and the box sits over the index's box
    // (200,150 240×60) in the same proportions.
    const img = first.locator('img');
    expect(await img.evaluate((el: HTMLImageElement) => [el.naturalWidth, el.naturalHeight])).toEqual([FRAME_SIZE.width, FRAME_SIZE.height]);
    const shown = (await img.boundingBox())!;
    const box = (await first.locator('.box').boundingBox())!;
    const scale = shown.width / FRAME_SIZE.width;
    expect(box.x - shown.x).toBeCloseTo(200 * scale, 0);
    expect(box.y - shown.y).toBeCloseTo(150 * scale, 0);
    expect(box.width).toBeCloseTo(240 * scale, 0);
    expect(box.height).toBeCloseTo(60 * scale, 0);
    // The box is over the dark rectangle the frame has there: the pixel at its centre is dark.
    const centre = await first.locator('img').evaluate((el: HTMLImageElement) => {
      const c = document.createElement('canvas');
      c.width = el.naturalWidth;
      c.height = el.naturalHeight;
      const g = c.getContext('2d')!;
      g.drawImage(el, 0, 0);
      return Array.from(g.getImageData(320, 180, 1, 1).data.slice(0, 3));
    });
    for (const v of centre) expect(v).toBeLessThan(90);
    // The spoken match is listed too, in time order.
    expect(await page.locator('li.hit').first().getAttribute('class')).toBe('hit spoken');
    await page.close();
  });

  it('search.html searches every video from the form, shows the notes of failed and silent ones, and says "no match"', async () => {
    const { page, errors } = await open('/search.html', '#search', 'search-empty');
    await page.fill('#q', 'no audio');
    await page.click('button[type=submit]');
    await page.waitForSelector('li.hit.on-screen figure.loaded');
    expect(errors).toEqual([]);
    expect(new URL(page.url()).search).toBe('?q=no+audio');
    expect(await page.locator('#notes li').allTextContents()).toEqual([
      expect.stringMatching(/^broken: the request failed at ffmpeg-0 \(corrupt-media: /), 'silent: no audio track: on-screen text only',
    ]);
    expect(await page.locator('section.video h3').allTextContents()).toEqual(['silent  s3://fave/inputs/silent.mp4']);
    await page.fill('#q', 'quick brown fox');
    await page.click('button[type=submit]');
    await page.waitForSelector('#summary.no-match');
    expect(await page.locator('#summary').textContent()).toBe('no match for "quick brown fox" in 3 videos searched');
    expect(await page.locator('li.hit').count()).toBe(0);
    await page.close();
  });

  it('search.html shows the API\'s reason when a request id is unknown', async () => {
    const { page, errors } = await open('/search.html?q=x&request=nobody', '#errors:not(:empty)', 'search-unknown');
    expect(await page.locator('#errors').textContent()).toBe('no request nobody in bucket fave');
    for (const e of errors) expect(e).toMatch(/status of 404/);
    await page.close();
  });
});
