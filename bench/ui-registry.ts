/**
 * The Registry cache page in Chromium over the bench's 5,000 cache tags (`hangar web` with its own
 * store, the project level set to them), each figure beside the same calls made raw from the page:
 * - `ui.registry.firstRows.5000`: the page opened → first rows painted, vs one raw
 *   `registryCache:list` of the first page (100 tags) from the same page;
 * - `ui.registry.allRows.5000`: scrolling to the end until every tag is loaded (50 pages as the
 *   table asks for them), vs the same 50 pages fetched raw one after another;
 * - `ui.registry.search.5000`: the last key typed into the search → its row shown with the count
 *   of matches (the quarter-second pause before asking included), vs one raw `registryCache:list`
 *   with that `match` from the same page.
 * Each pair runs in alternating rounds (`alternate` in measure.ts); the scroll and the search each
 * start from the page just opened. Both sides find the configs cached by the web host's service
 * after the first run: what is compared is what the page adds on top of its data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { HangarStore } from '../electron/core/store/store.js';
import type { DaemonHandle } from '../test/harness/daemon.js';
import { launchChromium } from '../test/support/browser.js';
import { startWebHostProcess } from '../test/support/web-host-process.js';
import { type BenchOptions, type Metric, alternate, msMetric, round } from './measure.js';
import { ensureRendererBuilt } from './ui.js';

const rawPages = (location: string, all: boolean) => `(async () => {
  const t0 = performance.now();
  let cursor = null;
  let n = 0;
  do {
    const res = await fetch('/api/invoke/registryCache:list', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ args: [{ location: ${JSON.stringify(location)}, cursor, limit: 100, ttlHours: null }] }),
    });
    const page = (await res.json()).value;
    n += page.entries.length;
    cursor = ${all ? 'page.nextCursor' : 'null'};
  } while (cursor !== null);
  if (n === 0) throw new Error('no tags');
  return performance.now() - t0;
})()`;

const rawSearch = (location: string, key: string) => `(async () => {
  const t0 = performance.now();
  const res = await fetch('/api/invoke/registryCache:list', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ args: [{ location: ${JSON.stringify(location)}, cursor: null, limit: 100, ttlHours: null, match: ${JSON.stringify(key)} }] }),
  });
  const page = (await res.json()).value;
  if (page.entries.length !== 1) throw new Error('the search found ' + page.entries.length);
  return performance.now() - t0;
})()`;

/** Types `key` into the search; the time until its row and the search's count are shown. */
async function search(page: Page, key: string, total: number): Promise<number> {
  await page.getByTestId('rc-filter').fill('');
  await page.getByTestId('rc-row').first().waitFor();
  const count = `1 of ${total.toLocaleString('en-US')} tags matches`;
  const t0 = Date.now();
  await page.getByTestId('rc-filter').fill(key);
  await page.locator(`[data-testid="rc-row"][data-key="${key.toLowerCase()}"]`).waitFor();
  await page.getByTestId('rc-loaded').filter({ hasText: count }).waitFor({ timeout: 60_000 });
  return Date.now() - t0;
}

async function openPage(page: Page): Promise<number> {
  await page.reload();
  await page.getByTestId('nav-registry').waitFor();
  const t0 = Date.now();
  await page.getByTestId('nav-registry').click();
  await page.getByTestId('rc-row').first().waitFor({ timeout: 120_000 });
  return Date.now() - t0;
}

/**
 * Holds the table at its end, as a user holding End does, until every tag is loaded: one scroll
 * per frame, in the page (no round trip to Playwright between pages).
 */
async function scrollToEnd(page: Page, total: number): Promise<number> {
  const ends = [
    `End of the list: ${total.toLocaleString('en-US')} tags.`,
    `End of the list: ${total} tags.`,
  ];
  return Number(
    await page.evaluate(`(async () => {
      const ends = ${JSON.stringify(ends)};
      const t0 = performance.now();
      const el = document.querySelector('[data-testid="rc-scroll"]');
      for (;;) {
        el.scrollTo(0, el.scrollHeight);
        const foot = document.querySelector('[data-testid="rc-foot"]');
        if (foot && ends.includes(foot.textContent)) return performance.now() - t0;
        if (performance.now() - t0 > 300000) throw new Error('never reached the end');
        await new Promise((r) => requestAnimationFrame(r));
      }
    })()`),
  );
}

export async function uiRegistryMetrics(
  daemon: DaemonHandle,
  location: string,
  total: number,
  searchKey: string,
  opts: BenchOptions,
): Promise<Metric[]> {
  ensureRendererBuilt(opts.log);
  const home = mkdtempSync(path.join(tmpdir(), 'hangar-bench-ui-reg-'));
  const store = HangarStore.open(path.join(home, 'hangar.db'));
  store.settings.setRemoteCache({
    project: location,
    global: null,
    pushAfterBuild: true,
    onMoved: 'pinned',
    insecureRegistries: [],
  });
  store.close();
  const savedHome = process.env.HANGAR_HOME;
  process.env.HANGAR_HOME = home;
  const web = await startWebHostProcess(daemon.host);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(web.url); // trades the token for the cookie
    await openPage(page); // warms the service (configs by digest) for both sides
    const runs = Math.max(3, Math.min(opts.runs, 5));
    const raw = async (expression: string) => Number(await page.evaluate(expression));
    const { baseline: fb, ours: f } = await alternate(
      runs,
      () => raw(rawPages(location, false)),
      () => openPage(page),
    );
    const { baseline: ab, ours: a } = await alternate(
      runs,
      () => raw(rawPages(location, true)),
      async () => {
        await openPage(page);
        return scrollToEnd(page, total);
      },
    );
    const { baseline: sb, ours: sf } = await alternate(
      runs,
      () => raw(rawSearch(location, searchKey)),
      async () => {
        await openPage(page);
        return search(page, searchKey, total);
      },
    );
    opts.log(`UI registry: first rows ${round(f)} ms (raw first page ${round(fb)} ms)`);
    opts.log(`UI registry: all ${total} rows ${round(a)} ms (raw pages ${round(ab)} ms)`);
    opts.log(`UI registry: search ${round(sf)} ms (raw search ${round(sb)} ms)`);
    return [
      msMetric('ui.registry.firstRows.5000', f, fb, '< 1000 ms'),
      msMetric('ui.registry.allRows.5000', a, ab, 'ratio ≤ 1.5'),
      msMetric(
        'ui.registry.search.5000',
        sf,
        sb,
        '< 1000 ms, the 250 ms pause before asking included',
      ),
    ];
  } finally {
    await browser.close();
    await web.stop();
    if (savedHome === undefined) delete process.env.HANGAR_HOME;
    else process.env.HANGAR_HOME = savedHome;
    rmSync(home, { recursive: true, force: true });
  }
}
