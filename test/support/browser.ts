/**
 * Debian's Chromium, headless, as every browser test and benchmark launches it: never a browser
 * downloaded by Playwright, and no background networking (this machine has no network to reach).
 */
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
  });
}

/** Collects the page's script errors and console errors into `into`, for a test to assert none. */
export function collectPageProblems(page: Page, into: string[]): void {
  page.on('pageerror', (e) => into.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') into.push(`console: ${m.text()}`);
  });
}

/** A 1440×900 page that may use the clipboard on `origin`, its problems collected into `into`. */
export async function openAppPage(browser: Browser, origin: string, into: string[]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const page = await context.newPage();
  collectPageProblems(page, into);
  return page;
}
