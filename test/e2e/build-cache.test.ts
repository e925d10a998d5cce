/**
 * The Build cache page end to end: the real renderer in Chromium, served by `hangar web` (the real
 * CLI, with its own HANGAR_HOME) over a private dockerd whose build cache two BuildKit builds
 * filled (`buildKitBuild`: a `RUN` and a `RUN --mount=type=cache` each). The oracle is the daemon's
 * raw `GET /system/df`. It sorts and filters the records and opens one with its parent chain,
 * previews a prune of the cache mounts, confirms, and checks the report and the daemon; sets a
 * keep-under limit below the cache's size and checks what the policy deleted against the daemon,
 * its log and the growth chart; on the shared Podman service the page says in words that there is
 * no BuildKit cache. Screenshots land in test-results/browser/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busyboxImage } from '../harness/build.js';
import {
  BUSYBOX_HEADER,
  buildKitBuild,
  cacheMountRun,
  rawBuildCache as rawDf,
  sizedRun,
} from '../harness/buildkit.js';
import { startPrivateDaemon, type PrivateDaemon } from '../harness/daemon.js';
import { sharedPodman } from '../harness/shared.js';
import { captureFailures, expectAccessible } from '../support/browser.js';
import { eventually } from '../support/oracle.js';
import { startAppSession, type AppSession } from '../support/app-session.js';

const SHOTS = 'test-results/browser';

describe('Build cache page in Chromium', () => {
  let daemon: PrivateDaemon;
  let app: AppSession;
  let page: Page;
  const problems: string[] = [];
  captureFailures(SHOTS, () => page, problems);

  /** A BuildKit build of `dockerfile`; its image is removed so its records are reclaimable. */
  const build = (dockerfile: string) => buildKitBuild(daemon, dockerfile);
  const dockerfile = (marker: string) =>
    `${BUSYBOX_HEADER()}${cacheMountRun(marker, 64)}${sizedRun(marker, 200)}`;

  const rowIds = async (): Promise<string[]> =>
    (
      await page
        .getByTestId('bc-row')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id') ?? ''))
    ).sort();

  beforeAll(async () => {
    daemon = await startPrivateDaemon({ name: 'bce2e' });
    await busyboxImage(daemon, 'bb:1');
    await build(dockerfile('first'));
    await build(dockerfile('second'));
    app = await startAppSession(daemon.host, { problems, shots: SHOTS });
    page = app.page;
  }, 300_000);

  afterAll(async () => {
    await app?.stop();
    await daemon?.destroy();
  });

  it('sorts and filters the records and opens one with its parent chain', async () => {
    const raw = await rawDf(daemon.socketPath);
    await page.goto(app.web.url);
    await page.getByTestId('nav-build-cache').click();
    await page.getByRole('grid', { name: 'Build cache records' }).waitFor();
    const size = new Map(raw.map((r) => [r.ID, r.Size]));
    const grid = page.getByRole('grid', { name: 'Build cache records' });
    const order = async () =>
      page
        .getByTestId('bc-row')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id') ?? ''));
    // Largest first; a click on Size turns it around.
    const sizes = async () => (await order()).map((id) => size.get(id) ?? -1);
    const descending = (xs: number[]) => xs.every((x, i) => i === 0 || xs[i - 1]! >= x);
    expect(descending(await sizes())).toBe(true);
    const sizeHead = grid.locator('[role="columnheader"][data-column="size"]');
    await sizeHead.getByRole('button').click();
    await expect.poll(async () => descending([...(await sizes())].reverse())).toBe(true);
    expect(await sizeHead.getAttribute('aria-sort')).toBe('ascending');

    // The type filter leaves exactly the daemon's regular records.
    await page.getByTestId('bc-filter-type').selectOption('regular');
    const regular = raw.filter((r) => r.Type === 'regular');
    await expect.poll(async () => (await order()).sort()).toEqual(regular.map((r) => r.ID).sort());
    expect(await page.getByTestId('bc-count').textContent()).toContain(
      `${regular.length} of ${raw.length} records`,
    );

    // A RUN record's details: the full description and its parent chain.
    const run = regular.find((r) => r.Description.includes('echo first'));
    expect(run).toBeTruthy();
    await page.locator(`[data-testid="bc-row"][data-id="${run!.ID}"]`).click();
    const details = page.getByTestId('bc-details');
    await details.waitFor();
    expect(await page.getByTestId('bc-details-description').textContent()).toBe(run!.Description);
    expect(await page.getByTestId('bc-details-chain').locator('li').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('bc-details-made-by').textContent()).toBe('unknown');
    await page.screenshot({ path: `${SHOTS}/build-cache-details.png` });
    await expectAccessible(page, 'build-cache-details');
    await page.getByTestId('bc-filter-type').selectOption('');
    await expect.poll(async () => (await order()).length).toBe(raw.length);
    expect(problems).toEqual([]);
  }, 120_000);

  it('lists the records with totals, previews a prune exactly, and deletes exactly that', async () => {
    const raw = await rawDf(daemon.socketPath);
    const mounts = raw.filter((r) => r.Type === 'exec.cachemount' && !r.InUse && !r.Shared);
    expect(mounts.length).toBe(2);

    await page.goto(app.web.url);
    await page.getByTestId('nav-build-cache').click();
    await page.getByRole('grid', { name: 'Build cache records' }).waitFor();
    expect(await rowIds()).toEqual(raw.map((r) => r.ID).sort());
    expect(await page.getByTestId('bc-total-all').textContent()).toContain(`${raw.length} records`);
    expect(await page.getByTestId('bc-type').count()).toBe(new Set(raw.map((r) => r.Type)).size);
    expect(await page.getByTestId('bc-computed').textContent()).toMatch(/^Computed at /);
    // Hangar did not run these builds: no record names an artifact.
    expect(await page.getByTestId('bc-row').filter({ hasText: 'unknown' }).count()).toBe(
      raw.length,
    );
    expect(await page.locator('[data-testid="bc-row"][data-state="reclaimable"]').count()).toBe(
      raw.filter((r) => !r.InUse && !r.Shared).length,
    );
    await page.screenshot({ path: `${SHOTS}/build-cache.png` });
    await expectAccessible(page, 'build-cache');

    await page.getByTestId('bc-prune').click();
    const dialog = page.getByTestId('bc-prune-dialog');
    await dialog.waitFor();
    await page.getByTestId('bc-prune-type').selectOption('exec.cachemount');
    const previewRows = page.getByTestId('bc-prune-preview-row');
    await expect.poll(() => previewRows.count()).toBe(mounts.length);
    const previewIds = (
      await previewRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id') ?? ''))
    ).sort();
    expect(previewIds).toEqual(mounts.map((r) => r.ID).sort());
    const confirm = page.getByTestId('bc-prune-confirm');
    await expect.poll(() => confirm.isEnabled()).toBe(true);
    expect(await confirm.textContent()).toMatch(/^Delete 2 build cache records, /);
    await page.screenshot({ path: `${SHOTS}/build-cache-prune-preview.png` });
    await expectAccessible(page, 'build-cache-prune-preview');

    // A size that is not one refuses to preview, in words.
    await page.getByTestId('bc-prune-keep').fill('lots');
    expect(await dialog.textContent()).toContain('“lots” is not a size');
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByTestId('bc-prune-keep').fill('');
    await expect.poll(() => previewRows.count()).toBe(mounts.length);
    await expect.poll(() => confirm.isEnabled()).toBe(true);

    await confirm.click();
    const report = page.getByTestId('bc-prune-report');
    await report.waitFor();
    const deleted = (
      await page
        .getByTestId('bc-report-deleted-item')
        .evaluateAll((items) => items.map((i) => i.getAttribute('data-id') ?? ''))
    ).sort();
    expect(deleted).toEqual(previewIds);
    expect(await page.getByTestId('bc-prune-report-headline').textContent()).toMatch(
      /^Deleted 2 records; the daemon reclaimed /,
    );
    await page.screenshot({ path: `${SHOTS}/build-cache-prune-report.png` });
    await expectAccessible(page, 'build-cache-prune-report');

    // The daemon holds exactly the records before minus the preview's.
    const left = raw
      .map((r) => r.ID)
      .filter((id) => !previewIds.includes(id))
      .sort();
    const after = await eventually(
      async () => (await rawDf(daemon.socketPath)).map((r) => r.ID).sort(),
      (ids) => ids.length === left.length,
      10_000,
    );
    expect(after).toEqual(left);

    await page.getByTestId('bc-prune-close').click();
    await expect.poll(rowIds).toEqual(left);
    expect(await page.getByTestId('bc-total-all').textContent()).toContain(
      `${left.length} records`,
    );
    await page.screenshot({ path: `${SHOTS}/build-cache-after.png` });
    expect(problems).toEqual([]);
  }, 120_000);

  it('keeps under a limit through the policy form, logs it and charts it', async () => {
    const raw = await rawDf(daemon.socketPath);
    // The keep-under policy: off by default, then a limit under the current size.
    expect(await page.getByTestId('bc-policy-state').textContent()).toMatch(/^Off/);
    expect(await page.getByTestId('bc-policy').textContent()).toContain('builder.gc');
    const total = raw.reduce((sum, r) => sum + r.Size, 0);
    const limit = Math.max(1, total - 150_000);
    await page.getByTestId('bc-policy-size').fill(String(limit));
    await page.getByTestId('bc-policy-save').click();
    await expect
      .poll(() => page.getByTestId('bc-policy-state').textContent())
      .toMatch(/^On: least recently used records go/);
    // A new limit is checked at once: the page says what went and the log shows it.
    await expect
      .poll(() => page.getByTestId('bc-policy-said').textContent())
      .toMatch(/^Saved: keep the build cache under .*\. Deleted \d+ records?, /);
    const entry = page.locator('[data-testid="bc-log-entry"][data-origin="policy"]').first();
    await entry.waitFor();
    await entry.locator('summary').click();
    const gone = (
      await entry
        .locator('.bc-log-records code')
        .evaluateAll((codes) => codes.map((c) => c.textContent ?? ''))
    ).filter((id) => id.length === 12);
    expect(gone.length).toBeGreaterThan(0);
    // The daemon no longer has them, and the cache is within the limit.
    const after = await eventually(
      () => rawDf(daemon.socketPath),
      (list) => !list.some((r) => gone.includes(r.ID.slice(0, 12))),
      10_000,
    );
    expect(after.some((r) => gone.includes(r.ID.slice(0, 12)))).toBe(false);
    expect(after.reduce((sum, r) => sum + r.Size, 0)).toBeLessThanOrEqual(limit);
    // Checked again now: within the limit, nothing more goes.
    await page.getByTestId('bc-policy-check').click();
    await expect
      .poll(() => page.getByTestId('bc-policy-said').textContent())
      .toMatch(/^Within the limit: /);

    // The growth chart has readings and marks the policy's prune.
    await expect.poll(() => page.getByTestId('bc-growth-point').count()).toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('[data-testid="bc-growth-mark"][data-kind="policy"]').count())
      .toBeGreaterThan(0);
    // The keyboard: Home shows the first reading, Escape hides it.
    const growthSvg = page.getByTestId('bc-growth').locator('svg');
    await growthSvg.focus();
    await page.keyboard.press('Home');
    await page.getByTestId('bc-growth-tooltip').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('bc-growth-tooltip').waitFor({ state: 'detached' });
    await growthSvg.blur();
    await page.getByTestId('bc-growth-point').last().hover();
    await page.getByTestId('bc-growth-tooltip').waitFor();
    await page.screenshot({ path: `${SHOTS}/build-cache-policy.png` });
    await expectAccessible(page, 'build-cache-policy');
    expect(problems).toEqual([]);
  }, 120_000);
});

describe('Build cache page on Podman', () => {
  let app: AppSession;
  let page: Page;
  const problems: string[] = [];
  captureFailures(SHOTS, () => page, problems);

  beforeAll(async () => {
    app = await startAppSession(sharedPodman().host, {
      problems,
      shots: SHOTS,
      via: 'DOCKER_HOST',
    });
    page = app.page;
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
  });

  it('says Podman keeps no BuildKit cache and offers no prune', async () => {
    await page.goto(app.web.url);
    await page.getByTestId('nav-build-cache').click();
    const words = page.getByTestId('bc-unsupported');
    await words.waitFor();
    expect(await words.textContent()).toContain('Podman keeps no BuildKit build cache');
    expect(await page.getByTestId('bc-prune').isDisabled()).toBe(true);
    expect(await page.getByTestId('bc-totals').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/build-cache-podman.png` });
    await expectAccessible(page, 'build-cache-podman');
    expect(problems).toEqual([]);
  }, 60_000);
});
