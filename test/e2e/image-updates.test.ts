/**
 * Updates, Save… and Load… end to end: the real renderer in Chromium, served by `hangar web` (the
 * real CLI) over a private dockerd, with another private dockerd publishing to the shared registry.
 * An image pulled from the registry reads up to date; after a new image is pushed under its tag,
 * Check for updates shows update available and the filter chip finds it; Pull update makes it up to
 * date; Save… of it downloads a `docker save` archive, and Load… of that archive (after the image is
 * removed) brings the tag back and says so, while a file that is no archive is refused in words;
 * the update check settings are read and changed in their popover, a bad value refused as typed.
 * Screenshots land in test-results/image-updates/.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startPrivateDaemon, type PrivateDaemon } from '../harness/daemon.js';
import { buildScratchImage, seedImages } from '../harness/image-tar.js';
import { sharedRegistryHost } from '../harness/shared.js';
import { INVOKE_PATH } from '../../shared/web-protocol.js';
import { startAppSession, type AppSession } from '../support/app-session.js';
import { captureFailures, expectAccessible } from '../support/browser.js';

const SHOTS = 'test-results/image-updates';

describe('image updates, save and load in the browser', () => {
  let publisher: PrivateDaemon;
  let machine: PrivateDaemon;
  let session: AppSession;
  let page: Page;
  let app: string;
  /** The id of the image the registry holds under `app` after the new push. */
  let published = '';
  const problems: string[] = [];
  captureFailures(SHOTS, () => page, problems);

  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: `${SHOTS}/${name}.png` });
    await expectAccessible(page, name);
  };
  const publish = async (): Promise<void> => {
    await buildScratchImage(publisher, { tag: app, files: { a: randomBytes(200_000) } });
    await publisher.docker(['push', app]);
  };
  const appRow = () => page.getByTestId('image-row').filter({ hasText: '/app' });

  beforeAll(async () => {
    [publisher, machine] = await Promise.all([
      startPrivateDaemon({ name: 'updates-e2e-pub' }),
      startPrivateDaemon({ name: 'updates-e2e' }),
    ]);
    app = `${sharedRegistryHost()}/upd-${randomUUID().slice(0, 8)}/app:1`;
    await publish();
    await machine.docker(['pull', app]);
    await seedImages(machine, [{ tags: ['seed/local:1'] }]);
    session = await startAppSession(machine.host, {
      problems,
      shots: SHOTS,
      acceptDownloads: true,
    });
    page = session.page;
    await page.goto(session.web.url);
    await page.getByRole('grid', { name: 'Images' }).waitFor();
  }, 300_000);

  afterAll(async () => {
    await session?.stop();
    await Promise.all([publisher?.destroy(), machine?.destroy()]);
  });

  it('reads up to date, then update available after a new push, and Pull update brings it', async () => {
    const chip = page.getByTestId('chip-updateAvailable');
    expect(await appRow().getByTestId('badge-up-to-date').count()).toBe(0); // nothing checked yet
    await page.getByTestId('check-updates').click();
    await appRow().getByTestId('badge-up-to-date').waitFor({ timeout: 30_000 });
    const local = page.getByTestId('image-row').filter({ hasText: 'seed/local' });
    const unknown = local.getByTestId('badge-update-unknown');
    await unknown.waitFor();
    expect(await unknown.getAttribute('title')).toMatch(/seed\/local:1: no registry digest/);
    expect(await chip.textContent()).toBe('Update available0');
    await shot('01-up-to-date');

    await publish(); // a new app:1 in the registry
    await page.getByTestId('check-updates').click();
    await appRow().getByTestId('badge-update-available').waitFor({ timeout: 30_000 });
    // The registry's image is read for when it was built, which the chip's title says.
    expect(await appRow().getByTestId('badge-update-available').getAttribute('title')).toMatch(
      /^The registry holds a newer image under .+\/app:1, built (just now|.+ ago) \(checked at .+\)$/,
    );
    await expect.poll(() => chip.textContent()).toBe('Update available1');
    await chip.click();
    await expect.poll(() => page.getByTestId('image-row').count()).toBe(1);
    expect(await page.getByTestId('image-row').first().textContent()).toContain('/app');
    await shot('02-update-available');

    const before = (
      await machine.docker(['image', 'inspect', '--format', '{{.Id}}', app])
    ).stdout.trim();
    // On the selection, Pull update names the outdated tags of the selected images.
    const box = appRow().locator('input[type="checkbox"]');
    await box.check();
    const onSelection = page.getByTestId('pull-updates-selected');
    expect(await onSelection.textContent()).toBe('Pull update');
    expect(await onSelection.getAttribute('title')).toBe(`Pull ${app}`);
    await box.uncheck();
    expect(await onSelection.count()).toBe(0);
    await appRow().getByTestId('row-pull-update').click();
    // The pulled image is another one; once the index has it, its tag is checked again.
    await chip.click(); // off: the row must stay in view when it is no longer outdated
    await appRow().getByTestId('badge-up-to-date').waitFor({ timeout: 60_000 });
    const after = (
      await machine.docker(['image', 'inspect', '--format', '{{.Id}}', app])
    ).stdout.trim();
    expect(after).not.toBe(before);
    published = (
      await publisher.docker(['image', 'inspect', '--format', '{{.Id}}', app])
    ).stdout.trim();
    expect(after).toBe(published);
    await expect.poll(() => chip.textContent()).toBe('Update available0');
    await shot('03-pulled');
    expect(problems).toEqual([]);
  });

  it('saves the selection as a download and loads it back, reporting the tags', async () => {
    // The image the update replaced is still here, untagged: the row of the pulled one, by its id.
    const pulledRow = () =>
      page.getByTestId('image-row').filter({ hasText: published.slice(7, 19) });
    await pulledRow().locator('input[type="checkbox"]').check();
    await page.getByTestId('save-open').click();
    const dialog = page.getByTestId('save-dialog');
    expect(await dialog.getByTestId('save-names').textContent()).toBe(app);
    await shot('04-save');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByTestId('save-download').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/_app_1\.tar$/);
    const archive = `${SHOTS}/app.tar`;
    await download.saveAs(archive);
    expect(await download.failure()).toBeNull();
    expect(statSync(archive).size).toBeGreaterThan(200_000);
    expect(execFileSync('tar', ['-tf', archive], { encoding: 'utf8' })).toContain('manifest.json');
    await dialog.locator('button.button', { hasText: 'Close' }).click();

    await machine.docker(['rmi', app]);
    await expect.poll(() => pulledRow().count()).toBe(0);
    await page.getByTestId('load-open').click();
    const load = page.getByTestId('load-dialog');
    const notArchive = `${SHOTS}/not-an-archive.tar`;
    writeFileSync(notArchive, 'this is not a tar archive\n'.repeat(100));
    await load.getByTestId('load-file').setInputFiles(notArchive);
    await load.getByTestId('load-start').click();
    const error = load.getByTestId('load-error');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.textContent()).toMatch(/not an image archive|archive/i);
    expect(await load.getByTestId('load-outcome').count()).toBe(0);
    // The one failed request the page made on purpose; anything else is a problem.
    expect(problems).toEqual(['response: 400 POST /api/images/load']);
    problems.length = 0;
    await shot('05-load-refused');

    await load.getByTestId('load-file').setInputFiles(archive);
    await load.getByTestId('load-start').click();
    const outcome = load.getByTestId('load-outcome');
    await outcome.waitFor({ timeout: 60_000 });
    expect(await outcome.textContent()).toBe(`Loaded 1 tag: ${app}.`);
    await shot('06-loaded');
    await load.locator('button.button', { hasText: 'Close' }).click();
    await pulledRow().waitFor();
    expect(problems).toEqual([]);
  });

  it('reads and changes the update check settings in their popover, refusing a bad value', async () => {
    const settingsInCore = () =>
      page.evaluate(async (path) => {
        const r = await fetch(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ args: [] }),
        });
        return (await r.json()) as unknown;
      }, `${INVOKE_PATH}images:updateSettings`);
    expect(await settingsInCore()).toEqual({
      ok: true,
      value: { maxAgeMinutes: 360, background: false, concurrency: 8 },
    });

    await page.getByTestId('update-settings-open').click();
    const form = page.getByTestId('update-settings-form');
    await form.waitFor();
    const age = form.getByTestId('update-settings-age');
    const background = form.getByTestId('update-settings-background');
    const concurrency = form.getByTestId('update-settings-concurrency');
    const save = form.getByTestId('update-settings-save');
    expect(await age.inputValue()).toBe('360');
    expect(await background.isChecked()).toBe(false);
    expect(await concurrency.inputValue()).toBe('8');

    await concurrency.fill('0');
    expect(await form.getByRole('alert').textContent()).toBe('concurrency is at least 1.');
    expect(await concurrency.getAttribute('aria-invalid')).toBe('true');
    expect(await save.isDisabled()).toBe(true);
    await shot('07-update-settings-refused');

    await age.fill('90');
    await background.check();
    await concurrency.fill('4');
    expect(await form.getByRole('alert').count()).toBe(0);
    await shot('08-update-settings');
    await save.click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(settingsInCore).toEqual({
      ok: true,
      value: { maxAgeMinutes: 90, background: true, concurrency: 4 },
    });

    // Opened again, the form starts from what the core keeps; Escape leaves it unchanged.
    await page.getByTestId('update-settings-open').click();
    expect(await age.inputValue()).toBe('90');
    expect(await background.isChecked()).toBe(true);
    expect(await concurrency.inputValue()).toBe('4');
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
  });
});
