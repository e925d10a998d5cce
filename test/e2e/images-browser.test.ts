/**
 * The images browser end to end: the real renderer in Chromium, served by `hangar web` (the real
 * CLI) over a private dockerd seeded with realistic images (see images-browser-seed.ts). Sorting,
 * every filter, multi-select, details with layers, grouping, an outside `docker rmi`, and each
 * state; screenshots of each land in test-results/browser/ for a person to look at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { startPrivateDaemon, type PrivateDaemon } from '../harness/daemon.js';
import { sharedRegistryHost } from '../harness/shared.js';
import { startWebHostProcess } from '../support/web-host-process.js';
import { startAppSession, type AppSession } from '../support/app-session.js';
import { captureFailures, cutCellTexts, expectAccessible } from '../support/browser.js';
import { seedBrowserImages } from './images-browser-seed.js';

const SHOTS = 'test-results/browser';
const TOTAL = 19;

describe('images browser in Chromium', () => {
  let daemon: PrivateDaemon;
  let app: AppSession;
  let page: Page;
  const problems: string[] = [];
  captureFailures(SHOTS, () => page, problems);

  const grid = (): Locator => page.getByRole('grid', { name: 'Images' });
  const rows = (): Locator => page.getByTestId('image-row');
  const count = async (): Promise<string> =>
    (await page.getByTestId('images-count').textContent()) ?? '';
  /** Saves what the page shows, and checks it with axe-core. */
  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: `${SHOTS}/${name}.png` });
    await expectAccessible(page, name);
  };
  const firstCells = async (column: string): Promise<string[]> =>
    rows().evaluateAll(
      (trs, col) =>
        trs
          .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
          .map((tr) => tr.querySelector(`.${col}`)?.textContent?.trim() ?? ''),
      column,
    );
  /** Clicks a row on its name (not on a button in it). */
  const clickRow = (i: number, modifiers: ('Shift' | 'Control')[] = []) =>
    rows()
      .nth(i)
      .click({ position: { x: 120, y: 12 }, modifiers });
  const open = async (hash = ''): Promise<void> => {
    await page.goto(`${app.web.origin}/${hash}`);
    await grid().waitFor();
  };

  beforeAll(async () => {
    daemon = await startPrivateDaemon({ name: 'browser' });
    await seedBrowserImages(daemon, sharedRegistryHost());
    app = await startAppSession(daemon.host, { problems, shots: SHOTS });
    page = app.page;
  }, 300_000);

  afterAll(async () => {
    await app?.stop();
    await daemon?.destroy();
  });

  it('shows a skeleton while loading, then every image with disk usage', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    await page.route('**/api/invoke/images:snapshot', async (route) => {
      await gate;
      await route.continue();
    });
    await page.goto(app.web.url);
    await page.getByTestId('images-loading').waitFor();
    await shot('01-loading');
    release();
    await grid().waitFor();
    await page.unroute('**/api/invoke/images:snapshot');
    expect(await count()).toMatch(new RegExp(`^${TOTAL} images · `));
    expect(page.url()).not.toContain('token=');
    // Disk usage: Docker's figures arrive, and shared layers are counted once.
    await expect.poll(() => page.getByTestId('usage-on-disk').textContent()).toMatch(/MB$/);
    expect(await page.getByTestId('usage-images').textContent()).toBe(String(TOTAL));
    expect(await page.getByTestId('reclaim-dangling').textContent()).toMatch(/3 images/);
    expect(await page.getByTestId('repo-chart').getAttribute('aria-label')).toMatch(/postgres/);
    await expect.poll(() => firstCells('col-unique')).not.toContain('—');
    expect(await cutCellTexts(page)).toEqual([]);
    await shot('02-images');
  });

  it('sorts by size, both ways, and by name', async () => {
    const header = page.getByRole('columnheader', { name: 'Size' });
    await header.getByRole('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    expect((await firstCells('col-repo'))[0]).toContain('model-server');
    await shot('03-sorted-by-size');
    await header.getByRole('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    const sizes = await firstCells('col-size');
    expect(sizes[0]).toMatch(/kB$/);
    await expect.poll(() => page.url()).toContain('sort=size.asc');
    await page.getByRole('columnheader', { name: 'Repository' }).getByRole('button').click();
    expect((await firstCells('col-repo'))[0]).toBe('busybox');
  });

  it('filters by text and by each chip, each with its count, kept in the address', async () => {
    await open('#/images');
    await page.keyboard.press('/');
    // Page code is passed as text: this file is typed for Node, not the DOM.
    expect(await page.evaluate('document.activeElement.getAttribute("aria-label")')).toBe(
      'Filter images',
    );
    await page.keyboard.type('shop/');
    await expect.poll(count).toMatch(/^6 images/);
    for (const repo of await firstCells('col-repo')) expect(repo).toMatch(/shop\//);
    await page.keyboard.press('Escape');
    await expect.poll(count).toMatch(new RegExp(`^${TOTAL} images`));

    const chip = (id: string) => page.getByTestId(`chip-${id}`);
    const expectChip = async (id: string, n: number) => {
      expect(await chip(id).textContent()).toContain(String(n));
      await chip(id).click();
      await expect.poll(count).toMatch(new RegExp(`^${n} images?`));
      await chip(id).click();
    };
    await expectChip('dangling', 3);
    await expectChip('inUse', 4);
    await expectChip('unused', 15);
    // Dangling or in use: the status chips widen each other.
    await chip('dangling').click();
    await chip('inUse').click();
    await expect.poll(count).toMatch(/^7 images/);
    await page.getByTestId('clear-filters').click();

    await chip('older').click();
    await page.getByTestId('chip-older-days').fill('100');
    await expect.poll(count).toMatch(/^5 images/); // nginx 1.25, pg 15.8, api 1.6.0 and 1.5.3, orphan
    await chip('older').click();

    await chip('label').click();
    await page.getByRole('button', { name: /^team=data/ }).click();
    await expect.poll(count).toMatch(/^4 images/); // pg 16, pg 15.8, an orphan, the model server
    await chip('registry').click();
    await page.getByLabel('Find a registry').fill('ghcr');
    await page.getByRole('button', { name: /^ghcr\.io/ }).click();
    await expect.poll(() => page.getByTestId('images-empty').count()).toBe(1);
    await shot('04-no-matches');
    await page.getByRole('button', { name: /Remove the label filter/ }).click();
    await expect.poll(count).toMatch(/^2 images/);
    await chip('unused').click();
    await expect.poll(count).toMatch(/^2 images/);

    // A reload right after the last click comes back to the same view: a click is in the address
    // at once (only typing waits for a pause).
    expect(page.url()).toContain('status=unused');
    expect(page.url()).not.toContain('label=');
    await page.reload();
    await grid().waitFor();
    await expect.poll(count).toMatch(/^2 images/);
    expect(await chip('unused').getAttribute('aria-pressed')).toBe('true');
    await shot('05-filtered');
    await page.getByTestId('clear-filters').click();
  });

  it('selects with click, Shift-click, Ctrl-click and select-all', async () => {
    await open('#/images');
    const selected = () => page.locator('[data-testid=image-row][aria-selected=true]').count();
    await clickRow(1);
    expect(await selected()).toBe(1);
    await clickRow(4, ['Shift']);
    expect(await selected()).toBe(4);
    await clickRow(7, ['Control']);
    expect(await selected()).toBe(5);
    await clickRow(2, ['Control']);
    expect(await selected()).toBe(4);
    expect(await page.getByTestId('selection-info').textContent()).toMatch(/^4 selected/);
    await shot('06-selected');
    await page.getByTestId('select-all').click();
    expect(await page.getByTestId('selection-info').textContent()).toMatch(`${TOTAL} selected`);
    await page.getByTestId('select-all').click();
    expect(await selected()).toBe(0);
  });

  it('opens details from the keyboard, with config, layers and the raw inspect', async () => {
    await open('#/images?q=shop%2Fapi%3A1.8.0');
    await grid().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('details-panel');
    await panel.waitFor();
    expect(await panel.getByRole('heading').textContent()).toBe('shop/api:1.8.0');
    const summary = page.getByTestId('details-summary');
    await expect.poll(() => summary.textContent()).toContain('linux/');
    expect(await summary.textContent()).toMatch(/Digests.*shop\/api@sha256:/);
    await shot('07-details-summary');

    await page.getByTestId('details-tab-config').click();
    const config = page.getByTestId('details-config');
    await config.waitFor();
    expect(await config.textContent()).toContain('["/bin/busybox","httpd","-f","-p","8080"]');
    expect(await config.textContent()).toContain('8080/tcp');
    expect(await config.textContent()).toContain('LOG_LEVEL');

    await page.getByTestId('details-tab-layers').click();
    const layers = page.getByTestId('layer-row');
    await layers.first().waitFor();
    expect(await layers.count()).toBeGreaterThanOrEqual(8);
    expect(await page.locator('.layer.is-empty').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('details-layers').textContent()).toMatch(/3 with files/);
    await shot('08-details-layers');

    await page.getByTestId('details-tab-containers').click();
    expect(await page.getByTestId('details-containers').textContent()).toMatch(/api-1.*api-2/);
    await page.getByTestId('details-tab-inspect').click();
    const raw = page.getByTestId('details-inspect');
    expect(await raw.locator('pre').textContent()).toContain('"RepoTags"');
    await raw.getByRole('button', { name: 'Copy the inspect JSON' }).click();
    await expect
      .poll(() => page.evaluate('navigator.clipboard.readText()'))
      .toContain('"Architecture"');
    await page.getByRole('button', { name: 'Close details' }).click();
    await panel.waitFor({ state: 'detached' });
  });

  it('groups by repository, with keyboard open and close', async () => {
    await open('#/images?sort=size.desc');
    await page.getByTestId('group-repository').click();
    const groups = page.getByTestId('group-row');
    await groups.first().waitFor();
    expect(await page.getByRole('treegrid', { name: 'Images' }).count()).toBe(1);
    const shopApi = groups.filter({
      has: page.locator('.group-name .name', { hasText: /^shop\/api$/ }),
    });
    expect(await shopApi.textContent()).toContain('4 images');
    await shopApi.click({ position: { x: 300, y: 12 } });
    await expect.poll(() => rows().count()).toBe(4);
    expect(await shopApi.getAttribute('aria-expanded')).toBe('true');
    await shot('09-grouped');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => rows().count()).toBe(0);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => rows().count()).toBe(4);
    await page.getByTestId('group-none').click();
  });

  it('keeps the other selected images when one is removed by an outside docker rmi', async () => {
    await open('#/images?q=shop%2Fapi');
    await expect.poll(count).toMatch(/^4 images/);
    await page.getByTestId('select-all').click();
    expect(await page.getByTestId('selection-info').textContent()).toMatch(/^4 selected/);
    const gone = await rows().filter({ hasText: '1.6.0' }).getAttribute('data-row-id');
    await daemon.docker(['rmi', 'shop/api:1.6.0']);
    await expect.poll(count, { timeout: 3000 }).toMatch(/^3 images/);
    expect(await page.locator(`[data-row-id="${gone}"]`).count()).toBe(0);
    expect(await page.getByTestId('selection-info').textContent()).toMatch(/^3 selected/);
    expect(await page.locator('[data-testid=image-row][aria-selected=true]').count()).toBe(3);
    await shot('10-after-outside-rmi');
  });

  it('says when there is nothing to prune, and when the index is stale', async () => {
    await daemon.docker(['image', 'prune', '-f']);
    await page.getByTestId('nav-dangling').click();
    await page.getByTestId('images-empty').waitFor();
    expect(await page.getByTestId('images-empty').textContent()).toContain('No dangling images');
    await shot('11-empty');
    await page.getByTestId('nav-images').click();
    await page.getByTestId('clear-filters').click();
    await grid().waitFor();

    await daemon.stop();
    await page.getByTestId('stale-badge').waitFor({ timeout: 15_000 });
    await page.getByTestId('engine-banner').waitFor();
    expect(await rows().count()).toBeGreaterThan(5); // the last known state stays
    await shot('12-stale');
  });

  it('shows why Docker is unreachable when nothing is known', async () => {
    const lost = await startWebHostProcess(`unix://${daemon.dir}/nothing-here.sock`);
    try {
      await page.goto(lost.url);
      await page.getByTestId('images-unreachable').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('images-unreachable').textContent()).toMatch(
        /Cannot reach Docker at unix:\/\/.*nothing-here\.sock/,
      );
      await shot('13-unreachable');
    } finally {
      await lost.stop();
    }
  });

  it('broke no rule of the page (no CSP violation, no error, no failed request)', () => {
    // Every answer of 400 or more and every request without an answer is in `problems` by name;
    // an engine that is away is a state the page shows, never a failed request.
    expect(problems).toEqual([]);
  });
});
