/**
 * The Files tab end to end: the real renderer in Chromium, served by `hangar web` over the shared
 * dockerd, on an image written layer by layer (an overwritten file, a whiteout, an opaque folder).
 * It opens the tab, reads the waste line, closes and opens folders of the tree (keys and buttons),
 * filters by path and picks a layer (its exact changes), then compares two tags on one base;
 * screenshots land in test-results/browser/ for a person to look at.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layeredSave, type FixtureLayer } from '../harness/layered-image.js';
import { sharedDaemon } from '../harness/shared.js';
import { captureFailures, expectAccessible } from '../support/browser.js';
import { startAppSession, type AppSession } from '../support/app-session.js';
import { openFilesTab } from '../support/files-tab.js';

const SHOTS = 'test-results/browser';

const layers: FixtureLayer[] = [
  {
    step: 'ADD base /',
    entries: [
      { path: 'etc' },
      { path: 'etc/app.conf', content: 'a'.repeat(100) },
      { path: 'data' },
      { path: 'data/a', content: 'x'.repeat(300) },
      { path: 'tmp' },
      { path: 'tmp/big', content: 'b'.repeat(5000) },
    ],
  },
  {
    step: 'RUN configure',
    entries: [
      { path: 'etc/app.conf', content: 'b'.repeat(150) },
      { path: 'tmp/big', type: 'whiteout' },
    ],
  },
  {
    step: 'COPY data /data',
    entries: [
      { path: 'data', type: 'opaque' },
      { path: 'data/c', content: 'c'.repeat(10) },
    ],
  },
];

describe('Files tab in Chromium', () => {
  let app: AppSession;
  let page: Page;
  const problems: string[] = [];
  captureFailures(SHOTS, () => page, problems);

  beforeAll(async () => {
    const daemon = sharedDaemon();
    const next: FixtureLayer = {
      step: 'COPY data /data',
      entries: [
        { path: 'data', type: 'opaque' },
        { path: 'data/c', content: 'd'.repeat(20) },
        { path: 'new.txt', content: 'n'.repeat(7) },
      ],
    };
    const { archive } = await layeredSave([
      { tags: ['filestab/app:1'], layers },
      {
        tags: ['filestab/app:2'],
        layers: [layers[0] as FixtureLayer, layers[1] as FixtureLayer, next],
      },
    ]);
    await daemon.cli(['load', '-q'], { input: archive });
    app = await startAppSession(daemon.host, { problems, shots: SHOTS });
    page = app.page;
  }, 300_000);

  afterAll(async () => {
    await app?.stop();
  });

  it('shows the waste, the layers and the files; filters by path and by layer', async () => {
    await openFilesTab(app, 'filestab/app:1');
    const grid = page.getByRole('grid', { name: 'Images' });
    const waste = page.getByTestId('files-waste');
    await waste.waitFor({ timeout: 60_000 });
    // Wasted: app.conf's first copy (100) + tmp/big (5000) + data/a (300) = 5.4 kB.
    expect(await waste.textContent()).toMatch(/wasted 5\.4 kB/);
    expect(await page.getByTestId('files-layer').count()).toBe(3);
    const files = page.getByTestId('file-row');
    // The merged tree, biggest first: etc/ (app.conf), data/ (c; a went with the opaque folder), tmp/.
    await expect.poll(() => files.count()).toBe(5);
    const shown = () =>
      files.evaluateAll((rows) =>
        rows.map((r) => `${r.getAttribute('aria-level')}:${r.querySelector('.mono')?.textContent}`),
      );
    expect(await shown()).toEqual(['1:etc', '2:app.conf', '1:data', '2:c', '1:tmp']);
    await page.screenshot({ path: `${SHOTS}/files-tab.png` });
    await page.getByTestId('files-filter').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/files-tab-grid.png` });
    await expectAccessible(page, 'files-tab');

    // Folders close and open from the keyboard (Left, Right) and with their arrow buttons.
    const tree = page.getByRole('treegrid', { name: 'Files' });
    const etc = files.filter({ has: page.locator('.mono', { hasText: /^etc$/ }) });
    await tree.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowLeft');
    expect(await etc.getAttribute('aria-expanded')).toBe('false');
    await expect.poll(shown).toEqual(['1:etc', '1:data', '2:c', '1:tmp']);
    await page.keyboard.press('ArrowRight');
    expect(await etc.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowLeft');
    expect(await etc.getAttribute('aria-selected')).toBe('true');
    await page.getByRole('button', { name: 'Collapse data' }).click();
    await expect.poll(shown).toEqual(['1:etc', '2:app.conf', '1:data', '1:tmp']);
    await page.screenshot({ path: `${SHOTS}/files-tab-collapsed.png` });
    await page.getByRole('button', { name: 'Expand data' }).click();
    await expect.poll(() => files.count()).toBe(5);

    await page.getByTestId('files-filter').fill('conf');
    await expect.poll(shown).toEqual(['1:etc', '2:app.conf']);

    // A layer shows exactly what it changed: the opaque folder removed data/a, and c is added.
    await page.getByTestId('files-filter').fill('');
    await page.getByTestId('files-layer').nth(2).click();
    const changes = page.getByTestId('change-row');
    await expect.poll(() => changes.count()).toBe(3);
    const changed = await changes.evaluateAll((rows) =>
      rows.map((r) => [
        r.querySelector('.mono')?.textContent ?? '',
        ...[...r.querySelectorAll('[role=gridcell]')].slice(1).map((c) => c.textContent ?? ''),
      ]),
    );
    expect(changed.map((cells) => cells.slice(0, 3))).toEqual([
      ['data', '', '310 B'],
      ['a', 'removed', '300 B'],
      ['c', 'added', '10 B'],
    ]);
    await page.getByTestId('files-layer').nth(1).click();
    await expect.poll(() => changes.count()).toBe(4);
    expect(await changes.filter({ hasText: 'app.conf' }).textContent()).toMatch(
      /changed.*150 B.*100 B/,
    );
    expect(await changes.filter({ hasText: 'big' }).textContent()).toContain('removed');
    await page.screenshot({ path: `${SHOTS}/files-tab-layer.png` });

    // Another image's tab starts over: all layers, the merged files.
    await page.goto(`${app.web.origin}/#/images?q=filestab%2Fapp`);
    await expect.poll(() => page.getByTestId('image-row').count()).toBe(2);
    // app:1 is still the active row: Home goes to app:2, End back to app:1.
    await grid.focus();
    await page.keyboard.press('Home');
    await expect.poll(() => page.getByTestId('details-panel').textContent()).toContain('app:2');
    await page.getByTestId('files-layer').nth(2).click();
    await expect.poll(() => changes.count()).toBeGreaterThan(0);
    await grid.focus();
    await page.keyboard.press('End');
    await expect.poll(() => page.getByTestId('details-panel').textContent()).toContain('app:1');
    const all = page.getByRole('button', { name: 'All layers' });
    await expect.poll(() => all.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => files.count()).toBeGreaterThan(0);
    expect(await changes.count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('compares two tags on one base: the shared layers and exactly the files that differ', async () => {
    await page.goto(`${app.web.origin}/#/images?q=filestab%2Fapp`);
    await page.getByRole('grid', { name: 'Images' }).waitFor();
    await expect.poll(() => page.getByTestId('image-row').count()).toBe(2);
    await page.getByTestId('select-all').click();
    await page.getByTestId('compare-images').click();
    const summary = page.getByTestId('compare-summary');
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.textContent()).toMatch(/^2 shared layers/);
    const rows = page.getByTestId('diff-row');
    await expect.poll(() => rows.count()).toBe(2);
    const paths = await rows.evaluateAll((trs) =>
      trs.map((tr) => tr.querySelector('.mono')?.textContent?.trim() ?? ''),
    );
    expect(paths.sort()).toEqual(['data/c', 'new.txt']);
    await page.screenshot({ path: `${SHOTS}/compare.png` });
    await expectAccessible(page, 'compare');
    expect(problems).toEqual([]);
  });
});
