/**
 * Debian's Chromium, headless, as every browser test and benchmark launches it: never a browser
 * downloaded by Playwright, and no background networking (this machine has no network to reach).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import { afterEach, expect } from 'vitest';

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

export interface PageOptions {
  /** 1440×900 unless given. */
  viewport?: { width: number; height: number };
  /** Whether downloads are kept (for tests that save what the page offers). */
  acceptDownloads?: boolean;
}

/** A page that may use the clipboard on `origin`, its problems collected into `into`. */
export async function openAppPage(
  browser: Browser,
  origin: string,
  into: string[],
  opts: PageOptions = {},
): Promise<Page> {
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1440, height: 900 },
    acceptDownloads: opts.acceptDownloads ?? false,
  });
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

const axeSourcePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let axeSource: string | undefined;

/** The rules checked: every WCAG 2.0, 2.1 and 2.2 rule of levels A and AA. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core over the page as it is now (its source injected into the page, once per document)
 * with the WCAG A and AA rules; each violation in words: the rule, its impact and up to five of
 * the elements with what is wrong with them.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  axeSource ??= readFileSync(axeSourcePath, 'utf8');
  // Evaluated by the debugger, which the page's CSP does not govern (a <script> would be refused).
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(axeSource);
  const violations = await page.evaluate<AxeViolation[]>(
    `axe.run(document, {
      runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} },
      resultTypes: ['violations'],
    }).then((r) => r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ') + ': ' + (n.failureSummary || '').replace(/\\s+/g, ' ')),
    })))`,
  );
  return violations.map(
    (v) =>
      `${v.id} (${v.impact ?? 'no impact'}, ${v.nodes.length} element${v.nodes.length === 1 ? '' : 's'}): ${v.help}\n    ${v.nodes.slice(0, 5).join('\n    ')}`,
  );
}

/** Fails on any accessibility violation (see `accessibilityViolations`); `state` names the view. */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  expect(await accessibilityViolations(page), `accessibility of ${state}`).toEqual([]);
}

/**
 * Every element in a grid cell that hides part of its text must end it with an ellipsis and carry
 * the full text (or what it stands for) in a `title` on it or an element around it in the row; the
 * elements that do not, by their text. An element counts as hiding text when it clips its overflow
 * and its content is wider than it.
 */
export async function cutCellTexts(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const cut = [];
    for (const cell of document.querySelectorAll('[role="gridcell"], [role="columnheader"]')) {
      for (const el of [cell, ...cell.querySelectorAll('*')]) {
        if (el.scrollWidth <= el.clientWidth + 1 || !el.textContent.trim()) continue;
        const style = getComputedStyle(el);
        if (style.overflowX === 'visible') continue;
        const ellipsis = style.textOverflow === 'ellipsis' && !/flex|grid/.test(style.display);
        const titled = el.closest('[title]') && el.closest('[role="row"]')?.contains(el.closest('[title]'));
        if (!ellipsis || !titled) cut.push(el.textContent.trim() + (ellipsis ? ' (no title)' : ' (no ellipsis)'));
      }
    }
    return cut;
  })()`);
}
