/**
 * The images browser's speed in Chromium (Playwright) against `hangar web` on the bench's daemon,
 * each figure beside a baseline measured in the same run:
 *
 * - `ui.firstPaint.10k`: navigation to the first rendered image row, against the page's own
 *   floor — its static shell painted (the snapshot held back) plus a raw `images:snapshot` fetch
 *   and JSON parse from the same page. The ratio says what rendering the rows adds on top of
 *   loading the app and its data.
 * - `ui.filterKeystroke.10k`: one character typed into the filter until the next frame is painted
 *   with the table settled, against the same keystroke into a bare input (an empty frame).
 * - `ui.eventToRow.10k`: an outside tag (Engine API) until the frame showing its row is painted,
 *   against the same tag's event read from a raw `GET /events` stream on the daemon's socket (the
 *   moment the change is known at all). Both are timed from the one tag, so each pair shares the
 *   machine's state; the page's and this process's clocks are both read as epoch milliseconds
 *   (`performance.timeOrigin + performance.now()`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import Dockerode from 'dockerode';
import { chromium, type Page } from 'playwright-core';
import type { DaemonHandle } from '../test/harness/daemon.js';
import { startWebHostProcess } from '../test/support/web-host-process.js';
import { type Metric, alternate, median, msMetric, round } from './measure.js';

const RUNS = Number(process.env.HANGAR_BENCH_UI_RUNS ?? 5);
const KEYSTROKES = 20;
const OUTSIDE_TAGS = 20;
const EVENT_REPO = 'bench/eventrow';

/** Records when the first row (or the loading skeleton) reaches the screen. */
const PAINT_PROBE = `(() => {
  const seen = (selector, key) => {
    const check = () => {
      if (window[key] !== undefined || !document.querySelector(selector)) return false;
      requestAnimationFrame(() => { window[key] = performance.now(); });
      return true;
    };
    const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
    document.addEventListener('DOMContentLoaded', () => {
      if (!check()) observer.observe(document.body, { childList: true, subtree: true });
    });
  };
  seen('[data-testid="image-row"]', '__hangarFirstRow');
  seen('[data-testid="images-loading"]', '__hangarShell');
})();`;

/** Times every keystroke on the page: keydown to the first task after the next frame. */
const KEY_PROBE = `(() => {
  window.__hangarKeys = [];
  document.addEventListener('keydown', () => {
    const t0 = performance.now();
    requestAnimationFrame(() => setTimeout(() => window.__hangarKeys.push(performance.now() - t0), 0));
  }, true);
})();`;

export function ensureRendererBuilt(log: (msg: string) => void): void {
  if (existsSync('dist/renderer/index.html')) return;
  log('Building the renderer for the UI bench…');
  const vite = createRequire(import.meta.url).resolve('vite/bin/vite.js');
  const built = spawnSync(
    process.execPath,
    [vite, 'build', '--config', 'renderer/vite.config.ts'],
    {
      stdio: 'inherit',
    },
  );
  if (built.status !== 0) throw new Error('vite build of the renderer failed');
}

// Functions that run in the page are passed as text: this file is typed for Node, not the DOM.

/**
 * Polls an expression in the page until it is truthy. (`page.waitForFunction` with a string
 * evaluates it with `eval` inside the page, which the app's CSP refuses.)
 */
