// Headless Chromium for the report's browser tests: Debian's chromium driven by
// playwright-core (never `playwright install`), and a page opened the same way everywhere:
// console errors collected, loaded to network idle, a screenshot for a human to look at
// (notebooks/.screenshots/, gitignored).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(import.meta.dirname, '..', '.screenshots');

/** Chromium, or an error with the install hint when the machine lacks it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: run \`npm test\` as root, or \`sudo apt-get install -y --no-install-recommends chromium\``);
  }
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Opens `url`, waits for `ready` to be in the page, saves `<shot>.png`; with the page's errors. */
export async function openPage(browser: Browser, url: string, ready: string, shot: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.waitForSelector(ready, { state: 'attached' });
  await page.screenshot({ path: join(SHOTS, `${shot}.png`), fullPage: true });
  return { page, errors };
}
