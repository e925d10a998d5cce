/**
 * Debian's Chromium, headless, as every browser test and benchmark launches it: never a browser
 * downloaded by Playwright, and no background networking (this machine has no network to reach).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterEach } from 'vitest';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
  });
}

const networkNotes = new WeakMap<Page, string[]>();

/** Collects the page's script errors and console errors into `into`, for a test to assert none. */
export function collectPageProblems(page: Page, into: string[]): void {
  page.on('pageerror', (e) => into.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') into.push(`console: ${m.text()}`);
  });
  // Aborted requests are normal (a navigation ends the event stream): kept apart, for failures.
  const network: string[] = [];
  networkNotes.set(page, network);
  page.on('requestfailed', (r) =>
    network.push(`failed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`),
  );
  page.on('crash', () => network.push('crash: the page crashed'));
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
