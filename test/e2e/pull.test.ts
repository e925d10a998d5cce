/**
 * Pull… end to end: the real renderer in Chromium, served by `hangar web` (the real CLI) over a
 * private dockerd and a private registry. The reference is checked as it is typed and shown
 * normalised, the pull runs with its layers' progress, and its outcome says what came down; the
 * image appears in the table. Screenshots land in test-results/pull/.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startPrivateDaemon, type PrivateDaemon } from '../harness/daemon.js';
import { buildScratchImage, seedImages } from '../harness/image-tar.js';
import { startRegistry, type TestRegistry } from '../harness/registry.js';
import { startAppSession, type AppSession } from '../support/app-session.js';
import { captureFailures, expectAccessible } from '../support/browser.js';

const SHOTS = 'test-results/pull';

describe('Pull… in the browser', () => {
  let daemon: PrivateDaemon;
  let registry: TestRegistry;
  let app: AppSession;
  let page: Page;
  let ref: string;
  const problems: string[] = [];
  captureFailures(SHOTS, () => page, problems);

  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: `${SHOTS}/${name}.png` });
    await expectAccessible(page, name);
  };

  beforeAll(async () => {
    [daemon, registry] = await Promise.all([
      startPrivateDaemon({ name: 'pull-e2e' }),
      startRegistry(),
    ]);
    ref = `${registry.host}/team/app:1`;
    await buildScratchImage(daemon, {
      tag: ref,
      dockerfile: 'FROM scratch\nCOPY a /a\nCOPY b /b\n',
      files: { a: randomBytes(4_000_000), b: randomBytes(4_000_000) },
    });
    await daemon.docker(['push', ref]);
    await daemon.docker(['rmi', ref]);
    await seedImages(daemon, [{ tags: ['seed/one:1'] }]); // an empty engine shows no table
    app = await startAppSession(daemon.host, {
      problems,
      shots: SHOTS,
    });
    page = app.page;
    await page.goto(app.web.url);
    await page.getByRole('grid', { name: 'Images' }).waitFor();
  }, 300_000);

  afterAll(async () => {
    await app?.stop();
    await registry?.stop();
    await daemon?.destroy();
  });

  it('checks the reference as typed, pulls with progress, and says what came down', async () => {
    await page.getByTestId('pull-open').click();
    const dialog = page.getByTestId('pull-dialog');
    const input = dialog.getByTestId('pull-ref');
    await input.fill('Bad//Name');
    await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.getByTestId('pull-start').isDisabled()).toBe(true);
    await input.fill('postgres');
    await expect
      .poll(() => dialog.textContent())
      .toContain('Pulls docker.io/library/postgres:latest');
    await shot('01-pull-dialog');

    await input.fill(ref);
    await dialog.getByTestId('pull-start').click();
    const outcome = dialog.getByTestId('pull-outcome');
    await outcome.waitFor({ timeout: 60_000 });
    expect(await outcome.textContent()).toMatch(
      new RegExp(
        `^Pulled ${ref.replace(/[.]/g, '\\.')}: sha256:[a-f0-9]{64}, 2 new layers, 0 already here\\.$`,
      ),
    );
    await shot('02-pull-done');
    const id = (
      await daemon.docker(['image', 'inspect', '--format', '{{.Id}}', ref])
    ).stdout.trim();
    expect(id).toMatch(/^sha256:/);

    await dialog.locator('button.button', { hasText: 'Close' }).click();
    await page.getByLabel('Filter images').fill('team/app');
    await expect
      .poll(() => page.getByTestId('image-row').first().textContent())
      .toContain('team/app');
    expect(problems).toEqual([]);
  });
});
