/**
 * The Builds page end to end: the real renderer in Chromium, served by `hangar web` (the real
 * CLI) with its own store over a private dockerd. Builds a busybox context twice through the
 * dialog with a source file edited in between (BuildKit), then opens the Builds page: both builds
 * newest first, the filters, and the second build's waterfall with its CACHED steps, the sentence
 * that says where the cache broke and which file broke it, and a step's log opened on demand; the
 * chart of the cached share per build (hover, keyboard, click, the table); the link from a build
 * to its lookup in History and back; and the saved builder, which the next build runs.
 * Screenshots land in test-results/builds/ for a person to look at.
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { busyboxImage } from '../harness/build.js';
import { buildThroughDialog } from '../support/build-dialog.js';
import { startPrivateDaemon, type PrivateDaemon } from '../harness/daemon.js';
import { startAppSession, type AppSession } from '../support/app-session.js';
import { captureFailures, expectAccessible } from '../support/browser.js';
import { writeInto } from '../support/builds.js';

const SHOTS = 'test-results/builds';
const DOCKERFILE = [
  'FROM e2e/busybox:1',
  'COPY base.txt /base.txt',
  'RUN ["/bin/busybox", "sh", "-c", "echo preparing; cat /base.txt"]',
  'COPY src/ /app/src/',
  'RUN ["/bin/busybox", "ls", "/app/src"]',
  '',
].join('\n');

describe('builds page in Chromium', () => {
  let daemon: PrivateDaemon;
  let app: AppSession;
  let page: Page;
  let work: string;
  const problems: string[] = [];
  captureFailures(SHOTS, () => page, problems);

  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: `${SHOTS}/${name}.png` });
    await expectAccessible(page, name);
  };
  const write = (rel: string, content: string) => writeInto(work, rel, content);

  const build = (button: 'build-submit' | 'build-again') =>
    buildThroughDialog(page, button, 120_000);

  beforeAll(async () => {
    work = realpathSync(mkdtempSync(path.join(tmpdir(), 'hangar-e2e-ctx-')));
    write('Dockerfile', DOCKERFILE);
    write('base.txt', 'base\n');
    write('src/a.txt', 'alpha\n');
    write('src/b.txt', 'beta\n');
    daemon = await startPrivateDaemon({ name: 'builds-page' });
    await busyboxImage(daemon, 'e2e/busybox:1');
    app = await startAppSession(daemon.host, { problems, shots: SHOTS });
    page = app.page;
  }, 300_000);

  afterAll(async () => {
    await app?.stop();
    await daemon?.destroy();
    rmSync(work, { recursive: true, force: true });
  });

  it('says how to fill an empty list', async () => {
    await page.goto(app.web.url);
    await page.getByTestId('nav-builds').click();
    const empty = page.getByTestId('builds-empty');
    await empty.waitFor();
    expect(await empty.textContent()).toContain('hangar build');
    await shot('01-empty');
  });

  it('builds twice through the dialog with a file edited in between', async () => {
    await page.getByTestId('nav-artifacts').click();
    await page.getByTestId('open-build').click();
    await page.getByTestId('build-dialog').waitFor();
    await page.getByTestId('build-context').fill(work);
    await page.getByTestId('build-tag').fill('e2e/app:dev');
    await build('build-submit');
    expect(await page.getByTestId('build-status').textContent()).toBe('MISS');
    write('src/a.txt', 'alpha, changed\n');
    await build('build-again');
    expect(await page.getByTestId('build-status').textContent()).toBe('MISS');
    await page.keyboard.press('Escape');
    await page.locator('dialog[open]').waitFor({ state: 'detached' });
  }, 300_000);

  it('lists both builds newest first, with the cache bar and where the cache broke', async () => {
    await page.getByTestId('nav-builds').click();
    const rows = page.getByTestId('build-row');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
    const ids = await rows.evaluateAll((els) => els.map((e) => Number(e.dataset.buildId)));
    expect(ids[0]).toBeGreaterThan(ids[1] ?? Infinity);
    expect(await rows.first().textContent()).toMatch(/e2e\/app/);
    expect(await rows.first().getByTestId('build-outcome-badge').textContent()).toBe('built');
    // The second build: COPY base.txt and its RUN came from the cache; the FROM of a local image
    // (BuildKit never reports it cached), the COPY src/ and the RUN after it did not.
    expect(await rows.first().getByTestId('build-cache').textContent()).toBe('2/5');
    expect(await rows.first().textContent()).toMatch(/cache broke at .*COPY src\/.*src\/a\.txt/);
    expect(await rows.nth(1).getByTestId('build-cache').textContent()).toBe('0/5');
    expect(await page.getByTestId('builds-count').textContent()).toBe('2 builds');
    await shot('02-list');
  });

  it('filters by outcome and by artifact', async () => {
    await page.getByTestId('builds-filter-outcome').selectOption('failed');
    await expect.poll(() => page.getByTestId('build-row').count()).toBe(0);
    expect(await page.getByText('No builds match these filters.').count()).toBe(1);
    expect(await page.getByTestId('builds-count').textContent()).toBe('0 of 2 builds');
    await shot('03-filtered-failed');
    await page.getByTestId('builds-filter-outcome').selectOption('built');
    const artifacts = await page
      .getByTestId('builds-filter-artifact')
      .locator('option')
      .allTextContents();
    expect(artifacts).toEqual(['All artifacts', expect.stringMatching(/e2e\/app/)]);
    await page.getByTestId('builds-filter-artifact').selectOption({ index: 1 });
    await expect.poll(() => page.getByTestId('build-row').count()).toBe(2);
    await page.getByTestId('builds-filter-outcome').selectOption('');
    await page.getByTestId('builds-filter-artifact').selectOption('');
  });

  it('charts the cached share per build: the cache-broke build ringed, hover, keys and a click open it', async () => {
    const chart = page.getByTestId('builds-chart');
    const points = chart.getByTestId('builds-chart-point');
    await expect.poll(() => points.count()).toBe(2);
    const ids = await page
      .getByTestId('build-row')
      .evaluateAll((els) => els.map((e) => Number(e.dataset.buildId)));
    const [newest, oldest] = ids as [number, number];
    // Oldest first on the time axis; only the second build has a cache-broke sentence.
    expect(await points.evaluateAll((els) => els.map((e) => Number(e.dataset.buildId)))).toEqual([
      oldest,
      newest,
    ]);
    expect(await points.evaluateAll((els) => els.map((e) => e.dataset.broke))).toEqual([
      'false',
      'true',
    ]);
    const svg = chart.locator('svg');
    expect(await svg.getAttribute('aria-label')).toMatch(
      new RegExp(`Build ${newest}, .*2/5 steps cached \\(40%\\), cache broke at .*src/a\\.txt`),
    );
    const box = await points.nth(1).boundingBox();
    await page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2);
    const tip = page.getByTestId('builds-chart-tooltip');
    await tip.waitFor();
    expect(await tip.textContent()).toMatch(
      new RegExp(
        `^Build ${newest} · .*e2e/app.*2/5 · 40%cache broke at .*COPY src/.*src/a\\.txt changed`,
      ),
    );
    await shot('06-chart-hover');
    await page.mouse.click(box!.x + box!.width / 2, box!.y + box!.height / 2);
    const details = page.getByTestId('build-details');
    await details.waitFor();
    expect(await details.getByRole('heading', { level: 2 }).first().textContent()).toContain(
      `Build ${newest}`,
    );
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });

    // The keyboard: Home is the oldest build, Enter opens it.
    await svg.focus();
    await page.keyboard.press('Home');
    expect(await tip.textContent()).toContain(`Build ${oldest}`);
    await page.keyboard.press('Enter');
    await details.waitFor();
    expect(await details.getByRole('heading', { level: 2 }).first().textContent()).toContain(
      `Build ${oldest}`,
    );
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });

    // The same points as a table.
    await page.getByTestId('builds-chart-table-toggle').click();
    const table = page.getByTestId('builds-chart-table');
    expect(await table.locator('tbody tr').count()).toBe(2);
    expect(await table.locator('tbody tr').first().textContent()).toMatch(
      new RegExp(`^Build ${newest}.*2/5 · 40%cache broke at`),
    );
    await shot('07-chart-table');
    await page.getByTestId('builds-chart-table-toggle').click();
  });

  it('opens the second build: its waterfall, CACHED steps, the cache-broke sentence, a log', async () => {
    await page.getByTestId('build-row').first().click();
    const details = page.getByTestId('build-details');
    await details.waitFor();
    const steps = details.getByTestId('build-step');
    await steps.first().waitFor();
    expect(await details.getByTestId('build-cache-broke').textContent()).toMatch(
      /^cache broke at \[.*\] COPY src\/ \/app\/src\/ — src\/a\.txt changed/,
    );
    const names = await steps.locator('.bld-step-toggle').allTextContents();
    const cachedOf = async (pattern: RegExp): Promise<string | null> => {
      const i = names.findIndex((n) => pattern.test(n));
      expect(i, `a step matching ${pattern} in ${names.join(' | ')}`).toBeGreaterThanOrEqual(0);
      return steps.nth(i).getAttribute('data-cached');
    };
    expect(await cachedOf(/COPY base\.txt/)).toBe('true');
    expect(await cachedOf(/echo preparing/)).toBe('true');
    expect(await cachedOf(/COPY src\//)).toBe('false');
    expect(await cachedOf(/"ls"/)).toBe('false');
    expect(await details.getByTestId('build-step-cached').count()).toBeGreaterThanOrEqual(2);
    // Every step that ran has a bar on the axis.
    expect(await details.locator('.bld-bar').count()).toBe(
      await steps.evaluateAll((els) => els.filter((e) => e.dataset.state !== 'not run').length),
    );
    await shot('04-details');

    // The last RUN's log, on demand: it listed the two source files.
    const ls = steps.nth(names.findIndex((n) => /"ls"/.test(n)));
    expect(await ls.getByTestId('build-step-log').count()).toBe(0);
    await ls.getByTestId('build-step-toggle').click();
    const log = (await ls.getByTestId('build-step-log').textContent()) ?? '';
    expect(log.split('\n')).toEqual(expect.arrayContaining(['a.txt', 'b.txt']));
    await shot('05-details-log');
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
  });

  it('links a build to its lookup in History, and the lookup back to the build', async () => {
    const newest = await page.getByTestId('build-row').first().getAttribute('data-build-id');
    await page.getByTestId('build-row').first().click();
    const details = page.getByTestId('build-details');
    await details.getByTestId('build-lookup-link').click();
    await page.getByTestId('history-view').waitFor();
    const lookup = page.getByTestId('lookup-details');
    await lookup.waitFor();
    expect(await lookup.textContent()).toMatch(/Miss.*e2e\/app/);
    expect(await lookup.getByTestId('changed-inputs').textContent()).toContain('src/a.txt');
    const back = lookup.getByTestId('lookup-build-link');
    await back.waitFor();
    expect(await back.textContent()).toBe(`Build ${newest} · built · 2/5 cached · 40%`);
    await shot('08-history-lookup-build');
    await back.click();
    await page.getByTestId('builds-view').waitFor();
    await details.waitFor();
    expect(await details.getByRole('heading', { level: 2 }).first().textContent()).toContain(
      `Build ${newest}`,
    );
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });
  });

  it('saves the builder on the Builds page; the dialog names it and the next build runs it', async () => {
    const note = page.getByTestId('builds-builder-note');
    await expect.poll(() => note.textContent()).toBe('runs BuildKit on this engine');
    await page.getByTestId('builds-builder-select').selectOption('classic');
    await expect.poll(() => note.textContent()).toBe('runs the classic builder on this engine');
    await shot('09-builder-classic');
    await page.getByTestId('nav-artifacts').click();
    await page.getByTestId('open-build').click();
    await page.getByTestId('build-dialog').waitFor();
    await page.getByTestId('build-edit').click();
    const line = page.getByTestId('build-builder-note');
    await expect
      .poll(() => line.textContent())
      .toBe(
        'Builder: classic — runs the classic builder on this engine (saved on the Builds page)',
      );
    await shot('10-dialog-builder');
    write('src/b.txt', 'beta, changed\n');
    await build('build-submit');
    expect(await page.getByTestId('build-status').textContent()).toBe('MISS');
    await page.keyboard.press('Escape');
    await page.locator('dialog[open]').waitFor({ state: 'detached' });
    await page.getByTestId('nav-builds').click();
    const rows = page.getByTestId('build-row');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(3);
    expect(await rows.first().textContent()).toContain('classic');
    await page.getByTestId('builds-builder-select').selectOption('auto');
    await expect.poll(() => note.textContent()).toBe('runs BuildKit on this engine');
    expect(problems).toEqual([]);
  });
});