export async function until(page: Page, expression: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Opens `url` as a new document. The app keeps its view in the address (`#/images`), so after the
 * first visit the page is already at `url`: a goto there alone is a same-document navigation that
 * loads nothing, and the probes would keep the first visit's values.
 */
async function load(page: Page, url: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(url);
}

async function firstRowMs(page: Page, url: string): Promise<number> {
  await load(page, url);
  await until(page, 'window.__hangarFirstRow !== undefined');
  return Number(await page.evaluate('window.__hangarFirstRow'));
}

async function shellMs(page: Page, url: string): Promise<number> {
  const held = '**/api/invoke/images:snapshot';
  await page.route(held, () => undefined); // never answered: the shell alone
  try {
    await load(page, url);
    await until(page, 'window.__hangarShell !== undefined');
    return Number(await page.evaluate('window.__hangarShell'));
  } finally {
    await page.unroute(held);
  }
}

/** The raw snapshot call from the page: POST, body read and parsed, no rendering. */
async function rawSnapshotMs(page: Page): Promise<number> {
  return Number(
    await page.evaluate(`(async () => {
      const t0 = performance.now();
      const res = await fetch('/api/invoke/images:snapshot', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ args: [] }),
      });
      const body = await res.json();
      if (!body.value || !body.value.images.length) throw new Error('empty snapshot');
      return performance.now() - t0;
    })()`),
  );
}

/** Presses `keys` one by one into `focus`, each after the last one's frame; their durations. */
async function keystrokes(page: Page, focus: string, keys: string[]): Promise<number[]> {
  await page.evaluate('window.__hangarKeys = []');
  await page.focus(focus);
  for (let i = 0; i < keys.length; i++) {
    await page.keyboard.press(keys[i] as string);
    await until(page, `window.__hangarKeys.length >= ${i + 1}`);
    await page.waitForTimeout(30);
  }
  return (await page.evaluate('window.__hangarKeys')) as number[];
}

/** Epoch milliseconds, as precise as the clock gives them (comparable with the page's). */
const epochMs = () => performance.timeOrigin + performance.now();

/**
 * The daemon's image events, read raw from `GET /events` on its socket: `seen(name)` resolves
 * with the epoch milliseconds at which the `tag` event of `name` arrived.
 */
async function rawTagEvents(socketPath: string) {
  const arrived = new Map<string, number>();
  const waiting = new Map<string, (at: number) => void>();
  const filters = encodeURIComponent(JSON.stringify({ type: ['image'], event: ['tag'] }));
  const req = http.get({ socketPath, path: `/v1.41/events?filters=${filters}` });
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
  });
  let buffered = '';
  res.on('data', (chunk: Buffer) => {
    const at = epochMs();
    buffered += chunk.toString();
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      const name = (JSON.parse(line) as { Actor?: { Attributes?: { name?: string } } }).Actor
        ?.Attributes?.name;
      if (name === undefined) continue;
      arrived.set(name, at);
      waiting.get(name)?.(at);
    }
  });
  res.on('error', () => undefined); // ended by close()
  return {
    seen: (name: string) =>
      new Promise<number>((resolve) => {
        const at = arrived.get(name);
        if (at !== undefined) resolve(at);
        else waiting.set(name, resolve);
      }),
    close: () => req.destroy(),
  };
}

/** Records (epoch ms) the first frame after the table shows `rows` image rows. */
function rowCountProbe(rows: number): string {
  return `(() => {
    window.__hangarRowAt = undefined;
    const check = () => {
      if (document.querySelectorAll('[data-testid="image-row"]').length < ${rows}) return false;
      requestAnimationFrame(() => { window.__hangarRowAt = performance.timeOrigin + performance.now(); });
      return true;
    };
    if (check()) return;
    const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
    observer.observe(document.body, { childList: true, subtree: true });
  })()`;
}

/**
 * Tags `OUTSIDE_TAGS` images (one new row each in a table filtered on the new repository) from
 * outside the app; for each, milliseconds from the tag request to the raw event and to the painted
 * row. Removes the tags afterwards.
 */
