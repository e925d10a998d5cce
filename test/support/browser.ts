/**
 * Debian's Chromium, headless, as every browser test and benchmark launches it: never a browser
 * downloaded by Playwright, and no background networking (this machine has no network to reach).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import { afterEach } from 'vitest';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
  });
}

const networkNotes = new WeakMap<Page, string[]>();

/** A request's method and path, without the query (the app's first address holds the token). */
function requestName(r: Request): string {
  return `${r.method()} ${new URL(r.url()).pathname}`;
}

/**
 * Collects what went wrong in the page into `into`, for a test to assert none (or only what it
 * expects, by name):
 * - `pageerror: …` and `console: …`: the page's script errors and console errors;
 * - `response: 500 POST /api/invoke/images:snapshot`: every answer with a status of 400 or more;
 * - `failed: GET /api/events net::ERR_CONNECTION_REFUSED`: every request that got no answer.
 * Chromium's own console line for these (`Failed to load resource: …`) names no address, so it is
 * left out for the named line. A request the page itself ended (`net::ERR_ABORTED`: a navigation
 * ends the event stream) is no failure: it is kept with the rest of the traffic notes that
 * `captureFailures` prints.
 */
export function collectPageProblems(page: Page, into: string[]): void {
  page.on('pageerror', (e) => into.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) {
      into.push(`console: ${m.text()}`);
    }
  });
  page.on('response', (r) => {
    if (r.status() >= 400) into.push(`response: ${r.status()} ${requestName(r.request())}`);
  });
  const network: string[] = [];
  networkNotes.set(page, network);
  page.on('requestfailed', (r) => {
    const error = r.failure()?.errorText ?? 'no answer';
    const line = `failed: ${requestName(r)} ${error}`;
    network.push(line);
    if (error !== 'net::ERR_ABORTED') into.push(line);
  });
  page.on('crash', () => into.push('crash: the page crashed'));
}

/** A 1440×900 page that may use the clipboard on `origin`, its problems collected into `into`. */
export async function openAppPage(browser: Browser, origin: string, into: string[]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const page = await context.newPage();
  collectPageProblems(page, into);
  return page;
}

/**
 * After each failed test, saves what the page showed (a screenshot, its address, its visible text,
 * the resources it fetched and the problems collected so far) to `dir/failure-<test>.*` and prints
 * the same to the log, so a failure seen only in CI can still be read.
 */
export function captureFailures(dir: string, page: () => Page | undefined, problems: string[]) {
  afterEach(async (ctx) => {
    const current = page();
    if (ctx.task.result?.state !== 'fail' || !current || current.isClosed()) return;
    const name = ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    mkdirSync(dir, { recursive: true });
    const text = await current
      .locator('body')
      .innerText({ timeout: 2000 })
      .catch((err: unknown) => `(page not readable: ${String(err)})`);
    // Evaluated in the page, where the DOM is (this file is compiled without it).
    const resources = await current
      .evaluate<string[]>(
        `performance.getEntriesByType('resource').slice(-40)
          .map((r) => Math.round(r.startTime) + '+' + Math.round(r.duration) + 'ms ' + r.name)`,
      )
      .catch(() => []);
    await current.screenshot({ path: join(dir, `failure-${name}.png`) }).catch(() => undefined);
    const report = [
      `url: ${current.url()}`,
      `problems: ${problems.length ? problems.join('\n  ') : 'none'}`,
      `network: ${(networkNotes.get(current) ?? []).slice(-20).join('\n  ') || 'nothing failed'}`,
      `resources:\n  ${resources.join('\n  ')}`,
      `text:\n${text.slice(0, 3000)}`,
    ].join('\n');
    writeFileSync(join(dir, `failure-${name}.txt`), `${report}\n`);
    console.error(`--- what the page showed when "${ctx.task.name}" failed ---\n${report}`);
  });
}