async function outsideTags(
  page: Page,
  daemon: DaemonHandle,
): Promise<{ raw: number[]; row: number[] }> {
  const docker = new Dockerode({ socketPath: daemon.socketPath, version: 'v1.41' });
  const targets = (await docker.listImages())
    .filter((i) => (i.RepoTags ?? []).some((t) => t !== '<none>:<none>'))
    .slice(0, OUTSIDE_TAGS);
  if (targets.length < OUTSIDE_TAGS) throw new Error('not enough tagged images to tag');
  await page.fill('[data-testid="images-filter"]', EVENT_REPO);
  await until(page, `document.querySelectorAll('[data-testid="image-row"]').length === 0`);
  const events = await rawTagEvents(daemon.socketPath);
  const raw: number[] = [];
  const row: number[] = [];
  try {
    for (const [i, image] of targets.entries()) {
      const name = `${EVENT_REPO}:t${i}`;
      await page.evaluate(rowCountProbe(i + 1));
      const t0 = epochMs();
      await docker.getImage(image.Id).tag({ repo: EVENT_REPO, tag: `t${i}` });
      raw.push((await events.seen(name)) - t0);
      await until(page, 'window.__hangarRowAt !== undefined');
      row.push(Number(await page.evaluate('window.__hangarRowAt')) - t0);
    }
  } finally {
    events.close();
    for (let i = 0; i < targets.length; i++) {
      await docker
        .getImage(`${EVENT_REPO}:t${i}`)
        .remove()
        .catch(() => undefined);
    }
    await page.fill('[data-testid="images-filter"]', '');
  }
  return { raw, row };
}

/** Measures the UI metrics on `daemon`, which holds the bench's 10,000 images. */
export async function uiMetrics(
  daemon: DaemonHandle,
  log: (msg: string) => void,
): Promise<Metric[]> {
  ensureRendererBuilt(log);
  log('UI: starting hangar web and Chromium…');
  const web = await startWebHostProcess(daemon.host);
  const browser = await chromium.launch({
    executablePath: process.env.HANGAR_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.addInitScript(PAINT_PROBE);
    await page.addInitScript(KEY_PROBE);
    const app = `${web.origin}/#/images`;
    await firstRowMs(page, web.url); // trades the token for the cookie; warms the core's caches
    const rows = await page.getByTestId('images-count').textContent();
    log(`UI: ${rows ?? '?'} in the table`);

    const paint = await alternate(
      RUNS,
      async () => (await shellMs(page, app)) + (await rawSnapshotMs(page)),
      () => firstRowMs(page, app),
    );

    // Typing: wait for the disk usage figures so /system/df is not running meanwhile.
    await page.getByTestId('usage-on-disk').filter({ hasText: /B$/ }).waitFor({ timeout: 120_000 });
    await page.evaluate(
      "document.body.append(Object.assign(document.createElement('input'), { id: 'bench-bare-input' }))",
    );
    const typed: string[] = [];
    for (let i = 0; i < KEYSTROKES / 2; i++) typed.push(String(i % 10), 'Backspace');
    const filterTimes = await keystrokes(page, '[data-testid="images-filter"]', typed);
    const bareTimes = await keystrokes(page, '#bench-bare-input', typed);
    const outside = await outsideTags(page, daemon);

    const first = paint.ours;
    const firstBase = paint.baseline;
    const key = median(filterTimes);
    const keyBase = median(bareTimes);
    const toRow = median(outside.row);
    const toEvent = median(outside.raw);
    log(`UI: first row ${round(first)} ms (shell + raw fetch ${round(firstBase)} ms)`);
    log(`UI: filter keystroke ${round(key)} ms (empty frame ${round(keyBase)} ms)`);
    log(`UI: outside tag to row ${round(toRow)} ms (to the raw event ${round(toEvent, 2)} ms)`);
    return [
      {
        name: 'ui.firstPaint.10k',
        value: round(first),
        unit: 'ms',
        baseline: round(firstBase),
        ratio: round(first / firstBase, 3),
        goal: '< 1000 ms',
      },
      {
        name: 'ui.filterKeystroke.10k',
        value: round(key),
        unit: 'ms',
        baseline: round(keyBase),
        ratio: round(key / keyBase, 3),
        goal: '< 50 ms',
      },
      {
        ...msMetric('ui.eventToRow.10k', toRow, toEvent, '< 1000 ms'),
        baseline: round(toEvent, 2),
      },
    ];
  } finally {
    await browser.close();
    await web.stop();
  }
}
